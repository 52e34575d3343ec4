import { type OperatorName, PYTHON_OPERATORS } from '../catalog';
import type { Scenario, ScenarioContext } from '../context';
import { bashCommand, failBash } from '../operators/bash';
import { bigQueryDataset, bigQueryLocation, failBigQuery } from '../operators/bigquery';
import { dbtAdapter, failDbt } from '../operators/dbt';
import { failPodLaunch, podImage, podName, startPod } from '../operators/kubernetes-pod';
import { callableFrame, failPython, moduleFrame, userInfo } from '../operators/python';
import { sensorEndpoint } from '../operators/sensors';
import { type ConnectionKind, connectionId, failWithTraceback } from '../operators/shared';
import {
  failSpark,
  sparkDeployMode,
  sparkLine,
  sparkStamp,
  sparkSubmitCommand,
  writeSparkApplicationFailure,
} from '../operators/spark-submit';
import { failSql, snowflakeQueryId, sqlConnectFrames, taskStatement } from '../operators/sql';
import { chance, hex, privateIp, seconds } from '../random-helpers';
import {
  airflowFrame,
  type Frame,
  frameworkFrames,
  libraryFrame,
  pythonOperatorFrames,
} from '../traceback';
import { requestsSendFrames } from './library-frames';

const sqlOperatorFile = 'airflow/providers/common/sql/operators/sql.py';

function connectionKind(operator: OperatorName): ConnectionKind {
  if (operator === 'SnowflakeOperator') return 'snowflake';
  if (operator === 'S3KeySensor') return 'aws';
  if (operator === 'SimpleHttpOperator' || operator === 'HttpSensor') return 'http';
  return 'postgres';
}

function misspelled(context: ScenarioContext, id: string): string {
  return context.rng.choice([
    `${id}_prod`,
    `${id}_v2`,
    id.replace('_', '-'),
    `${id}s`,
    `${context.task.company.slug}_${id.split('_').pop()}_new`,
  ]);
}

function connectionLookupFrames(
  context: ScenarioContext,
  kind: ConnectionKind,
  id: string,
): Frame[] {
  const { task } = context;
  const frames: Frame[] = [];
  if (PYTHON_OPERATORS.includes(task.operator)) {
    frames.push(
      ...pythonOperatorFrames(context),
      callableFrame(context, `hook = PostgresHook(postgres_conn_id="${id}")`),
    );
    frames.push(moduleFrame(context, 'connect', 'conn = hook.get_conn()'));
    frames.push(
      libraryFrame(
        context,
        'airflow/providers/postgres/hooks/postgres.py',
        126,
        'get_conn',
        'conn = deepcopy(self.connection)',
      ),
    );
    frames.push(
      libraryFrame(
        context,
        'airflow/providers/postgres/hooks/postgres.py',
        113,
        'connection',
        'return self.get_connection(self.get_conn_id())',
      ),
    );
  } else if (kind === 'http') {
    frames.push(...frameworkFrames(context));
    if (task.operator === 'HttpSensor') {
      frames.push(
        airflowFrame(
          context,
          'sensors/base.py',
          265,
          'execute',
          'poke_return = self.poke(context)',
        ),
      );
      frames.push(
        libraryFrame(
          context,
          'airflow/providers/http/sensors/http.py',
          137,
          'poke',
          'response = hook.run(',
        ),
      );
    } else {
      frames.push(
        libraryFrame(
          context,
          'airflow/providers/http/operators/http.py',
          145,
          'execute',
          'response = self.hook.run(self.endpoint, self.data, self.headers, self.extra_options)',
        ),
      );
    }
    frames.push(
      libraryFrame(
        context,
        'airflow/providers/http/hooks/http.py',
        166,
        'run',
        'session = self.get_conn(headers)',
      ),
    );
    frames.push(
      libraryFrame(
        context,
        'airflow/providers/http/hooks/http.py',
        104,
        'get_conn',
        'conn = self.get_connection(self.http_conn_id)',
      ),
    );
  } else if (kind === 'aws') {
    frames.push(...frameworkFrames(context));
    frames.push(
      airflowFrame(context, 'sensors/base.py', 265, 'execute', 'poke_return = self.poke(context)'),
    );
    frames.push(
      libraryFrame(
        context,
        'airflow/providers/amazon/aws/sensors/s3.py',
        152,
        'poke',
        'return self._check_key(self.bucket_key)',
      ),
    );
    frames.push(
      libraryFrame(
        context,
        'airflow/providers/amazon/aws/sensors/s3.py',
        120,
        '_check_key',
        'obj = self.hook.head_object(key, bucket_name)',
      ),
    );
    frames.push(
      libraryFrame(
        context,
        'airflow/providers/amazon/aws/hooks/base_aws.py',
        582,
        'conn_config',
        'connection = self.get_connection(self.aws_conn_id)',
      ),
    );
  } else {
    frames.push(...frameworkFrames(context));
    frames.push(
      libraryFrame(context, sqlOperatorFile, 276, 'execute', 'hook = self.get_db_hook()'),
    );
    frames.push(libraryFrame(context, sqlOperatorFile, 186, 'get_db_hook', 'return self._hook'));
    frames.push({
      file: `/usr/local/lib/python${context.deployment.pythonVersion}/functools.py`,
      line: 1001,
      func: '__get__',
      code: 'val = self.func(instance)',
    });
    frames.push(
      libraryFrame(
        context,
        sqlOperatorFile,
        148,
        '_hook',
        'conn = BaseHook.get_connection(conn_id)',
      ),
    );
  }
  frames.push(
    airflowFrame(
      context,
      'hooks/base.py',
      83,
      'get_connection',
      'conn = Connection.get_connection_from_secrets(conn_id)',
    ),
  );
  frames.push(
    airflowFrame(
      context,
      'models/connection.py',
      519,
      'get_connection_from_secrets',
      'raise AirflowNotFoundException(f"The conn_id `{conn_id}` isn\'t defined")',
    ),
  );
  return frames;
}

