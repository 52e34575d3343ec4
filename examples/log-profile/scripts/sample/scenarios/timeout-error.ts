import { PYTHON_OPERATORS } from '../catalog';
import type { Ending, Scenario, ScenarioContext } from '../context';
import { bigQueryResultFrames } from '../operators/bigquery';
import { databricksState, failDatabricks } from '../operators/databricks';
import { dbtModelError, dbtModels, dbtSummary, failDbt } from '../operators/dbt';
import { httpRunFrames, httpUrl } from '../operators/http';
import { failPod, failPodLaunch, podImage, podName, startPod } from '../operators/kubernetes-pod';
import { callableFrame, moduleFrame, userInfo } from '../operators/python';
import { configuredTimeoutS, failSensorTimeout } from '../operators/sensors';
import { failWithTraceback, logicalDs } from '../operators/shared';
import { failSpark, writeSparkApplicationFailure } from '../operators/spark-submit';
import {
  failSql,
  runningStatement,
  snowflakeQueryId,
  sqlExecuteFrames,
  taskTable,
} from '../operators/sql';
import { chance, privateIp, type Rng, seconds, uniform, withCommas } from '../random-helpers';
import {
  airflowFrame,
  type Frame,
  frameworkFrames,
  libraryFrame,
  pythonOperatorFrames,
} from '../traceback';
import { requestsFailureChain, requestsSendFrames } from './library-frames';

/** An `execution_timeout` or sensor timeout typical of DAG code, plus the seconds it takes to fire. */
function configuredTimeout(rng: Rng): number {
  return (
    rng.choice([900, 1800, 3600, 3600, 5400, 7200, 10_800, 14_400, 21_600]) + uniform(rng, 2, 50)
  );
}

function processTimedOut(context: ScenarioContext): void {
  const { log, rng, deployment } = context;
  log.moveTo(log.durationMs - rng.int(300, 1500));
  log.error('timeout.py:68', `Process timed out, PID: ${deployment.pid}`);
}

function timeoutFrame(context: ScenarioContext): Frame {
  return airflowFrame(
    context,
    'utils/timeout.py',
    69,
    'handle_timeout',
    'raise AirflowTaskTimeout(self.error_message)',
  );
}

function failTaskTimeout(context: ScenarioContext, frames: readonly Frame[]): Ending {
  return failWithTraceback(context, [
    {
      frames: [...frames, timeoutFrame(context)],
      exception: `airflow.exceptions.AirflowTaskTimeout: Timeout, PID: ${context.deployment.pid}`,
    },
  ]);
}

const pythonExecutionTimeout: Scenario = {
  name: 'execution_timeout while the callable waited',
  weight: 2.2,
  operators: PYTHON_OPERATORS,
  durationS: configuredTimeout,
  write(context) {
    const { rng, task, deployment, log } = context;
    const stdlib = `/usr/local/lib/python${deployment.pythonVersion}`;
    const variant = rng.int(0, 3);
    let inner: Frame[];
    if (variant === 0) {
      const job = rng.int(1000, 99_999);
      const polls = rng.int(2, 12);
      for (let poll = 0; poll < polls; poll += 1) {
        log.moveTo(log.durationMs * (0.6 + (0.35 * poll) / polls));
        userInfo(
          context,
          `Export job ${job} status: ${rng.choice(['QUEUED', 'RUNNING', 'RUNNING', 'RUNNING'])}; sleeping 60s`,
        );
      }
      inner = [
        callableFrame(context, `wait_for_export(job_id=${job})`),
        moduleFrame(context, 'wait_for_export', 'time.sleep(POLL_INTERVAL_SECONDS)'),
      ];
    } else if (variant === 1) {
      inner = [
        callableFrame(context, 'payload = client.fetch_full_snapshot()'),
        moduleFrame(
          context,
          'fetch_full_snapshot',
          'response = self.session.get(url, stream=False, timeout=None)',
        ),
        ...requestsSendFrames(context),
        libraryFrame(context, 'requests/adapters.py', 486, 'send', 'resp = conn.urlopen('),
        libraryFrame(
          context,
          'urllib3/connectionpool.py',
          793,
          'urlopen',
          'response = self._make_request(',
        ),
        libraryFrame(
          context,
          'urllib3/connectionpool.py',
          537,
          '_make_request',
          'response = conn.getresponse()',
        ),
        {
          file: `${stdlib}/http/client.py`,
          line: 1395,
          func: 'getresponse',
          code: 'response.begin()',
        },
        {
          file: `${stdlib}/ssl.py`,
          line: 1166,
          func: 'read',
          code: 'return self._sslobj.read(len, buffer)',
        },
      ];
    } else if (variant === 2) {
      inner = [
        callableFrame(context, 'for batch in stream_rows(hook, QUERY):'),
        moduleFrame(context, 'stream_rows', 'rows = cursor.fetchmany(BATCH_SIZE)'),
      ];
    } else {
      inner = [
        callableFrame(
          context,
          `run_external_job(["${task.company.slug}-cli", "rebuild", "--ds", context["ds"]])`,
        ),
        moduleFrame(context, 'run_external_job', 'return_code = process.wait()'),
        {
          file: `${stdlib}/subprocess.py`,
          line: 1264,
          func: 'wait',
          code: 'return self._wait(timeout=timeout)',
        },
        {
          file: `${stdlib}/subprocess.py`,
          line: 2053,
          func: '_wait',
          code: '(pid, sts) = self._try_wait(0)',
        },
        {
          file: `${stdlib}/subprocess.py`,
          line: 2011,
          func: '_try_wait',
          code: '(pid, sts) = os.waitpid(self.pid, wait_flags)',
        },
      ];
    }
    processTimedOut(context);
    return failTaskTimeout(context, [...pythonOperatorFrames(context), ...inner]);
  },
};

