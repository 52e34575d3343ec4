import type { Ending, ScenarioContext } from './context';
import { alphanumeric, chance, hex, weighted } from './random-helpers';
import { formatTraceback } from './traceback';

/** `2024-04-30 00:00:00+00:00`, as Airflow prints a logical date in "Executing <Task…> on". */
function spacedDate(date: Date, microseconds: string): string {
  const iso = date.toISOString();
  const fraction = microseconds === '000000' ? '' : `.${microseconds}`;
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction}+00:00`;
}

/** `2024-04-30T00:00:00+00:00`, Python's `isoformat()` of a UTC datetime. */
export function pythonIsoDate(date: Date, microseconds: string): string {
  return spacedDate(date, microseconds).replace(' ', 'T');
}

/** `20240430T000000`, as in "Marking task as FAILED. … execution_date=…". */
function compactDate(date: Date): string {
  return date.toISOString().slice(0, 19).replace(/[-:]/g, '');
}

function taskInstance(context: ScenarioContext, state: string): string {
  const { task } = context;
  return `<TaskInstance: ${task.dag.dagId}.${task.taskId} ${task.runId} [${state}]>`;
}

/** The lines the log viewer puts above a log it read from local disk or remote storage. */
export function writeViewerHeader(context: ScenarioContext): void {
  const { rng, task, log } = context;
  const path = `dag_id=${task.dag.dagId}/run_id=${task.runId}/task_id=${task.taskId}/attempt=${task.tryNumber}.log`;
  const style = weighted(rng, [
    ['local', 3],
    ['s3', 2],
    ['gcs', 1],
  ] as const);
  if (style === 'local') {
    log.raw(`*** Found local files:\n***   * /opt/airflow/logs/${path}`);
  } else if (style === 's3') {
    log.raw(`*** Found logs in s3:\n***   * s3://${task.company.bucket}-logs/airflow/${path}`);
  } else {
    log.raw(`*** Found remote logs:\n***   * gs://${task.company.slug}-airflow-logs/logs/${path}`);
  }
}

/** Airflow's preamble: dependency checks, attempt number, process start, host and context. */
export function writePreamble(context: ScenarioContext): void {
  const { log, rng, task, deployment } = context;
  const lines = deployment.release.taskInstance;
  const [started, running, job] = deployment.release.standardTaskRunner;
  const step = (): void => log.advance(rng.int(5, 400));
  if (deployment.executor === 'KubernetesExecutor') {
    log.info(
      'dagbag.py:545',
      `Filling up the DagBag from ${deployment.dagsFolder}/${task.dag.file}`,
    );
    step();
  }
  log.info(
    `taskinstance.py:${lines.depsMet}`,
    `Dependencies all met for dep_context=non-requeueable deps ti=${taskInstance(context, 'queued')}`,
  );
  log.info(
    `taskinstance.py:${lines.depsMet}`,
    `Dependencies all met for dep_context=requeueable deps ti=${taskInstance(context, 'queued')}`,
  );
  const attempt = `Starting attempt ${task.tryNumber} of ${task.maxTries + 1}`;
  if (deployment.release.attemptSeparators) {
    const separator = `\n${'-'.repeat(80)}`;
    log.info(`taskinstance.py:${lines.startingAttempt - 1}`, separator);
    log.info(`taskinstance.py:${lines.startingAttempt}`, attempt);
    log.info(`taskinstance.py:${lines.startingAttempt + 1}`, separator);
  } else {
    log.info(`taskinstance.py:${lines.startingAttempt}`, attempt);
  }
  const microseconds = task.runId.match(/\.(\d{6})\+/)?.[1] ?? '000000';
  log.info(
    `taskinstance.py:${lines.executing}`,
    `Executing <Task(${task.operator}): ${task.taskId}> on ${spacedDate(task.logicalDate, microseconds)}`,
  );
  step();
  log.info(`standard_task_runner.py:${started}`, `Started process ${deployment.pid} to run task`);
  log.info(
    `standard_task_runner.py:${running}`,
    `Running: ['airflow', 'tasks', 'run', '${task.dag.dagId}', '${task.taskId}', '${task.runId}', '--job-id', '${deployment.jobId}', '--raw', '--subdir', 'DAGS_FOLDER/${task.dag.file}', '--cfg-path', '/tmp/tmp${alphanumeric(rng, 8)}']`,
  );
  log.info(`standard_task_runner.py:${job}`, `Job ${deployment.jobId}: Subtask ${task.taskId}`);
  step();
  if (chance(rng, 0.2)) {
    log.warning(
      `logging_mixin.py:${deployment.release.loggingMixin}`,
      `${deployment.dagsFolder}/${task.dag.file}:${rng.int(20, 90)} RemovedInAirflow3Warning: Param \`schedule_interval\` is deprecated and will be removed in a future release. Please use \`schedule\` instead.`,
    );
  }
  log.info(
    `task_command.py:${deployment.release.taskCommand}`,
    `Running ${taskInstance(context, 'running')} on host ${deployment.hostname}`,
  );
  step();
  const email = chance(rng, 0.4) ? `AIRFLOW_CTX_DAG_EMAIL='${task.company.alertEmail}' ` : '';
  const logicalIso = pythonIsoDate(task.logicalDate, microseconds);
  log.info(
    `taskinstance.py:${lines.exportEnv}`,
    `Exporting env vars: ${email}AIRFLOW_CTX_DAG_OWNER='${rng.choice(task.company.owners)}' AIRFLOW_CTX_DAG_ID='${task.dag.dagId}' AIRFLOW_CTX_TASK_ID='${task.taskId}' AIRFLOW_CTX_EXECUTION_DATE='${logicalIso}' AIRFLOW_CTX_TRY_NUMBER='${task.tryNumber}' AIRFLOW_CTX_DAG_RUN_ID='${task.runId}'`,
  );
  step();
}

