import { PYTHON_OPERATORS } from '../catalog';
import type { Scenario, ScenarioContext } from '../context';
import { failBash } from '../operators/bash';
import { failBigQuery } from '../operators/bigquery';
import { databricksState, failDatabricks } from '../operators/databricks';
import { dbtModelError, dbtSummary, failDbt } from '../operators/dbt';
import { failHttpStatus, httpRunFrames, httpUrl } from '../operators/http';
import { failPodLaunch, podImage, podName, startPod } from '../operators/kubernetes-pod';
import { callableFrame, failPython, moduleFrame, userInfo } from '../operators/python';
import {
  configuredTimeoutS,
  failExternalTask,
  failSensorTimeout,
  poke,
  sensorProgress,
} from '../operators/sensors';
import { failWithTraceback, logicalDs } from '../operators/shared';
import {
  failSpark,
  sparkLine,
  sparkStamp,
  writeSparkApplicationFailure,
} from '../operators/spark-submit';
import {
  runningStatement,
  sqlConnectFrames,
  sqlExecuteFrames,
  taskStatement,
  taskTable,
} from '../operators/sql';
import { chance, hex, privateIp, seconds, uniform } from '../random-helpers';
import { airflowFrame, frameworkFrames, libraryFrame, pythonOperatorFrames } from '../traceback';
import {
  botocoreFrames,
  postgresHookConnectFrames,
  postgresServer,
  requestsFailureChain,
  requestsSendFrames,
  s3HookReadFrames,
} from './library-frames';

function upstreamTaskIds(context: ScenarioContext): string[] {
  const { dag, taskId } = context.task;
  const index = dag.tasks.findIndex(([id]) => id === taskId);
  const before = dag.tasks.slice(0, Math.max(1, index)).map(([id]) => id);
  return before.filter((id) => id !== taskId).slice(-2);
}

const triggerRuleNotMet: Scenario = {
  name: 'upstream task failed: trigger rule not met',
  weight: 2.2,
  operators: [
    'PythonOperator',
    '_PythonDecoratedOperator',
    'SnowflakeOperator',
    'PostgresOperator',
    'DbtRunOperator',
    'DbtTestOperator',
    'SQLCheckOperator',
    'BashOperator',
    'S3ToRedshiftOperator',
    'BigQueryInsertJobOperator',
  ],
  durationS: seconds(0.2, 3),
  preamble: 'none',
  firstAttemptOnly: true,
  write(context) {
    const { log, rng, deployment, task } = context;
    const upstream = upstreamTaskIds(context).filter((id) => id !== task.taskId);
    const ids = upstream.length > 0 ? upstream : ['extract'];
    const failed = rng.int(0, ids.length - 1) + 1;
    const upstreamFailed = chance(rng, 0.35) ? 1 : 0;
    const successes = Math.max(0, ids.length - failed);
    const setupFields = deployment.release.minor >= 7 ? ', success_setup=0, skipped_setup=0' : '';
    const states = `_UpstreamTIStates(success=${successes}, skipped=0, failed=${failed - upstreamFailed}, upstream_failed=${upstreamFailed}, removed=0, done=${ids.length}${setupFields})`;
    const ti = `<TaskInstance: ${task.dag.dagId}.${task.taskId} ${task.runId} [queued]>`;
    const line = `taskinstance.py:${deployment.release.taskInstance.depsNotMet}`;
    if (chance(rng, 0.4)) {
      log.info(
        `taskinstance.py:${deployment.release.taskInstance.depsMet}`,
        `Dependencies all met for dep_context=non-requeueable deps ti=${ti}`,
      );
    }
    log.advance(rng.int(10, 200));
    log.info(
      line,
      `Dependencies not met for ${ti}, dependency 'Trigger Rule' FAILED: Task's trigger rule 'all_success' requires all upstream tasks to have succeeded, but found ${failed} non-success(es). upstream_states=${states}, upstream_task_ids={${ids.map((id) => `'${id}'`).join(', ')}}`,
    );
    log.moveTo(log.durationMs);
    log.info(
      `local_task_job_runner.py:${deployment.release.exitCode - 70}`,
      'Task is not able to be run',
    );
    return { kind: 'cut' };
  },
};

