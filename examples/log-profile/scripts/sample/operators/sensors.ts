import type { Ending, ScenarioContext } from '../context';
import { uniform } from '../random-helpers';
import { airflowFrame, frameworkFrames } from '../traceback';
import { connectionId, failWithTraceback, logicalDs, stablePick, usingConnection } from './shared';
import { s3Prefix } from './sql';

/** The endpoint an HttpSensor polls, stable per task. */
export function sensorEndpoint(context: ScenarioContext): string {
  return stablePick(context, 'endpoint', [
    '/v1/status',
    '/api/health',
    `/reports/${logicalDs(context)}/ready`,
    `/v2/exports?date=${logicalDs(context)}&state=complete`,
  ]);
}

/** The S3 key an S3KeySensor waits for, stable per task. */
function sensorKey(context: ScenarioContext): string {
  return `${s3Prefix(context)}${stablePick(context, 'marker', ['_SUCCESS', 'manifest.json', 'part-00000.csv.gz'])}`;
}

/** The upstream DAG and task an ExternalTaskSensor waits for, stable per task. */
function externalTarget(context: ScenarioContext): { dagId: string; taskId: string } {
  const { company, dag } = context.task;
  const others = company.dags.filter((candidate) => candidate.dagId !== dag.dagId);
  const upstream = stablePick(context, 'external-dag', others);
  const last = upstream.tasks[upstream.tasks.length - 1];
  return { dagId: upstream.dagId, taskId: last?.[0] ?? 'end' };
}

function logicalIso(context: ScenarioContext): string {
  return context.task.logicalDate.toISOString().replace('.000Z', '+00:00');
}

/** Writes one poke of the task's sensor. */
export function poke(context: ScenarioContext, first: boolean): void {
  const { log, task } = context;
  if (task.operator === 'HttpSensor') {
    log.info('http.py:137', `Poking: ${sensorEndpoint(context)}`);
    usingConnection(context, 'http');
  } else if (task.operator === 'S3KeySensor') {
    log.info('s3.py:117', `Poking for key : ${sensorKey(context)}`);
    if (first) {
      usingConnection(context, 'aws');
      log.info(
        'connection_wrapper.py:378',
        `AWS Connection (conn_id='${connectionId(context, 'aws')}', conn_type='aws') credentials retrieved from login and password.`,
      );
    }
  } else {
    const target = externalTarget(context);
    log.info(
      'external_task.py:274',
      `Poking for tasks ['${target.taskId}'] in dag ${target.dagId} on ${logicalIso(context)} ... `,
    );
  }
}

/** Lines a sensor writes at its start: its first poke. */
export function startSensor(context: ScenarioContext): void {
  poke(context, true);
}

/**
 * Pokes spread over most of the attempt. The poke interval follows from the duration
 * and the wanted number of lines, within what DAG authors set (30 s to 15 min).
 */
export function sensorProgress(context: ScenarioContext, count: number): void {
  const { log, rng } = context;
  const spanMs = log.remainingMs - 2000;
  const intervalMs = Math.min(900_000, Math.max(30_000, spanMs / Math.max(1, count)));
  const pokes = Math.floor(spanMs / (intervalMs + 450));
  for (let index = 0; index < pokes; index += 1) {
    log.advance(intervalMs + rng.int(0, 900));
    poke(context, false);
  }
}

function sensorExecuteLine(context: ScenarioContext): number {
  return [269, 274, 289, 310, 336][context.deployment.release.minor - 6] ?? 289;
}

/**
 * The timeout that ended an attempt whose duration is a whole number of minutes plus
 * the seconds Airflow needs to notice: the duration rounded down to the minute.
 */
export function configuredTimeoutS(context: ScenarioContext): number {
  return Math.floor(context.log.durationMs / 60_000) * 60;
}

/** Fails a sensor that did not succeed within `timeoutS`; Airflow does not retry this. */
export function failSensorTimeout(context: ScenarioContext, timeoutS: number): Ending {
  const { log } = context;
  const elapsed = Math.max(
    timeoutS + 0.01,
    log.durationMs / 1000 - uniform(context.rng, 0.2, 1.5),
  ).toFixed(6);
  return failWithTraceback(
    context,
    [
      {
        frames: [
          ...frameworkFrames(context),
          airflowFrame(
            context,
            'sensors/base.py',
            sensorExecuteLine(context),
            'execute',
            'raise AirflowSensorTimeout(message)',
          ),
        ],
        exception: `airflow.exceptions.AirflowSensorTimeout: Sensor has timed out; run duration of ${elapsed} seconds exceeds the specified timeout of ${timeoutS.toFixed(1)}.`,
      },
    ],
    { noRetry: true },
  );
}

/** Fails an ExternalTaskSensor whose upstream task ended in a failed state. */
export function failExternalTask(context: ScenarioContext): Ending {
  const target = externalTarget(context);
  return failWithTraceback(context, [
    {
      frames: [
        ...frameworkFrames(context),
        airflowFrame(
          context,
          'sensors/base.py',
          sensorExecuteLine(context) - 24,
          'execute',
          'poke_return = self.poke(context)',
        ),
        airflowFrame(
          context,
          'utils/session.py',
          79,
          'wrapper',
          'return func(*args, session=session, **kwargs)',
        ),
        airflowFrame(
          context,
          'sensors/external_task.py',
          331,
          'poke',
          'self._handle_failed_states(count_failed)',
        ),
        airflowFrame(
          context,
          'sensors/external_task.py',
          365,
          '_handle_failed_states',
          'raise AirflowException(',
        ),
      ],
      exception: `airflow.exceptions.AirflowException: The external task ${target.taskId} in DAG ${target.dagId} failed.`,
    },
  ]);
}