const connectionNotDefined: Scenario = {
  name: 'connection id not defined',
  weight: 2,
  operators: [
    ...PYTHON_OPERATORS,
    'PostgresOperator',
    'SnowflakeOperator',
    'SQLCheckOperator',
    'SimpleHttpOperator',
    'HttpSensor',
    'S3KeySensor',
  ],
  durationS: seconds(0.5, 8),
  preamble: 'airflow',
  write(context) {
    const kind = connectionKind(context.task.operator);
    const id = misspelled(context, connectionId(context, kind));
    return failWithTraceback(context, [
      {
        frames: connectionLookupFrames(context, kind, id),
        exception: `airflow.exceptions.AirflowNotFoundException: The conn_id \`${id}\` isn't defined`,
      },
    ]);
  },
};

const variableMissing: Scenario = {
  name: 'Airflow Variable does not exist',
  weight: 1.4,
  operators: PYTHON_OPERATORS,
  durationS: seconds(0.5, 20),
  preamble: 'start',
  write(context) {
    const { rng, task } = context;
    const key = rng.choice([
      `${task.company.slug}_partner_api_settings`,
      `${task.dag.dagId}_config`,
      `${task.company.slug}_export_bucket`,
      'slack_webhook_channel',
      `${task.taskId}_thresholds`,
    ]);
    return failPython(context, {
      frames: [
        callableFrame(context, `settings = Variable.get("${key}", deserialize_json=True)`),
        airflowFrame(
          context,
          'models/variable.py',
          145,
          'get',
          'raise KeyError(f"Variable {key} does not exist")',
        ),
      ],
      exception: `KeyError: 'Variable ${key} does not exist'`,
    });
  },
};

const environmentVariableMissing: Scenario = {
  name: 'required environment variable not set',
  weight: 1.3,
  operators: PYTHON_OPERATORS,
  durationS: seconds(0.5, 30),
  preamble: 'start',
  write(context) {
    const { rng, deployment, task } = context;
    const name = rng.choice([
      'SNOWFLAKE_ROLE',
      'PARTNER_API_TOKEN',
      'DBT_TARGET',
      'EXPORT_BUCKET',
      `${task.company.slug.toUpperCase()}_ENV`,
      'MLFLOW_TRACKING_URI',
      'GOOGLE_APPLICATION_CREDENTIALS',
    ]);
    const minor = Number(deployment.pythonVersion.split('.')[1]);
    const osFrame: Frame =
      minor >= 11
        ? { file: '<frozen os>', line: 679, func: '__getitem__', code: '' }
        : {
            file: `/usr/local/lib/python${deployment.pythonVersion}/os.py`,
            line: 680,
            func: '__getitem__',
            code: 'raise KeyError(key) from None',
          };
    if (chance(rng, 0.3)) {
      return failPython(context, {
        frames: [
          callableFrame(context, 'settings = load_settings()'),
          moduleFrame(
            context,
            'load_settings',
            `raise RuntimeError(f"Required environment variable {name} is not set")`,
          ),
        ],
        exception: `RuntimeError: Required environment variable ${name} is not set`,
      });
    }
    return failPython(context, {
      frames: [
        callableFrame(context, 'client = make_client()'),
        moduleFrame(context, 'make_client', `token = os.environ["${name}"]`),
        osFrame,
      ],
      exception: `KeyError: '${name}'`,
    });
  },
};