const externalTaskFailed: Scenario = {
  name: 'ExternalTaskSensor: upstream DAG task failed',
  weight: 1.6,
  operators: ['ExternalTaskSensor'],
  durationS: seconds(30, 14_400),
  write: failExternalTask,
};

const externalTaskNeverFinished: Scenario = {
  name: 'ExternalTaskSensor timed out: upstream DAG never finished',
  weight: 0.8,
  operators: ['ExternalTaskSensor'],
  durationS: (rng) => rng.choice([3600, 7200, 10_800, 21_600, 43_200]) + uniform(rng, 2, 50),
  write(context) {
    return failSensorTimeout(context, configuredTimeoutS(context));
  },
};

const databaseUnreachable: Scenario = {
  name: 'database unreachable, restarting or dropped the connection',
  weight: 2.2,
  operators: [...PYTHON_OPERATORS, 'PostgresOperator', 'SQLCheckOperator', 'S3ToRedshiftOperator'],
  durationS: seconds(2, 400),
  preamble: 'start',
  write(context) {
    const { rng, task } = context;
    const python = PYTHON_OPERATORS.includes(task.operator);
    const atConnect = chance(rng, 0.6);
    if (atConnect) {
      const reason = rng.choice([
        'Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?',
        'Connection timed out\n\tIs the server running on that host and accepting TCP/IP connections?',
        'FATAL:  the database system is in recovery mode',
        'FATAL:  the database system is starting up',
        'FATAL:  the database system is shutting down',
      ]);
      const exception = `psycopg2.OperationalError: ${postgresServer(context)}: ${reason}\n`;
      if (python)
        return failPython(context, { frames: postgresHookConnectFrames(context), exception });
      return failWithTraceback(context, [{ frames: sqlConnectFrames(context), exception }]);
    }
    const exception = rng.choice([
      'psycopg2.OperationalError: server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n\tbefore or while processing the request.\n',
      'psycopg2.OperationalError: SSL SYSCALL error: EOF detected\n',
      'psycopg2.errors.AdminShutdown: terminating connection due to administrator command\nSSL connection has been closed unexpectedly\n',
    ]);
    if (python) {
      userInfo(context, `Executing upsert for ds=${logicalDs(context)}`);
      return failPython(context, {
        frames: [
          callableFrame(context, 'rows = fetch_rows(hook, QUERY, context["ds"])'),
          moduleFrame(context, 'fetch_rows', 'cursor.execute(query, {"ds": ds})'),
        ],
        exception,
      });
    }
    runningStatement(context, taskStatement(context));
    return failWithTraceback(context, [{ frames: sqlExecuteFrames(context), exception }]);
  },
};

const partnerApiDown: Scenario = {
  name: 'partner API answered 5xx',
  weight: 1.8,
  operators: [...PYTHON_OPERATORS, 'SimpleHttpOperator', 'HttpSensor'],
  durationS: seconds(3, 900),
  write(context) {
    const { rng, task, log } = context;
    const [status, reason] = rng.choice([
      [503, 'Service Unavailable'],
      [502, 'Bad Gateway'],
      [500, 'Internal Server Error'],
      [504, 'Gateway Timeout'],
    ] as const);
    const retries = rng.int(0, 3);
    for (let attempt = retries; attempt > 0; attempt -= 1) {
      log.advance(rng.int(1000, 30_000));
      log.warning(
        'connectionpool.py:874',
        `Retrying (Retry(total=${attempt - 1}, connect=None, read=None, redirect=None, status=None)) after connection broken by 'ResponseError('too many ${status} error responses')': ${new URL(httpUrl(context)).pathname}`,
      );
    }
    if (!PYTHON_OPERATORS.includes(task.operator)) {
      const body = rng.choice([
        `<html>\n<head><title>${status} ${reason}</title></head>\n<body>\n<center><h1>${status} ${reason}</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>`,
        `{"error": "upstream_unavailable", "message": "The service is temporarily unavailable, please retry later", "request_id": "${hex(rng, 16)}"}`,
        'upstream connect error or disconnect/reset before headers. reset reason: connection failure',
      ]);
      return failHttpStatus(context, status, reason, body);
    }
    const url = `https://${task.company.partnerApiHost}/v2/${rng.choice(task.company.tables)}?updated_since=${logicalDs(context)}&page=${rng.int(1, 40)}`;
    return failPython(context, {
      frames: [
        callableFrame(context, 'for page in client.iter_pages(since=context["ds"]):'),
        moduleFrame(context, 'iter_pages', 'response.raise_for_status()'),
        libraryFrame(
          context,
          'requests/models.py',
          1021,
          'raise_for_status',
          'raise HTTPError(http_error_msg, response=self)',
        ),
      ],
      exception: `requests.exceptions.HTTPError: ${status} ${status >= 500 ? 'Server' : 'Client'} Error: ${reason} for url: ${url}`,
    });
  },
};

