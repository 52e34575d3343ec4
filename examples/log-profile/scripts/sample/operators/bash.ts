import type { Ending, ScenarioContext } from '../context';
import { uniform, withCommas } from '../random-helpers';
import { airflowFrame, frameworkFrames } from '../traceback';
import { failWithTraceback, logicalDs, stablePick } from './shared';

const outputSource = 'subprocess.py:93';

/** The command line the BashOperator task runs, stable per task. */
export function bashCommand(context: ScenarioContext): string {
  const { task, deployment } = context;
  const ds = logicalDs(context);
  const scripts = `${deployment.dagsFolder}/${task.company.slug}_common/scripts`;
  return stablePick(context, 'bash-command', [
    `bash ${scripts}/${task.taskId}.sh ${ds}`,
    `set -euo pipefail; python3 -m ${task.company.slug}_jobs.${task.taskId} --ds ${ds} --env prod`,
    `${scripts}/run_with_lock.sh ${task.taskId} -- python3 ${scripts}/${task.taskId}.py ${ds}`,
  ]);
}

/** Lines the BashOperator writes before the command's output. */
export function startBash(context: ScenarioContext): void {
  const { log } = context;
  log.info('subprocess.py:63', 'Tmp dir root location: /tmp');
  log.info(
    'subprocess.py:75',
    `Running command: ['/usr/bin/bash', '-c', '${bashCommand(context)}']`,
  );
  log.info('subprocess.py:86', 'Output:');
}

/** Writes lines of the command's output (stdout and stderr merged, as Airflow logs them). */
function bashOutput(context: ScenarioContext, lines: readonly string[]): void {
  for (const line of lines) {
    context.log.advance(context.rng.int(0, 1500));
    context.log.info(outputSource, line);
  }
}

/** Ordinary output of a shell job: uploads, step markers, record counts. */
export function bashProgress(context: ScenarioContext, count: number): void {
  const { rng, log, task } = context;
  const ds = logicalDs(context);
  const style = rng.int(0, 2);
  const table = rng.choice(task.company.tables);
  log.pace(rng, count, log.remainingMs * uniform(rng, 0.4, 0.9), (index) => {
    if (style === 0) {
      const part = `part-${index.toString().padStart(5, '0')}-${table}.csv.gz`;
      log.info(
        outputSource,
        `upload: ../../tmp/export_${ds}/${part} to s3://${task.company.bucket}/exports/${table}/${ds}/${part}`,
      );
    } else if (style === 1) {
      log.info(
        outputSource,
        `[${new Date(log.startMs + log.offsetMs).toISOString().slice(0, 19).replace('T', ' ')}] ${table}: processed ${withCommas((index + 1) * rng.int(8000, 12_000))} records`,
      );
    } else {
      log.info(
        outputSource,
        `${rng.choice(['INFO', 'INFO', 'INFO', 'DEBUG'])} ${task.company.slug}_jobs.${task.taskId}: step ${index + 1}: ${rng.choice(['read', 'transform', 'write', 'verify'])} ${table} chunk ${index + 1} ok (${uniform(rng, 0.2, 6).toFixed(2)}s)`,
      );
    }
  });
}

/**
 * Fails a BashOperator task: writes `output`, "Command exited with return code", and
 * the operator's `AirflowException`.
 */
export function failBash(
  context: ScenarioContext,
  output: readonly string[],
  exitCode: number,
): Ending {
  const { log, rng, deployment } = context;
  bashOutput(context, output);
  log.moveTo(log.durationMs - rng.int(200, 900));
  log.info('subprocess.py:97', `Command exited with return code ${exitCode}`);
  const minor = deployment.release.minor;
  const bashLine = minor >= 10 ? 249 : minor >= 9 ? 243 : minor >= 8 ? 212 : 210;
  return failWithTraceback(context, [
    {
      frames: [
        ...frameworkFrames(context),
        airflowFrame(context, 'operators/bash.py', bashLine, 'execute', 'raise AirflowException('),
      ],
      exception: `airflow.exceptions.AirflowException: Bash command failed. The command returned a non-zero exit code ${exitCode}.`,
    },
  ]);
}