function templateField(operator: OperatorName): string {
  switch (operator) {
    case 'BashOperator':
      return 'bash_command';
    case 'SimpleHttpOperator':
      return 'endpoint';
    case 'BigQueryInsertJobOperator':
      return 'configuration';
    case 'KubernetesPodOperator':
      return 'arguments';
    case 'SparkSubmitOperator':
      return 'application_args';
    case 'PythonOperator':
    case '_PythonDecoratedOperator':
      return 'op_kwargs';
    default:
      return 'sql';
  }
}

const templateError: Scenario = {
  name: 'Jinja template references something undefined',
  weight: 1.5,
  operators: [
    'BashOperator',
    'PostgresOperator',
    'SnowflakeOperator',
    'SimpleHttpOperator',
    'BigQueryInsertJobOperator',
    'KubernetesPodOperator',
    'SparkSubmitOperator',
    'PythonOperator',
  ],
  durationS: seconds(0.3, 4),
  preamble: 'airflow',
  write(context) {
    const { rng, task, log, deployment } = context;
    const field = templateField(task.operator);
    const [expression, exception] = rng.choice([
      [
        '{{ params.target_bucket }}',
        "jinja2.exceptions.UndefinedError: 'dict object' has no attribute 'target_bucket'",
      ],
      [
        '{{ dag_run.conf["backfill_start"] }}',
        "jinja2.exceptions.UndefinedError: 'dict object' has no attribute 'backfill_start'",
      ],
      [
        `{{ var.value.${task.company.slug}_export_prefix }}`,
        `KeyError: 'Variable ${task.company.slug}_export_prefix does not exist'`,
      ],
      [
        '{{ macros.ds_add(ds, params.lookback) }}',
        "TypeError: unsupported operand type(s) for +: 'int' and 'Undefined'",
      ],
      [
        '{{ ti.xcom_pull(task_ids="extract")["path"] }}',
        "TypeError: 'NoneType' object is not subscriptable",
      ],
    ] as const);
    const template =
      field === 'bash_command'
        ? `${bashCommand(context)} ${expression}`
        : field === 'sql'
          ? `${taskStatement(context).slice(0, 80)} -- ${expression}`
          : expression;
    const renderFrames: Frame[] = [
      airflowFrame(
        context,
        'models/abstractoperator.py',
        699,
        '_do_render_template_fields',
        'rendered_content = self.render_template(',
      ),
      airflowFrame(
        context,
        'template/templater.py',
        168,
        'render_template',
        'return self._render(template, context)',
      ),
      airflowFrame(
        context,
        'models/abstractoperator.py',
        655,
        '_render',
        'return super()._render(template, context, dag=dag)',
      ),
      airflowFrame(
        context,
        'template/templater.py',
        125,
        '_render',
        'return render_template_to_string(template, context)',
      ),
      airflowFrame(
        context,
        'utils/helpers.py',
        288,
        'render_template_to_string',
        'return render_template(template, cast(MutableMapping[str, Any], context), native=False)',
      ),
      airflowFrame(context, 'utils/helpers.py', 283, 'render_template', 'return "".join(nodes)'),
      { file: '<template>', line: 1, func: 'top-level template code', code: '' },
    ];
    if (exception.startsWith('jinja2')) {
      renderFrames.push(
        libraryFrame(
          context,
          'jinja2/runtime.py',
          859,
          '_fail_with_undefined_error',
          'raise self._undefined_exception(self._undefined_message)',
        ),
      );
    } else if (exception.startsWith('KeyError')) {
      renderFrames.push(
        airflowFrame(context, 'utils/context.py', 172, '__getattr__', 'self.var = Variable.get('),
        airflowFrame(
          context,
          'models/variable.py',
          145,
          'get',
          'raise KeyError(f"Variable {key} does not exist")',
        ),
      );
    }
    log.advance(rng.int(50, 600));
    log.error(
      'abstractoperator.py:707',
      `Exception rendering Jinja template for task '${task.taskId}', field '${field}'. Template: '${template}'`,
    );
    const minor = deployment.release.minor;
    return failWithTraceback(context, [
      {
        frames: [
          airflowFrame(
            context,
            'models/taskinstance.py',
            minor >= 9 ? 2479 : 1518,
            '_execute_task_with_callbacks',
            'task_orig = self.render_templates(context=context)',
          ),
          airflowFrame(
            context,
            'models/taskinstance.py',
            minor >= 9 ? 2942 : 2146,
            'render_templates',
            'original_task.render_template_fields(context)',
          ),
          airflowFrame(
            context,
            'models/baseoperator.py',
            minor >= 9 ? 1415 : 1245,
            'render_template_fields',
            'self._do_render_template_fields(self, self.template_fields, context, jinja_env, set())',
          ),
          airflowFrame(
            context,
            'utils/session.py',
            79,
            'wrapper',
            'return func(*args, session=session, **kwargs)',
          ),
          ...renderFrames,
        ],
        exception,
      },
    ]);
  },
};