type NoiseKind =
  | 'context-deprecation'
  | 'pandas-sql'
  | 'future-warning'
  | 'crypto'
  | 'credentials'
  | 'numexpr'
  | 'insecure'
  | 'retrying'
  | 'settings';

/** One neutral line: deprecation warnings, credential discovery, library chatter. */
function writeNoiseLine(context: ScenarioContext, kind: NoiseKind): void {
  const { log, rng, deployment, task } = context;
  const mixin = `logging_mixin.py:${deployment.release.loggingMixin}`;
  const site = deployment.sitePackages;
  switch (kind) {
    case 'context-deprecation':
      log.warning(
        mixin,
        `${site}/airflow/utils/context.py:${rng.int(200, 320)} AirflowContextDeprecationWarning: Accessing 'execution_date' from the template is deprecated and will be removed in a future version. Please use 'data_interval_start' or 'logical_date' instead.`,
      );
      break;
    case 'pandas-sql':
      log.warning(
        mixin,
        `${site}/pandas/io/sql.py:${rng.int(700, 900)}: UserWarning: pandas only supports SQLAlchemy connectable (engine/connection) or database string URI or sqlite3 DBAPI2 connection. Other DBAPI2 objects are not tested. Please consider using SQLAlchemy.\n  return pandas_sql.read_query(`,
      );
      break;
    case 'future-warning':
      log.warning(
        mixin,
        `${site}/pandas/core/${rng.choice(['frame.py', 'generic.py', 'groupby/groupby.py'])}:${rng.int(1000, 9000)}: FutureWarning: ${rng.choice(
          [
            'DataFrame.applymap has been deprecated. Use DataFrame.map instead.',
            'The default of observed=False is deprecated and will be changed to True in a future version of pandas. Pass observed=False to retain current behavior or observed=True to adopt the future default and silence this warning.',
            'Downcasting object dtype arrays on .fillna, .ffill, .bfill is deprecated and will change in a future version.',
          ],
        )}`,
      );
      break;
    case 'crypto':
      log.warning('crypto.py:82', 'empty cryptography key - values will not be stored encrypted.');
      break;
    case 'credentials':
      log.info(
        `credentials.py:${rng.choice([1123, 1255, 1278])}`,
        rng.choice([
          'Found credentials in environment variables.',
          `Found credentials from IAM Role: ${task.company.slug}-airflow-worker`,
          'Found credentials in shared credentials file: ~/.aws/credentials',
        ]),
      );
      break;
    case 'numexpr':
      log.info('utils.py:160', `NumExpr defaulting to ${rng.choice([4, 8, 16])} threads.`);
      break;
    case 'insecure':
      log.warning(
        mixin,
        `${site}/urllib3/connectionpool.py:1103: InsecureRequestWarning: Unverified HTTPS request is being made to host '${task.company.partnerApiHost}'. Adding certificate verification is strongly advised. See: https://urllib3.readthedocs.io/en/latest/advanced-usage.html#tls-warnings`,
      );
      break;
    case 'retrying':
      log.warning(
        'connectionpool.py:872',
        `Retrying (Retry(total=${rng.int(1, 4)}, connect=None, read=None, redirect=None, status=None)) after connection broken by 'RemoteDisconnected('Remote end closed connection without response')': /v2/${rng.choice(task.company.tables)}?page=${rng.int(2, 90)}`,
      );
      break;
    case 'settings':
      log.info(
        mixin,
        `Loaded ${rng.int(8, 60)} settings for env=prod (config hash ${hex(rng, 7)})`,
      );
      break;
  }
}