const networkUnreachable: Scenario = {
  name: 'service host did not resolve or refused connections',
  weight: 1.4,
  operators: [...PYTHON_OPERATORS, 'SimpleHttpOperator', 'HttpSensor'],
  durationS: seconds(2, 300),
  preamble: 'start',
  write(context) {
    const { rng, task } = context;
    const problem = rng.choice(['dns', 'dns', 'refused'] as const);
    if (PYTHON_OPERATORS.includes(task.operator)) {
      const url = `https://${task.company.partnerApiHost}/v2/${rng.choice(task.company.tables)}?since=${logicalDs(context)}`;
      const callerFrames = [
        ...pythonOperatorFrames(context),
        callableFrame(context, 'payload = client.fetch(endpoint, params=params)'),
        moduleFrame(
          context,
          'fetch',
          'response = requests.get(url, params=params, timeout=self.timeout)',
        ),
        ...requestsSendFrames(context),
      ];
      return failWithTraceback(context, requestsFailureChain(context, url, problem, callerFrames));
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
    const url = httpUrl(context);
    context.log.moveTo(context.log.durationMs - rng.int(500, 2000));
    context.log.warning(
      'http.py:243',
      `${new URL(url).hostname} Tenacity will retry to execute the operation`,
    );
    return failWithTraceback(context, requestsFailureChain(context, url, problem, callerFrames));
  },
};

const upstreamFileMissing: Scenario = {
  name: 'upstream delivery missing: key, file or path not found',
  weight: 1.6,
  operators: [...PYTHON_OPERATORS, 'BashOperator', 'SparkSubmitOperator'],
  durationS: seconds(2, 600),
  write(context) {
    const { rng, task } = context;
    const ds = logicalDs(context);
    const table = rng.choice(task.company.tables);
    const key = `${rng.choice(['exports', 'raw', 'landing'])}/${table}/${ds}/part-00000.${rng.choice(['csv.gz', 'parquet', 'json'])}`;
    if (task.operator === 'BashOperator') {
      return failBash(
        context,
        [
          `fatal error: An error occurred (404) when calling the HeadObject operation: Key "${key}" does not exist`,
        ],
        1,
      );
    }
    if (task.operator === 'SparkSubmitOperator') {
      const path = `s3a://${task.company.bucket}/${table}/ds=${ds}`;
      writeSparkApplicationFailure(context, {
        warnings: [
          `WARN FileStreamSink: Assume no metadata directory. Error while looking for metadata directory in the path: ${path}.`,
        ],
        javaException: `org.apache.spark.sql.AnalysisException: [PATH_NOT_FOUND] Path does not exist: ${path}.`,
        pythonException: `pyspark.errors.exceptions.captured.AnalysisException: [PATH_NOT_FOUND] Path does not exist: ${path}.`,
      });
      return failSpark(context, []);
    }
    if (chance(rng, 0.55)) {
      userInfo(context, `Reading s3://${task.company.bucket}/${key}`);
      return failPython(context, {
        frames: s3HookReadFrames(context),
        exception:
          'botocore.exceptions.ClientError: An error occurred (404) when calling the HeadObject operation: Not Found',
      });
    }
    const path = `/data/${rng.choice(['exports', 'inbound', 'sftp'])}/${ds}/${table}.csv`;
    return failPython(context, {
      frames: [
        callableFrame(context, `frame = pd.read_csv(f"${path.replace(ds, '{ds}')}")`),
        libraryFrame(
          context,
          'pandas/io/parsers/readers.py',
          1026,
          'read_csv',
          'return _read(filepath_or_buffer, kwds)',
        ),
        libraryFrame(
          context,
          'pandas/io/parsers/readers.py',
          620,
          '_read',
          'parser = TextFileReader(filepath_or_buffer, **kwds)',
        ),
        libraryFrame(
          context,
          'pandas/io/parsers/readers.py',
          1620,
          '__init__',
          'self._engine = self._make_engine(f, self.engine)',
        ),
        libraryFrame(
          context,
          'pandas/io/parsers/readers.py',
          1880,
          '_make_engine',
          'self.handles = get_handle(',
        ),
        libraryFrame(context, 'pandas/io/common.py', 873, 'get_handle', 'handle = open('),
      ],
      exception: `FileNotFoundError: [Errno 2] No such file or directory: '${path}'`,
    });
  },
};

const snowflakeUnreachable: Scenario = {
  name: 'Snowflake endpoint unreachable',
  weight: 0.9,
  operators: ['SnowflakeOperator'],
  durationS: seconds(20, 900),
  preamble: 'start',
  write(context) {
    const { rng, task } = context;
    const account = task.company.snowflakeAccount;
    const message = rng.choice([
      `250003: Failed to get the response. Hanging? method: post, url: https://${account}.snowflakecomputing.com:443/session/v1/login-request?request_id=${hex(rng, 8)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 12)}&databaseName=${task.company.warehouseDatabase.toUpperCase()}&warehouse=LOAD_WH`,
      `250001: Could not connect to Snowflake backend after ${rng.int(1, 3)} attempt(s).Aborting`,
    ]);
    const site = 'snowflake/connector';
    return failWithTraceback(context, [
      {
        frames: [
          ...sqlConnectFrames(context).slice(0, -2),
          libraryFrame(
            context,
            'airflow/providers/snowflake/hooks/snowflake.py',
            301,
            'get_conn',
            'conn = connector.connect(**conn_config)',
          ),
          libraryFrame(
            context,
            `${site}/__init__.py`,
            55,
            'Connect',
            'return SnowflakeConnection(**kwargs)',
          ),
          libraryFrame(context, `${site}/connection.py`, 456, '__init__', 'self.connect(**kwargs)'),
          libraryFrame(
            context,
            `${site}/connection.py`,
            771,
            'connect',
            'self.__open_connection()',
          ),
          libraryFrame(
            context,
            `${site}/connection.py`,
            1099,
            '__open_connection',
            'self.authenticate_with_retry(self.auth_class)',
          ),
          libraryFrame(context, `${site}/connection.py`, 1386, '_authenticate', 'raise ex'),
        ],
        exception: `snowflake.connector.errors.OperationalError: ${message}`,
      },
    ]);
  },
};

const messagingUnavailable: Scenario = {
  name: 'cache, broker or search cluster unavailable',
  operators: PYTHON_OPERATORS,
  durationS: seconds(2, 300),
  write(context) {
    const { rng, task } = context;
    const host = `${rng.choice(['redis-cache', 'kafka-0', 'es-logs', 'rabbitmq'])}.${task.company.slug}.internal`;
    const [code, exception] = rng.choice([
      [
        'cache.set(key, payload, ex=TTL_SECONDS)',
        `redis.exceptions.ConnectionError: Error 111 connecting to ${host}:6379. Connection refused.`,
      ],
      [
        'producer = KafkaProducer(bootstrap_servers=BROKERS, acks="all")',
        'kafka.errors.NoBrokersAvailable: NoBrokersAvailable',
      ],
      [
        'helpers.bulk(es, actions, chunk_size=2000)',
        `elasticsearch.exceptions.ConnectionError: ConnectionError(<urllib3.connection.HTTPConnection object at 0x7f${hex(rng, 10)}>: Failed to establish a new connection: [Errno 111] Connection refused) caused by: NewConnectionError(<urllib3.connection.HTTPConnection object at 0x7f${hex(rng, 10)}>: Failed to establish a new connection: [Errno 111] Connection refused)`,
      ],
      [
        'channel = pika.BlockingConnection(params).channel()',
        `pika.exceptions.AMQPConnectionError: Connection to ${privateIp(rng)}:5672 failed: [Errno 111] Connection refused`,
      ],
    ] as const);
    return failPython(context, {
      frames: [
        callableFrame(context, 'publish_results(results)'),
        moduleFrame(context, 'publish_results', code),
      ],
      exception,
    });
  },
};

const databricksCloudFailure: Scenario = {
  name: 'Databricks cluster could not start: cloud provider failure',
  operators: ['DatabricksSubmitRunOperator'],
  durationS: seconds(120, 1800),
  write(context) {
    const { rng, task } = context;
    const cluster = `${rng.int(1000, 9999)}-${rng.int(100_000, 999_999)}-${hex(rng, 8)}`;
    const message = rng.choice([
      `Cluster ${cluster} terminated. Reason: Cloud Provider Launch Failure (CLOUD_PROVIDER_LAUNCH_FAILURE). A cloud provider error was encountered while setting up the cluster.`,
      `Could not reach driver of cluster ${cluster}.`,
      `Cluster ${cluster} terminated. Reason: Spot Instance Termination (SPOT_INSTANCE_TERMINATION): Server.SpotInstanceTermination: Spot instance termination`,
    ]);
    databricksState(context, 'INTERNAL_ERROR', 'FAILED', message);
    return failDatabricks(
      context,
      `{'life_cycle_state': 'INTERNAL_ERROR', 'result_state': 'FAILED', 'state_message': '${message}'}`,
      `[{'task_key': '${task.taskId}', 'run_id': ${rng.int(100_000, 999_999)}, 'error': '${message}'}]`,
    );
  },
};

const registryUnavailable: Scenario = {
  name: 'image registry unavailable while the pod started',
  operators: ['KubernetesPodOperator'],
  durationS: seconds(130, 700),
  preamble: 'airflow',
  write(context) {
    const { rng, task } = context;
    startPod(context, { reachesRunning: false });
    const image = podImage(context);
    const registry = image.split('/')[0] ?? task.company.imageRegistry;
    const reason = rng.choice([
      `failed to resolve reference "${image}": unexpected status from HEAD request to https://${registry}/v2/${image.split('/').slice(1).join('/').split(':')[0]}/manifests/${image.split(':').pop()}: 503 Service Unavailable`,
      `failed to do request: Head "https://${registry}/v2/": dial tcp: lookup ${registry} on 172.20.0.10:53: read udp ${privateIp(rng)}:${rng.int(30000, 60000)}->172.20.0.10:53: i/o timeout`,
    ]);
    return failPodLaunch(context, [
      [
        'Scheduled',
        `Successfully assigned ${task.company.kubernetesNamespace}/${podName(context)} to ip-${privateIp(rng).replaceAll('.', '-')}.${task.company.awsRegion}.compute.internal`,
      ],
      ['Pulling', `Pulling image "${image}"`],
      ['Failed', `Failed to pull image "${image}": rpc error: code = Unknown desc = ${reason}`],
      ['Failed', 'Error: ErrImagePull'],
      ['BackOff', `Back-off pulling image "${image}"`],
      ['Failed', 'Error: ImagePullBackOff'],
    ]);
  },
};

const yarnUnreachable: Scenario = {
  name: 'YARN ResourceManager unreachable',
  operators: ['SparkSubmitOperator'],
  durationS: seconds(15, 120),
  preamble: 'airflow',
  write(context) {
    const { rng, log, task } = context;
    const managerHost = `ip-${privateIp(rng).replaceAll('.', '-')}.${task.company.awsRegion}.compute.internal`;
    const ip = privateIp(rng);
    log.info(
      'spark_submit.py:341',
      'Spark-Submit cmd: spark-submit --master yarn --deploy-mode client',
    );
    log.advance(rng.int(2000, 5000));
    for (let attempt = 0; attempt < 10; attempt += 1) {
      log.advance(rng.int(900, 1200));
      sparkLine(
        context,
        `${sparkStamp(context)} INFO Client: Retrying connect to server: ${managerHost}/${ip}:8032. Already tried ${attempt} time(s); retry policy is RetryUpToMaximumCountWithFixedSleep(maxRetries=10, sleepTime=1000 MILLISECONDS)`,
      );
    }
    return failSpark(context, [
      `Exception in thread "main" java.net.ConnectException: Call From ${context.deployment.hostname}/${privateIp(rng)} to ${managerHost}:8032 failed on connection exception: java.net.ConnectException: Connection refused; For more details see:  http://wiki.apache.org/hadoop/ConnectionRefused`,
      '\tat java.base/jdk.internal.reflect.NativeConstructorAccessorImpl.newInstance0(Native Method)',
      '\tat org.apache.hadoop.net.NetUtils.wrapWithMessage(NetUtils.java:913)',
      '\tat org.apache.hadoop.net.NetUtils.wrapException(NetUtils.java:828)',
      '\tat org.apache.hadoop.ipc.Client.call(Client.java:1616)',
    ]);
  },
};

const dbtUpstreamMissing: Scenario = {
  name: 'dbt could not reach the warehouse or an upstream relation is missing',
  operators: ['DbtRunOperator', 'DbtTestOperator'],
  durationS: seconds(10, 900),
  write(context) {
    const { rng, task } = context;
    const { table } = taskTable(context);
    if (chance(rng, 0.5)) {
      return failDbt(context, [
        'Encountered an error:',
        'Database Error',
        `  connection to server at "${task.company.warehouseHost}" (${privateIp(rng)}), port 5439 failed: Connection refused`,
        '  \tIs the server running on that host and accepting TCP/IP connections?',
      ]);
    }
    const model = `fct_${table}`;
    return failDbt(context, [
      dbtModelError(context, `marts.${model}`, 'incremental'),
      ...dbtSummary(context, 1, [
        `Database Error in model ${model} (models/marts/${model}.sql)`,
        `  relation "raw.${table}_${logicalDs(context).replaceAll('-', '')}" does not exist`,
        `  compiled Code at target/run/${task.company.dbtProject}/models/marts/${model}.sql`,
      ]),
    ]);
  },
};

const bigQueryUpstream: Scenario = {
  name: 'BigQuery source partition missing or backend error',
  operators: ['BigQueryInsertJobOperator'],
  durationS: seconds(5, 600),
  write(context) {
    const { rng, task } = context;
    if (chance(rng, 0.6)) {
      const { table } = taskTable(context);
      return failBigQuery(
        context,
        'NotFound',
        `404 Not found: Table ${task.company.gcpProject}:raw.${table}_${logicalDs(context).replaceAll('-', '')} was not found in location US`,
      );
    }
    return failBigQuery(
      context,
      'InternalServerError',
      `500 An internal error occurred and the request could not be completed. This is usually caused by a transient issue. Retrying the job with back-off as described in the BigQuery SLA should solve the problem: https://cloud.google.com/bigquery/sla. If the error continues to occur please contact support at https://cloud.google.com/support. Error: ${rng.int(1_000_000, 9_999_999)}`,
    );
  },
};

const sensorUpstreamError: Scenario = {
  name: 'S3KeySensor: storage endpoint errors while waiting',
  weight: 0.6,
  operators: ['S3KeySensor'],
  durationS: seconds(60, 3600),
  write(context) {
    const { log, rng } = context;
    sensorProgress(context, rng.int(1, 20));
    poke(context, false);
    log.moveTo(log.durationMs - rng.int(200, 600));
    return failWithTraceback(context, [
      {
        frames: [
          ...frameworkFrames(context),
          airflowFrame(
            context,
            'sensors/base.py',
            265,
            'execute',
            'poke_return = self.poke(context)',
          ),
          libraryFrame(
            context,
            'airflow/providers/amazon/aws/sensors/s3.py',
            152,
            'poke',
            'return self._check_key(self.bucket_key)',
          ),
          libraryFrame(
            context,
            'airflow/providers/amazon/aws/hooks/s3.py',
            893,
            'head_object',
            'return self.get_conn().head_object(Bucket=bucket_name, Key=key)',
          ),
          ...botocoreFrames(context),
        ],
        exception: `botocore.exceptions.ClientError: An error occurred (503) when calling the HeadObject operation (reached max retries: ${rng.int(3, 9)}): Service Unavailable`,
      },
    ]);
  },
};

/** Failures whose root cause is something the task depends on: upstream tasks, DAGs, services, deliveries. */
export const dependencyFailureScenarios: readonly Scenario[] = [
  triggerRuleNotMet,
  externalTaskFailed,
  externalTaskNeverFinished,
  databaseUnreachable,
  partnerApiDown,
  networkUnreachable,
  upstreamFileMissing,
  snowflakeUnreachable,
  messagingUnavailable,
  databricksCloudFailure,
  registryUnavailable,
  yarnUnreachable,
  dbtUpstreamMissing,
  bigQueryUpstream,
  sensorUpstreamError,
];