const moduleMissing: Scenario = {
  name: 'package or shared library missing from the image',
  weight: 1.3,
  operators: PYTHON_OPERATORS,
  durationS: seconds(0.5, 15),
  preamble: 'start',
  write(context) {
    const { rng, task, deployment } = context;
    const [statement, exception] = rng.choice([
      [
        'import great_expectations as gx',
        "ModuleNotFoundError: No module named 'great_expectations'",
      ],
      [
        'from airflow.providers.slack.hooks.slack_webhook import SlackWebhookHook',
        "ModuleNotFoundError: No module named 'airflow.providers.slack'",
      ],
      [
        `from ${task.company.slug}_common.exporters import ParquetExporter`,
        `ModuleNotFoundError: No module named '${task.company.slug}_common.exporters'`,
      ],
      [
        'import lightgbm as lgb',
        'OSError: libgomp.so.1: cannot open shared object file: No such file or directory',
      ],
      [
        'from markupsafe import soft_unicode',
        `ImportError: cannot import name 'soft_unicode' from 'markupsafe' (${deployment.sitePackages}/markupsafe/__init__.py)`,
      ],
      [
        'import psycopg2',
        'ImportError: libpq.so.5: cannot open shared object file: No such file or directory',
      ],
    ] as const);
    return failPython(context, { frames: [callableFrame(context, statement)], exception });
  },
};

const imageNotFound: Scenario = {
  name: 'pod image tag does not exist or is malformed',
  weight: 1.2,
  operators: ['KubernetesPodOperator'],
  durationS: seconds(125, 700),
  preamble: 'airflow',
  write(context) {
    const { rng, task } = context;
    startPod(context, { reachesRunning: false });
    const base = podImage(context).split(':')[0] ?? '';
    const tag = rng.choice([
      'v1.19.0-rc1',
      '2024.05.1',
      'sha-9e1b7c0',
      'lastest',
      'release-candidate',
    ]);
    const image = `${base}:${tag}`;
    const node = `ip-${privateIp(rng).replaceAll('.', '-')}.${task.company.awsRegion}.compute.internal`;
    const events: Array<readonly [string, string]> = chance(rng, 0.8)
      ? [
          [
            'Scheduled',
            `Successfully assigned ${task.company.kubernetesNamespace}/${podName(context)} to ${node}`,
          ],
          ['Pulling', `Pulling image "${image}"`],
          [
            'Failed',
            `Failed to pull image "${image}": rpc error: code = NotFound desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": ${image}: not found`,
          ],
          ['Failed', 'Error: ErrImagePull'],
          ['BackOff', `Back-off pulling image "${image}"`],
          ['Failed', 'Error: ImagePullBackOff'],
        ]
      : [
          [
            'Scheduled',
            `Successfully assigned ${task.company.kubernetesNamespace}/${podName(context)} to ${node}`,
          ],
          [
            'InspectFailed',
            `Failed to apply default image tag "${base}:${tag} ": couldn't parse image reference "${base}:${tag} ": invalid reference format`,
          ],
          ['Failed', 'Error: InvalidImageName'],
        ];
    return failPodLaunch(context, events);
  },
};