const bashExecutionTimeout: Scenario = {
  name: 'execution_timeout of a shell job',
  weight: 1.2,
  operators: ['BashOperator'],
  durationS: configuredTimeout,
  write(context) {
    processTimedOut(context);
    context.log.info('subprocess.py:104', 'Sending SIGTERM signal to process group');
    const minor = context.deployment.release.minor;
    return failTaskTimeout(context, [
      ...frameworkFrames(context),
      airflowFrame(
        context,
        'operators/bash.py',
        minor >= 9 ? 235 : 201,
        'execute',
        'result = self.subprocess_hook.run_command(',
      ),
      airflowFrame(
        context,
        'hooks/subprocess.py',
        91,
        'run_command',
        'for raw_line in iter(self.sub_process.stdout.readline, b""):',
      ),
    ]);
  },
};

const lockWait: Scenario = {
  name: 'statement waited on a lock until a timeout fired',
  weight: 1.8,
  operators: ['PostgresOperator', 'SnowflakeOperator', ...PYTHON_OPERATORS],
  durationS: (rng) => (chance(rng, 0.5) ? configuredTimeout(rng) : uniform(rng, 30, 1900)),
  write(context) {
    const { rng, task, log } = context;
    const { schema, table } = taskTable(context);
    if (task.operator === 'SnowflakeOperator') {
      const qid = snowflakeQueryId(context);
      return failSql(context, {
        exception: `snowflake.connector.errors.ProgrammingError: ${rng.choice([
          `000625 (57014): ${qid}: Statement '${snowflakeQueryId(context)}' has locked table '${table.toUpperCase()}' in transaction ${rng.int(1_700_000_000_000, 1_720_000_000_000)} and this lock has not yet been released.\nYour statement '${qid}' was aborted because the number of waiters for this lock exceeds the 20 statements limit.`,
          `000630 (57014): ${qid}: Statement reached its statement or warehouse timeout of ${rng.choice(['1,800', '3,600', '7,200'])} second(s) and was canceled.`,
        ])}`,
      });
    }
    const statement = rng.choice([
      `TRUNCATE ${schema}.${table};`,
      `ALTER TABLE ${schema}.${table} ADD COLUMN IF NOT EXISTS loaded_at timestamptz;`,
      `REFRESH MATERIALIZED VIEW ${schema}.${table}_daily;`,
      `DELETE FROM ${schema}.${table} WHERE ds = '${logicalDs(context)}';`,
    ]);
    const long = log.durationMs > 800_000;
    if (task.operator === 'PostgresOperator') {
      if (long) {
        runningStatement(context, statement);
        processTimedOut(context);
        return failTaskTimeout(context, sqlExecuteFrames(context));
      }
      return failSql(context, {
        statement,
        exception: rng.choice([
          `psycopg2.errors.LockNotAvailable: canceling statement due to lock timeout\n`,
          `psycopg2.errors.QueryCanceled: canceling statement due to statement timeout\n`,
          `psycopg2.errors.LockNotAvailable: canceling statement due to lock timeout\nCONTEXT:  while locking relation "${table}"\n`,
        ]),
      });
    }
    userInfo(context, `Executing: ${statement}`);
    const frames = [
      ...pythonOperatorFrames(context),
      callableFrame(context, 'replace_partition(conn, context["ds"])'),
      moduleFrame(context, 'replace_partition', 'cursor.execute(statement)'),
    ];
    if (long) {
      processTimedOut(context);
      return failTaskTimeout(context, frames);
    }
    return failWithTraceback(context, [
      {
        frames,
        exception: 'psycopg2.errors.LockNotAvailable: canceling statement due to lock timeout\n',
      },
    ]);
  },
};