/** Writes up to `count` neutral lines of different kinds, a few hundred milliseconds apart. */
export function writeNoise(context: ScenarioContext, count: number): void {
  const { rng, task, log } = context;
  // Library chatter only shows up where the task's own Python code runs in the worker.
  const python = [
    'PythonOperator',
    '_PythonDecoratedOperator',
    'SimpleHttpOperator',
    'HttpSensor',
  ].includes(task.operator);
  const candidates: Array<readonly [NoiseKind, number]> = [
    ['context-deprecation', 3],
    ['crypto', 1],
    ['credentials', 3],
    ['settings', 2],
  ];
  if (python) {
    candidates.push(
      ['pandas-sql', 2],
      ['future-warning', 2],
      ['numexpr', 1],
      ['insecure', 1],
      ['retrying', 1],
    );
  }
  for (let index = 0; index < count && candidates.length > 0; index += 1) {
    const kind = weighted(rng, candidates);
    candidates.splice(
      candidates.findIndex(([candidate]) => candidate === kind),
      1,
    );
    log.advance(rng.int(1, 600));
    writeNoiseLine(context, kind);
  }
}

function writeAlerts(context: ScenarioContext): void {
  const { log, rng, task, deployment } = context;
  const choice = weighted(rng, [
    ['none', 80],
    ['email', 10],
    ['email-failed', 3],
    ['slack', 7],
  ] as const);
  if (choice === 'email') {
    log.info('email.py:269', 'Email alerting: attempt 1');
    log.info('email.py:281', `Sent an alert email to ['${task.company.alertEmail}']`);
  } else if (choice === 'email-failed') {
    log.error(
      `taskinstance.py:${deployment.release.taskInstance.emailAlert}`,
      `Failed to send email to: ['${task.company.alertEmail}']`,
    );
    const stdlib = `/usr/local/lib/python${deployment.pythonVersion}`;
    log.raw(
      formatTraceback(
        [
          {
            frames: [
              {
                file: `${deployment.sitePackages}/airflow/utils/email.py`,
                line: 271,
                func: 'send_mime_email',
                code: 'smtp_conn = _get_smtp_connection(smtp_host, smtp_port, smtp_timeout, smtp_ssl)',
              },
              {
                file: `${deployment.sitePackages}/airflow/utils/email.py`,
                line: 316,
                func: '_get_smtp_connection',
                code: 'return smtplib.SMTP(host=host, port=port, timeout=timeout)',
              },
              {
                file: `${stdlib}/smtplib.py`,
                line: 255,
                func: '__init__',
                code: '(code, msg) = self.connect(host, port)',
              },
              {
                file: `${stdlib}/smtplib.py`,
                line: 341,
                func: 'connect',
                code: 'self.sock = self._get_socket(host, port, self.timeout)',
              },
              {
                file: `${stdlib}/socket.py`,
                line: 851,
                func: 'create_connection',
                code: 'raise exceptions[0]',
              },
            ],
            exception: 'ConnectionRefusedError: [Errno 111] Connection refused',
          },
        ],
        deployment.pythonVersion,
      ),
    );
  } else if (choice === 'slack') {
    log.info(
      `logging_mixin.py:${deployment.release.loggingMixin}`,
      `Sending failure alert for ${task.dag.dagId}.${task.taskId} to #${task.company.slug}-data-alerts`,
    );
    log.info(
      deployment.release.minor >= 7 ? 'base.py:83' : 'base.py:73',
      "Using connection ID 'slack_alerts' for task execution.",
    );
  }
}

/** Airflow's closing lines: how the task is marked, the runner's exit, the follow-on check. */
export function writeClosing(context: ScenarioContext, ending: Ending): void {
  if (ending.kind === 'cut') return;
  const { log, rng, task, deployment } = context;
  const release = deployment.release;
  const exitSource = `local_task_job_runner.py:${release.exitCode}`;
  log.moveTo(log.durationMs);
  if (ending.kind === 'killed') {
    const hint =
      ending.returnCode === '-9'
        ? 'For more information, see https://airflow.apache.org/docs/apache-airflow/stable/troubleshooting.html#LocalTaskJob-killed'
        : '';
    log.info(exitSource, `Task exited with return code ${ending.returnCode}${hint}`);
  }
  const final =
    (ending.kind === 'exception' && ending.noRetry === true) || task.tryNumber > task.maxTries;
  const start = new Date(log.startMs);
  const end = new Date(log.startMs + log.durationMs);
  const runId = release.markingHasRunId ? `run_id=${task.runId}, ` : '';
  log.info(
    `taskinstance.py:${release.taskInstance.marking}`,
    `Marking task as ${final ? 'FAILED' : 'UP_FOR_RETRY'}. dag_id=${task.dag.dagId}, task_id=${task.taskId}, ${runId}execution_date=${compactDate(task.logicalDate)}, start_date=${compactDate(start)}, end_date=${compactDate(end)}`,
  );
  if (final) writeAlerts(context);
  if (ending.kind === 'exception') {
    log.error(
      `standard_task_runner.py:${release.standardTaskRunner[3]}`,
      `Failed to execute job ${deployment.jobId} for task ${task.taskId} (${ending.summary}; ${deployment.pid})`,
    );
    log.info(exitSource, 'Task exited with return code 1');
  }
  if (chance(rng, 0.85)) {
    log.info(
      `taskinstance.py:${release.taskInstance.downstream}`,
      '0 downstream tasks scheduled from follow-on schedule check',
    );
  }
}