const dbtMisconfigured: Scenario = {
  name: 'dbt profile, env var or package missing',
  weight: 1.1,
  operators: ['DbtRunOperator', 'DbtTestOperator'],
  durationS: seconds(2, 40),
  preamble: 'airflow',
  write(context) {
    const { rng, task, log } = context;
    const adapter = dbtAdapter(context);
    log.info(
      'dbt_hook.py:117',
      `dbt run --profiles-dir /opt/airflow/dbt/profiles --project-dir /opt/airflow/dbt/${task.company.dbtProject} --target prod`,
    );
    log.info('dbt_hook.py:126', 'Output:');
    const output = rng.choice([
      [
        'Encountered an error while reading profiles:',
        '  ERROR: Runtime Error',
        `  Could not find profile named '${task.company.dbtProject}'`,
        'Encountered an error:',
        'Runtime Error',
        `  Could not run dbt`,
      ],
      [
        'Encountered an error:',
        'Parsing Error',
        `  Env var required but not provided: 'DBT_${adapter.toUpperCase()}_PASSWORD'`,
      ],
      [
        'Encountered an error:',
        'Compilation Error',
        '  dbt found 1 package(s) specified in packages.yml, but only 0 package(s) installed in dbt_packages. Run "dbt deps" to install package dependencies.',
      ],
      [
        'Encountered an error:',
        'Runtime Error',
        `  The profile '${task.company.dbtProject}' does not have a target named 'prod'. The valid target names for this profile are:`,
        '   - dev',
        '   - ci',
      ],
    ]);
    return failDbt(context, [
      `Running with dbt=${rng.choice(['1.6.9', '1.7.4', '1.7.11', '1.8.2'])}`,
      ...output,
    ]);
  },
};

const sparkMisconfigured: Scenario = {
  name: 'spark-submit environment or application misconfigured',
  weight: 1.1,
  operators: ['SparkSubmitOperator'],
  durationS: seconds(3, 120),
  preamble: 'airflow',
  write(context) {
    const { rng, log, task } = context;
    log.info('spark_submit.py:341', `Spark-Submit cmd: ${sparkSubmitCommand(context)}`);
    log.advance(rng.int(1500, 5000));
    const variant = rng.int(0, 3);
    if (variant === 0) {
      return failSpark(context, [
        `Exception in thread "main" org.apache.spark.SparkException: When running with master 'yarn' either HADOOP_CONF_DIR or YARN_CONF_DIR must be set in the environment.`,
        '\tat org.apache.spark.deploy.SparkSubmitArguments.error(SparkSubmitArguments.scala:650)',
        '\tat org.apache.spark.deploy.SparkSubmitArguments.validateSubmitArguments(SparkSubmitArguments.scala:281)',
        '\tat org.apache.spark.deploy.SparkSubmitArguments.validateArguments(SparkSubmitArguments.scala:237)',
        '\tat org.apache.spark.deploy.SparkSubmitArguments.<init>(SparkSubmitArguments.scala:122)',
      ]);
    }
    if (variant === 1) {
      return failSpark(
        context,
        [
          'Error: Missing application resource.',
          '',
          'Usage: spark-submit [options] <app jar | python file | R file> [app arguments]',
          'Usage: spark-submit --kill [submission ID] --master [spark://...]',
          'Usage: spark-submit --status [submission ID] --master [spark://...]',
        ],
        1,
      );
    }
    if (variant === 2 && sparkDeployMode(context) === 'cluster') {
      writeSparkApplicationFailure(context, {
        warnings: [],
        javaException: `java.lang.ClassNotFoundException: com.${task.company.slug}.jobs.${task.taskId.replaceAll('_', '')}`,
      });
      return failSpark(context, []);
    }
    sparkLine(context, `${sparkStamp(context)} INFO SparkContext: Running Spark version 3.4.1`);
    writeSparkApplicationFailure(context, {
      warnings: [],
      javaException:
        'java.lang.ClassNotFoundException: Failed to find data source: delta. Please find packages at https://spark.apache.org/third-party-projects.html',
      pythonException: `ModuleNotFoundError: No module named '${rng.choice(['delta', 'great_expectations', `${task.company.slug}_udfs`])}'`,
    });
    return failSpark(context, []);
  },
};