const sensorTimeout: Scenario = {
  name: 'sensor timed out waiting for its condition',
  weight: 2,
  operators: ['HttpSensor', 'S3KeySensor'],
  durationS: configuredTimeout,
  write(context) {
    return failSensorTimeout(context, configuredTimeoutS(context));
  },
};

const readTimeout: Scenario = {
  name: 'HTTP read timed out',
  weight: 1.4,
  operators: [...PYTHON_OPERATORS, 'SimpleHttpOperator'],
  durationS: seconds(35, 700),
  write(context) {
    const { task, rng } = context;
    if (PYTHON_OPERATORS.includes(task.operator)) {
      const url = `https://${task.company.partnerApiHost}/v2/${rng.choice(task.company.tables)}/export?date=${logicalDs(context)}`;
      const callerFrames = [
        ...pythonOperatorFrames(context),
        callableFrame(context, 'data = client.fetch(endpoint, params=params)'),
        moduleFrame(
          context,
          'fetch',
          'response = requests.get(url, params=params, timeout=self.timeout)',
        ),
        ...requestsSendFrames(context),
      ];
      return failWithTraceback(
        context,
        requestsFailureChain(context, url, 'read-timeout', callerFrames),
      );
    }
    const callerFrames = [
      ...httpRunFrames(context),
      libraryFrame(
        context,
        'airflow/providers/http/hooks/http.py',
        235,
        'run_and_check',
        'response = session.send(prepped_request, **send_kwargs)',
      ),
      libraryFrame(
        context,
        'requests/sessions.py',
        703,
        'send',
        'r = adapter.send(request, **kwargs)',
      ),
    ];
    return failWithTraceback(
      context,
      requestsFailureChain(context, httpUrl(context), 'read-timeout', callerFrames),
    );
  },
};

const dbtStatementTimeout: Scenario = {
  name: 'dbt model cancelled by the warehouse statement timeout',
  operators: ['DbtRunOperator'],
  durationS: seconds(1800, 10_800),
  write(context) {
    const { rng, task } = context;
    const model = rng.choice(dbtModels(context));
    const schema = rng.choice(task.company.schemas);
    const fitting = [900, 1800, 3600, 7200].filter(
      (limit) => limit * 1000 < context.log.durationMs,
    );
    const statementTimeout = fitting[fitting.length - 1] ?? 900;
    return failDbt(context, [
      dbtModelError(context, `${schema}.${model}`, 'incremental'),
      ...dbtSummary(context, 1, [
        `Database Error in model ${model} (models/${schema}/${model}.sql)`,
        `  ${rng.choice([
          `000630 (57014): Statement reached its statement or warehouse timeout of ${withCommas(statementTimeout)} second(s) and was canceled.`,
          'canceling statement due to statement timeout',
          `Query (${rng.int(1_000_000, 9_999_999)}) cancelled by WLM abort action of Query Monitoring Rule "max_exec_time_${statementTimeout / 60}m".`,
        ])}`,
        `  compiled Code at target/run/${task.company.dbtProject}/models/${schema}/${model}.sql`,
      ]),
    ]);
  },
};

const bigQueryTimeout: Scenario = {
  name: 'BigQuery job did not finish within result_timeout',
  operators: ['BigQueryInsertJobOperator'],
  durationS: (rng) => rng.choice([600, 900, 1800, 3600]) + uniform(rng, 2, 30),
  write(context) {
    const timeout = configuredTimeoutS(context);
    const modern = Number(context.deployment.pythonVersion.split('.')[1]) >= 11;
    const frames = bigQueryResultFrames(context).slice(0, -1);
    frames.push(
      libraryFrame(
        context,
        'google/api_core/future/polling.py',
        256,
        'result',
        'self._blocking_poll(timeout=timeout, retry=retry, polling=polling)',
      ),
    );
    frames.push(
      libraryFrame(
        context,
        'google/api_core/future/polling.py',
        139,
        '_blocking_poll',
        'raise concurrent.futures.TimeoutError(',
      ),
    );
    return failWithTraceback(context, [
      {
        frames,
        exception: `${modern ? 'TimeoutError' : 'concurrent.futures._base.TimeoutError'}: Operation did not complete within the designated timeout of ${timeout} seconds.`,
      },
    ]);
  },
};