const awsClientMisconfigured: Scenario = {
  name: 'AWS client without region, credentials or valid endpoint',
  weight: 1.1,
  operators: [...PYTHON_OPERATORS, 'BashOperator'],
  durationS: seconds(0.5, 30),
  preamble: 'start',
  write(context) {
    const { rng, task } = context;
    if (task.operator === 'BashOperator') {
      const [line, code] = rng.choice([
        [
          'You must specify a region. You can also configure your region by running "aws configure".',
          253,
        ],
        [
          'Unable to locate credentials. You can configure credentials by running "aws configure".',
          253,
        ],
        [
          `Could not connect to the endpoint URL: "https://s3.${task.company.awsRegion}-1.amazonaws.com/${task.company.bucket}?list-type=2&prefix=exports%2F&encoding-type=url"`,
          255,
        ],
      ] as const);
      return failBash(context, [line], code);
    }
    const [code, exception, extra] = rng.choice([
      [
        's3 = boto3.client("s3")',
        'botocore.exceptions.NoRegionError: You must specify a region.',
        ['botocore/client.py', 1026, '_get_client_args', 'return args_creator.get_client_args('],
      ],
      [
        's3.put_object(Bucket=BUCKET, Key=key, Body=payload)',
        'botocore.exceptions.NoCredentialsError: Unable to locate credentials',
        ['botocore/auth.py', 418, 'add_auth', 'raise NoCredentialsError()'],
      ],
      [
        's3 = boto3.client("s3", endpoint_url=conf["endpoint"])',
        `ValueError: Invalid endpoint: https//s3.${task.company.awsRegion}.amazonaws.com`,
        [
          'botocore/endpoint.py',
          414,
          'create_endpoint',
          "raise ValueError(f'Invalid endpoint: {endpoint_url}')",
        ],
      ],
    ] as const);
    return failPython(context, {
      frames: [
        callableFrame(context, 'upload_results(results)'),
        moduleFrame(context, 'upload_results', code),
        libraryFrame(context, extra[0], extra[1], extra[2], extra[3]),
      ],
      exception,
    });
  },
};

const snowflakeMisconfigured: Scenario = {
  name: 'Snowflake session without warehouse or with a wrong object name',
  weight: 1,
  operators: ['SnowflakeOperator'],
  durationS: seconds(1, 30),
  write(context) {
    const { rng, task } = context;
    const qid = snowflakeQueryId(context);
    const database = `${task.company.warehouseDatabase.toUpperCase()}_${rng.choice(['PRD', 'PROD_V2', 'STG'])}`;
    return failSql(context, {
      exception: `snowflake.connector.errors.ProgrammingError: ${rng.choice([
        `000606 (57P03): ${qid}: No active warehouse selected in the current session.  Select an active warehouse with the 'use warehouse' command.\n`,
        `002003 (02000): ${qid}: SQL compilation error:\nDatabase '${database}' does not exist or not authorized.`,
        `390201 (08004): The requested warehouse does not exist or not authorized.`,
      ])}`,
    });
  },
};

const bigQueryMisconfigured: Scenario = {
  name: 'BigQuery dataset in another location or misnamed',
  weight: 0.9,
  operators: ['BigQueryInsertJobOperator'],
  durationS: seconds(1, 20),
  preamble: 'start',
  write(context) {
    const { rng, task } = context;
    const location = bigQueryLocation(context);
    const other = location === 'US' ? 'EU' : 'US';
    const notFound = chance(rng, 0.5);
    return failBigQuery(
      context,
      notFound ? 'NotFound' : 'BadRequest',
      notFound
        ? `404 Not found: Dataset ${task.company.gcpProject}:${bigQueryDataset(context)}_prd was not found in location ${location}`
        : `400 Cannot read and write in different locations: source: ${other}, destination: ${location}`,
    );
  },
};

const bashCommandNotFound: Scenario = {
  name: 'shell command or script not found',
  weight: 1.1,
  operators: ['BashOperator'],
  durationS: seconds(0.3, 10),
  preamble: 'start',
  write(context) {
    const { rng, deployment, task } = context;
    const script = `${deployment.dagsFolder}/${task.company.slug}_common/scripts/${task.taskId}.sh`;
    const [line, code] = rng.choice([
      [
        `/usr/bin/bash: line 1: ${rng.choice(['dbt', 'psql', 'gsutil', 'jq', 'aws'])}: command not found`,
        127,
      ],
      [`bash: ${script}: No such file or directory`, 127],
      [`/usr/local/bin/python3: No module named ${task.company.slug}_jobs.${task.taskId}`, 1],
      [`/usr/bin/bash: line 1: ${script.replace('.sh', '_v2.sh')}: No such file or directory`, 127],
    ] as const);
    return failBash(context, [line], code);
  },
};

const httpMisconfigured: Scenario = {
  name: 'HTTP connection host without scheme or malformed',
  weight: 0.9,
  operators: ['SimpleHttpOperator', 'HttpSensor', ...PYTHON_OPERATORS],
  durationS: seconds(0.3, 10),
  preamble: 'start',
  write(context) {
    const { rng, task } = context;
    const host = task.company.partnerApiHost;
    const path =
      task.operator === 'HttpSensor'
        ? sensorEndpoint(context)
        : `/v2/${rng.choice(task.company.tables)}`;
    const [exception, raising] = rng.choice([
      [
        `requests.exceptions.MissingSchema: Invalid URL '${host}${path}': No scheme supplied. Perhaps you meant https://${host}${path}?`,
        'raise MissingSchema(',
      ],
      [
        `requests.exceptions.InvalidURL: Failed to parse: https://${host}:443:443${path}`,
        'raise InvalidURL(*e.args)',
      ],
    ] as const);
    const prepare = [
      libraryFrame(
        context,
        'requests/sessions.py',
        575,
        'request',
        'prep = self.prepare_request(req)',
      ),
      libraryFrame(context, 'requests/sessions.py', 486, 'prepare_request', 'p.prepare('),
      libraryFrame(context, 'requests/models.py', 368, 'prepare', 'self.prepare_url(url, params)'),
      libraryFrame(context, 'requests/models.py', 439, 'prepare_url', raising),
    ];
    if (PYTHON_OPERATORS.includes(task.operator)) {
      return failPython(context, {
        frames: [
          callableFrame(context, 'data = client.get(path)'),
          moduleFrame(context, 'get', 'response = requests.get(self.base_url + path, timeout=30)'),
          ...requestsSendFrames(context).slice(0, 2),
          ...prepare,
        ],
        exception,
      });
    }
    // The lookup frames end in get_conn and the connection lookup; this request got past them.
    const frames = connectionLookupFrames(context, 'http', connectionId(context, 'http')).slice(
      0,
      -4,
    );
    frames.push(
      libraryFrame(
        context,
        'airflow/providers/http/hooks/http.py',
        175,
        'run',
        'prepped_request = session.prepare_request(req)',
      ),
      ...prepare.slice(1),
    );
    return failWithTraceback(context, [{ frames, exception }]);
  },
};

const databaseHostTypo: Scenario = {
  name: 'database host in the connection does not resolve',
  weight: 0.9,
  operators: ['PostgresOperator', 'SQLCheckOperator', 'S3ToRedshiftOperator'],
  durationS: seconds(0.5, 15),
  preamble: 'start',
  write(context) {
    const { rng, task } = context;
    const host = task.company.warehouseHost.replace(
      /prod|analytics|warehouse|dwh|replica/,
      (match) => rng.choice([`${match}-old`, `${match}2`, match.slice(0, -1)]),
    );
    return failWithTraceback(context, [
      {
        frames: sqlConnectFrames(context),
        exception: `psycopg2.OperationalError: could not translate host name "${host === task.company.warehouseHost ? `${host}.internal` : host}" to address: Name or service not known\n`,
      },
    ]);
  },
};

const poolMissing: Scenario = {
  name: 'task assigned to a pool that does not exist',
  weight: 0.5,
  operators: [
    'SparkSubmitOperator',
    'KubernetesPodOperator',
    'DatabricksSubmitRunOperator',
    'BigQueryInsertJobOperator',
  ],
  durationS: seconds(0.2, 2),
  preamble: 'none',
  firstAttemptOnly: true,
  write(context) {
    const { log, rng, deployment, task } = context;
    const pool = rng.choice([
      'spark_pool',
      'gpu_pool',
      'warehouse_heavy',
      `${task.company.slug}_batch`,
    ]);
    log.info(
      `taskinstance.py:${deployment.release.taskInstance.depsNotMet}`,
      `Dependencies not met for <TaskInstance: ${task.dag.dagId}.${task.taskId} ${task.runId} [queued]>, dependency 'Pool Slots Available' FAILED: ("Tasks using non-existent pool '%s' will not be scheduled", '${pool}')`,
    );
    log.moveTo(log.durationMs);
    log.info(
      `local_task_job_runner.py:${deployment.release.exitCode - 70}`,
      'Task is not able to be run',
    );
    return { kind: 'cut' };
  },
};