const sparkBroadcastTimeout: Scenario = {
  name: 'Spark broadcast or future timed out',
  operators: ['SparkSubmitOperator'],
  durationS: seconds(400, 5400),
  write(context) {
    const { rng } = context;
    const seconds300 = rng.choice([300, 600, 1200]);
    writeSparkApplicationFailure(context, {
      warnings: [`WARN BroadcastExchangeExec: Could not execute broadcast in ${seconds300} secs.`],
      javaException: rng.choice([
        `org.apache.spark.SparkException: Could not execute broadcast in ${seconds300} secs. You can increase the timeout for broadcasts via spark.sql.broadcastTimeout or disable broadcast join by setting spark.sql.autoBroadcastJoinThreshold to -1`,
        `java.util.concurrent.TimeoutException: Futures timed out after [${seconds300} seconds]\n\tat scala.concurrent.impl.Promise$DefaultPromise.ready(Promise.scala:259)\n\tat scala.concurrent.impl.Promise$DefaultPromise.result(Promise.scala:263)\n\tat org.apache.spark.util.ThreadUtils$.awaitResult(ThreadUtils.scala:293)`,
      ]),
    });
    return failSpark(context, []);
  },
};

const podDeadline: Scenario = {
  name: 'pod exceeded activeDeadlineSeconds',
  operators: ['KubernetesPodOperator'],
  durationS: configuredTimeout,
  write(context) {
    return failPod(context, [], {
      exitCode: 137,
      reason: 'Error',
      podReason: 'DeadlineExceeded',
      podMessage: 'Pod was active on the node longer than the specified deadline',
    });
  },
};

const databricksTimeout: Scenario = {
  name: 'Databricks run timed out',
  operators: ['DatabricksSubmitRunOperator'],
  durationS: configuredTimeout,
  write(context) {
    const { rng, task } = context;
    const timeout = configuredTimeoutS(context);
    const message = `Run timed out after ${timeout} seconds`;
    databricksState(context, 'TERMINATED', 'TIMEDOUT', message);
    return failDatabricks(
      context,
      `{'life_cycle_state': 'TERMINATED', 'result_state': 'TIMEDOUT', 'state_message': '${message}'}`,
      `[{'task_key': '${task.taskId}', 'run_id': ${rng.int(100_000, 999_999)}, 'error': 'Run timed out'}]`,
    );
  },
};

const warehouseQueryTimeout: Scenario = {
  name: 'warehouse cancelled a long query (WLM or statement_timeout)',
  weight: 1.2,
  operators: ['PostgresOperator', 'S3ToRedshiftOperator', 'SQLCheckOperator'],
  durationS: seconds(600, 7300),
  write(context) {
    const { rng } = context;
    return failSql(context, {
      exception: rng.choice([
        `psycopg2.errors.QueryCanceled: Query (${rng.int(1_000_000, 9_999_999)}) cancelled by WLM abort action of Query Monitoring Rule "${rng.choice(['max_exec_time_1h', 'long_running_etl', 'abort_over_2h'])}".\nDETAIL:  \n  -----------------------------------------------\n  error:  Query (${rng.int(1_000_000, 9_999_999)}) cancelled by WLM abort action of Query Monitoring Rule\n  code:      1078\n  context:   query_execution_time > ${rng.choice([3600, 7200])} seconds\n  -----------------------------------------------\n`,
        'psycopg2.errors.QueryCanceled: canceling statement due to statement timeout\n',
      ]),
    });
  },
};

const slowImagePull: Scenario = {
  name: 'pod did not start in time while pulling a large image',
  weight: 0.5,
  operators: ['KubernetesPodOperator'],
  durationS: seconds(125, 650),
  preamble: 'airflow',
  write(context) {
    const { rng, task } = context;
    startPod(context, { reachesRunning: false });
    const node = `ip-${privateIp(rng).replaceAll('.', '-')}.${task.company.awsRegion}.compute.internal`;
    return failPodLaunch(context, [
      [
        'Scheduled',
        `Successfully assigned ${task.company.kubernetesNamespace}/${podName(context)} to ${node}`,
      ],
      ['Pulling', `Pulling image "${podImage(context)}"`],
    ]);
  },
};

/** Failures whose root cause is time: execution and sensor timeouts, lock waits, read and query timeouts. */
export const timeoutErrorScenarios: readonly Scenario[] = [
  pythonExecutionTimeout,
  bashExecutionTimeout,
  lockWait,
  sensorTimeout,
  readTimeout,
  dbtStatementTimeout,
  bigQueryTimeout,
  sparkBroadcastTimeout,
  podDeadline,
  databricksTimeout,
  warehouseQueryTimeout,
  slowImagePull,
];