const podSpecRejected: Scenario = {
  name: 'Kubernetes API rejected the pod spec or namespace',
  weight: 0.8,
  operators: ['KubernetesPodOperator'],
  durationS: seconds(1, 15),
  preamble: 'airflow',
  write(context) {
    const { rng, task, log } = context;
    const name = podName(context);
    log.info(
      'pod.py:1063',
      `Building pod ${name} with labels: {'dag_id': '${task.dag.dagId}', 'task_id': '${task.taskId}', 'kubernetes_pod_operator': 'True', 'try_number': '${task.tryNumber}'}`,
    );
    const [status, reason, message] = rng.choice([
      [
        422,
        'Unprocessable Entity',
        `Pod \\"${name}\\" is invalid: spec.containers[0].resources.requests: Invalid value: \\"${rng.choice(['8Gi', '16Gi', '4'])}\\": must be less than or equal to ${rng.choice(['memory', 'cpu'])} limit`,
      ],
      [
        404,
        'Not Found',
        `namespaces \\"${task.company.kubernetesNamespace.replace(/.$/, '')}\\" not found`,
      ],
      [
        422,
        'Unprocessable Entity',
        `Pod \\"${name}\\" is invalid: spec.volumes[0].secret.secretName: Required value`,
      ],
    ] as const);
    const operatorFile = 'airflow/providers/cncf/kubernetes/operators/pod.py';
    return failWithTraceback(context, [
      {
        frames: [
          libraryFrame(context, operatorFile, 594, 'execute', 'return self.execute_sync(context)'),
          libraryFrame(
            context,
            operatorFile,
            623,
            'execute_sync',
            'self.pod = self.get_or_create_pod(  # must set `self.pod` for `on_kill`',
          ),
          libraryFrame(
            context,
            operatorFile,
            581,
            'get_or_create_pod',
            'self.pod_manager.create_pod(pod=pod_request_obj)',
          ),
          libraryFrame(
            context,
            'airflow/providers/cncf/kubernetes/utils/pod_manager.py',
            343,
            'create_pod',
            'return self.run_pod_async(pod)',
          ),
          libraryFrame(
            context,
            'airflow/providers/cncf/kubernetes/utils/pod_manager.py',
            328,
            'run_pod_async',
            'raise e',
          ),
          libraryFrame(
            context,
            'kubernetes/client/rest.py',
            238,
            'request',
            'raise ApiException(http_resp=r)',
          ),
        ],
        exception: `kubernetes.client.exceptions.ApiException: (${status})\nReason: ${reason}\nHTTP response headers: HTTPHeaderDict({'Audit-Id': '${hex(rng, 8)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 12)}', 'Cache-Control': 'no-cache, private', 'Content-Type': 'application/json', 'Date': '${new Date(log.startMs + log.offsetMs).toUTCString()}', 'Content-Length': '${rng.int(180, 420)}'})\nHTTP response body: {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"${message}","reason":"${reason.replaceAll(' ', '')}","code":${status}}\n`,
      },
    ]);
  },
};

const wrongTaskArguments: Scenario = {
  name: 'callable called with arguments the DAG does not match',
  weight: 0.6,
  operators: PYTHON_OPERATORS,
  durationS: seconds(0.2, 5),
  preamble: 'airflow',
  write(context) {
    const { rng, task } = context;
    const argument = rng.choice([
      'target_table',
      'conn_id',
      'execution_date',
      'bucket_name',
      'batch_size',
    ]);
    userInfo(context, `op_kwargs: {'${argument}': '${rng.choice(task.company.tables)}'}`);
    return failPython(context, {
      frames: [],
      exception: `TypeError: ${task.taskId}() got an unexpected keyword argument '${argument}'`,
    });
  },
};

/** Failures whose root cause is the task's own setup: connections, variables, images, templates, parameters. */
export const configurationErrorScenarios: readonly Scenario[] = [
  connectionNotDefined,
  variableMissing,
  environmentVariableMissing,
  templateError,
  moduleMissing,
  imageNotFound,
  dbtMisconfigured,
  sparkMisconfigured,
  awsClientMisconfigured,
  snowflakeMisconfigured,
  bigQueryMisconfigured,
  bashCommandNotFound,
  httpMisconfigured,
  databaseHostTypo,
  poolMissing,
  podSpecRejected,
  wrongTaskArguments,
];
