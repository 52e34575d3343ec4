import { PYTHON_OPERATORS } from '../catalog';
import type { Scenario, ScenarioContext } from '../context';
import { failBash } from '../operators/bash';
import { bigQueryDataset, failBigQuery } from '../operators/bigquery';
import { databricksRunUrl } from '../operators/databricks';
import { failHttpStatus, httpUrl } from '../operators/http';
import { podName } from '../operators/kubernetes-pod';
import { callableFrame, failPython, moduleFrame, userInfo, userWarning } from '../operators/python';
import { failWithTraceback, logicalDs } from '../operators/shared';
import { failSql, s3Prefix, snowflakeQueryId, sqlConnectFrames, taskTable } from '../operators/sql';
import { chance, hex, privateIp, seconds } from '../random-helpers';
import { airflowFrame, type Frame, frameworkFrames, libraryFrame } from '../traceback';
import {
  botocoreFrames,
  postgresHookConnectFrames,
  postgresServer,
  s3HookReadFrames,
} from './library-frames';

function awsAccount(context: ScenarioContext): string {
  const match = context.task.company.imageRegistry.match(/^(\d{12})\./);
  return match?.[1] ?? `${context.rng.int(100_000, 999_999)}${context.rng.int(100_000, 999_999)}`;
}

function s3SensorFrames(context: ScenarioContext): Frame[] {
  return [
    ...frameworkFrames(context),
    airflowFrame(context, 'sensors/base.py', 265, 'execute', 'poke_return = self.poke(context)'),
    libraryFrame(
      context,
      'airflow/providers/amazon/aws/sensors/s3.py',
      152,
      'poke',
      'return self._check_key(self.bucket_key)',
    ),
    libraryFrame(
      context,
      'airflow/providers/amazon/aws/sensors/s3.py',
      120,
      '_check_key',
      'obj = self.hook.head_object(key, bucket_name)',
    ),
    libraryFrame(
      context,
      'airflow/providers/amazon/aws/hooks/s3.py',
      893,
      'head_object',
      'return self.get_conn().head_object(Bucket=bucket_name, Key=key)',
    ),
    ...botocoreFrames(context),
  ];
}

const s3AccessDenied: Scenario = {
  name: 'S3 access denied',
  weight: 2,
  operators: [...PYTHON_OPERATORS, 'S3KeySensor', 'BashOperator', 'S3ToRedshiftOperator'],
  durationS: seconds(1, 600),
  write(context) {
    const { rng, task } = context;
    const ds = logicalDs(context);
    if (task.operator === 'S3KeySensor') {
      return failWithTraceback(context, [
        {
          frames: s3SensorFrames(context),
          exception:
            'botocore.exceptions.ClientError: An error occurred (403) when calling the HeadObject operation: Forbidden',
        },
      ]);
    }
    if (task.operator === 'BashOperator') {
      return failBash(
        context,
        [
          rng.choice([
            `upload failed: ../../tmp/export_${ds}/part-00000.csv.gz to s3://${task.company.bucket}/exports/${ds}/part-00000.csv.gz An error occurred (AccessDenied) when calling the PutObject operation: Access Denied`,
            'fatal error: An error occurred (AccessDenied) when calling the ListObjectsV2 operation: Access Denied',
            `download failed: s3://${task.company.bucket}/raw/${ds}/manifest.json to ../../tmp/manifest.json An error occurred (403) when calling the HeadObject operation: Forbidden`,
          ]),
        ],
        1,
      );
    }
    if (task.operator === 'S3ToRedshiftOperator') {
      const query = rng.int(1_000_000, 9_999_999);
      const rid = hex(rng, 16).toUpperCase();
      const error = `S3ServiceException:Access Denied,Status 403,Error AccessDenied,Rid ${rid},ExtRid ${hex(rng, 40)},CanRetry 1`;
      return failSql(context, {
        exception: [
          `psycopg2.errors.InternalError_: ${error}`,
          'DETAIL:  ',
          '  -----------------------------------------------',
          `  error:  ${error}`,
          '  code:      8001',
          `  context:   Listing bucket=${task.company.bucket} prefix=${s3Prefix(context).replace(`s3://${task.company.bucket}/`, '')}`,
          `  query:     ${query}`,
          '  location:  s3_utility.cpp:688',
          `  process:   padbmaster [pid=${rng.int(1000, 40_000)}]`,
          '  -----------------------------------------------',
          '',
        ].join('\n'),
      });
    }
    if (chance(rng, 0.5)) {
      return failPython(context, {
        frames: s3HookReadFrames(context),
        exception:
          'botocore.exceptions.ClientError: An error occurred (403) when calling the HeadObject operation: Forbidden',
      });
    }
    const path = `/tmp/${task.taskId}_${ds}.parquet`;
    const key = `curated/${rng.choice(task.company.tables)}/ds=${ds}/data.parquet`;
    return failPython(context, {
      causes: [
        {
          frames: [
            libraryFrame(context, 'boto3/s3/transfer.py', 371, 'upload_file', 'future.result()'),
            libraryFrame(
              context,
              's3transfer/futures.py',
              103,
              'result',
              'return self._coordinator.result()',
            ),
            libraryFrame(context, 's3transfer/futures.py', 266, 'result', 'raise self._exception'),
            libraryFrame(
              context,
              's3transfer/tasks.py',
              139,
              '__call__',
              'return self._execute_main(kwargs)',
            ),
            libraryFrame(
              context,
              's3transfer/tasks.py',
              162,
              '_execute_main',
              'return_value = self._main(**kwargs)',
            ),
            libraryFrame(
              context,
              's3transfer/upload.py',
              764,
              '_main',
              'client.put_object(Bucket=bucket, Key=key, Body=body, **extra_args)',
            ),
            ...botocoreFrames(context),
          ],
          exception:
            'botocore.exceptions.ClientError: An error occurred (AccessDenied) when calling the PutObject operation: Access Denied',
        },
      ],
      frames: [
        callableFrame(context, `s3.upload_file(local_path, "${task.company.bucket}", key)`),
        libraryFrame(
          context,
          'boto3/s3/inject.py',
          145,
          'upload_file',
          'return transfer.upload_file(',
        ),
        libraryFrame(
          context,
          'boto3/s3/transfer.py',
          377,
          'upload_file',
          'raise S3UploadFailedError(',
        ),
      ],
      exception: `boto3.exceptions.S3UploadFailedError: Failed to upload ${path} to ${task.company.bucket}/${key}: An error occurred (AccessDenied) when calling the PutObject operation: Access Denied`,
      link: 'context',
    });
  },
};

const assumeRoleDenied: Scenario = {
  name: 'STS AssumeRole denied or token expired',
  weight: 1.2,
  operators: [...PYTHON_OPERATORS, 'S3KeySensor'],
  durationS: seconds(1, 120),
  write(context) {
    const { rng, task } = context;
    const account = awsAccount(context);
    const exception = chance(rng, 0.6)
      ? `botocore.exceptions.ClientError: An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:sts::${account}:assumed-role/${task.company.slug}-airflow-worker/i-0${hex(rng, 16)} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${rng.int(100_000_000_000, 999_999_999_999)}:role/${task.company.slug}-${rng.choice(['data-reader', 'lake-writer', 'cross-account-export'])}`
      : `botocore.exceptions.ClientError: An error occurred (ExpiredToken) when calling the ${rng.choice(['PutObject', 'GetObject', 'ListObjectsV2'])} operation: The provided token has expired.`;
    if (task.operator === 'S3KeySensor')
      return failWithTraceback(context, [{ frames: s3SensorFrames(context), exception }]);
    return failPython(context, {
      frames: [
        callableFrame(context, `session = assume_role(ROLE_ARN, session_name="${task.dag.dagId}")`),
        moduleFrame(
          context,
          'assume_role',
          'creds = sts.assume_role(RoleArn=role_arn, RoleSessionName=session_name)["Credentials"]',
        ),
        ...botocoreFrames(context),
      ],
      exception,
    });
  },
};

const databasePrivileges: Scenario = {
  name: 'database role lacks privileges',
  weight: 1.4,
  operators: ['PostgresOperator', 'SQLCheckOperator', ...PYTHON_OPERATORS],
  durationS: seconds(0.5, 120),
  write(context) {
    const { rng, task } = context;
    const { schema, table } = taskTable(context);
    const exception = rng.choice([
      `psycopg2.errors.InsufficientPrivilege: permission denied for table ${table}\n`,
      `psycopg2.errors.InsufficientPrivilege: permission denied for schema ${schema}\nLINE 1: INSERT INTO ${schema}.${table} SELECT * FROM staging.${table} ...\n                    ^\n`,
      `psycopg2.errors.InsufficientPrivilege: must be owner of table ${table}\n`,
      `psycopg2.errors.InsufficientPrivilege: permission denied for sequence ${table}_id_seq\n`,
    ]);
    if (PYTHON_OPERATORS.includes(task.operator)) {
      return failPython(context, {
        frames: [
          callableFrame(context, 'load_frame(df, table=TARGET_TABLE, ds=context["ds"])'),
          moduleFrame(context, 'load_frame', 'cursor.execute(insert_sql, params)'),
        ],
        exception,
      });
    }
    return failSql(context, { exception });
  },
};

const databaseAuthentication: Scenario = {
  name: 'database rejected the credentials',
  weight: 1,
  operators: [...PYTHON_OPERATORS, 'PostgresOperator', 'SQLCheckOperator'],
  durationS: seconds(0.5, 20),
  preamble: 'start',
  write(context) {
    const { rng, task } = context;
    const user = `${task.company.slug}_${rng.choice(['etl', 'airflow', 'loader'])}`;
    const reason = rng.choice([
      `FATAL:  password authentication failed for user "${user}"`,
      `FATAL:  no pg_hba.conf entry for host "${privateIp(rng)}", user "${user}", database "${task.company.warehouseDatabase}", SSL off`,
      `FATAL:  role "${user}" is not permitted to log in`,
    ]);
    const exception = `psycopg2.OperationalError: ${postgresServer(context)}: ${reason}\n`;
    if (PYTHON_OPERATORS.includes(task.operator))
      return failPython(context, { frames: postgresHookConnectFrames(context), exception });
    return failWithTraceback(context, [{ frames: sqlConnectFrames(context), exception }]);
  },
};

const snowflakeAccess: Scenario = {
  name: 'Snowflake role lacks privileges or login failed',
  weight: 1.2,
  operators: ['SnowflakeOperator'],
  durationS: seconds(1, 60),
  write(context) {
    const { rng, task } = context;
    const { table } = taskTable(context);
    return failSql(context, {
      exception: `snowflake.connector.errors.${rng.choice([
        `ProgrammingError: 003001 (42501): ${snowflakeQueryId(context)}: SQL access control error:\nInsufficient privileges to operate on table '${table.toUpperCase()}'`,
        `ProgrammingError: 003001 (42501): ${snowflakeQueryId(context)}: SQL access control error:\nInsufficient privileges to operate on schema '${rng.choice(task.company.schemas).toUpperCase()}'`,
        'DatabaseError: 250001 (08001): Failed to connect to DB: ' +
          `${task.company.snowflakeAccount}.snowflakecomputing.com:443. Incorrect username or password was specified.`,
        'DatabaseError: 250001 (08001): Failed to connect to DB: ' +
          `${task.company.snowflakeAccount}.snowflakecomputing.com:443. JWT token is invalid. [${hex(rng, 8)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 12)}]`,
      ])}`,
    });
  },
};

const googleForbidden: Scenario = {
  name: 'BigQuery or GCS forbidden for the service account',
  weight: 1.2,
  operators: ['BigQueryInsertJobOperator', ...PYTHON_OPERATORS],
  durationS: seconds(1, 120),
  write(context) {
    const { rng, task } = context;
    const project = task.company.gcpProject;
    const account = `${rng.choice(['airflow', 'composer-worker', `${task.company.slug}-etl`])}@${project}.iam.gserviceaccount.com`;
    if (task.operator === 'BigQueryInsertJobOperator') {
      const { table } = taskTable(context);
      const target = `${project}:${bigQueryDataset(context)}.${table}`;
      return failBigQuery(
        context,
        'Forbidden',
        rng.choice([
          `403 Access Denied: Table ${target}: User does not have permission to query table ${target}, or perhaps it does not exist.`,
          `403 Access Denied: Project ${project}: User does not have bigquery.jobs.create permission in project ${project}.`,
          `403 Access Denied: Dataset ${project}:${bigQueryDataset(context)}: Permission bigquery.tables.updateData denied on table ${target} (or it may not exist).`,
        ]),
      );
    }
    const bucket = `${task.company.slug}-${rng.choice(['exports', 'ml-artifacts', 'landing'])}`;
    return failPython(context, {
      causes: [
        {
          frames: [
            libraryFrame(
              context,
              'google/cloud/storage/blob.py',
              2959,
              'upload_from_file',
              'created_json = self._do_upload(',
            ),
            libraryFrame(
              context,
              'google/cloud/storage/blob.py',
              2782,
              '_do_upload',
              'response = self._do_resumable_upload(',
            ),
            libraryFrame(
              context,
              'google/resumable_media/_helpers.py',
              108,
              'require_status_code',
              'raise common.InvalidResponse(',
            ),
          ],
          exception: `google.resumable_media.common.InvalidResponse: ('Request failed with status code', 403, 'Expected one of', <HTTPStatus.OK: 200>, <HTTPStatus.CREATED: 201>)`,
        },
      ],
      frames: [
        callableFrame(context, `blob.upload_from_filename(local_path)`),
        libraryFrame(
          context,
          'google/cloud/storage/blob.py',
          3110,
          'upload_from_filename',
          'self._handle_filename_and_upload(',
        ),
        libraryFrame(
          context,
          'google/cloud/storage/blob.py',
          2963,
          'upload_from_file',
          '_raise_from_invalid_response(exc)',
        ),
        libraryFrame(
          context,
          'google/cloud/storage/blob.py',
          4495,
          '_raise_from_invalid_response',
          'raise exceptions.from_http_status(response.status_code, message, response=response)',
        ),
      ],
      exception: `google.api_core.exceptions.Forbidden: 403 POST https://storage.googleapis.com/upload/storage/v1/b/${bucket}/o?uploadType=resumable: {\n  "error": {\n    "code": 403,\n    "message": "${account} does not have storage.objects.create access to the Google Cloud Storage object. Permission 'storage.objects.create' denied on resource (or it may not exist).",\n    "errors": [\n      {\n        "message": "${account} does not have storage.objects.create access to the Google Cloud Storage object. Permission 'storage.objects.create' denied on resource (or it may not exist).",\n        "domain": "global",\n        "reason": "forbidden"\n      }\n    ]\n  }\n}\n: ('Request failed with status code', 403, 'Expected one of', <HTTPStatus.OK: 200>, <HTTPStatus.CREATED: 201>)`,
      link: 'context',
    });
  },
};

const httpUnauthorized: Scenario = {
  name: 'API answered 401 or 403',
  weight: 1.5,
  operators: ['SimpleHttpOperator', 'HttpSensor', ...PYTHON_OPERATORS],
  durationS: seconds(0.5, 300),
  write(context) {
    const { rng, task } = context;
    const [status, reason, body] = rng.choice([
      [
        401,
        'Unauthorized',
        '{"error":"invalid_token","error_description":"The access token expired"}',
      ],
      [
        401,
        'Unauthorized',
        '{"message":"Invalid API key. Rotate your key in the partner portal."}',
      ],
      [
        403,
        'Forbidden',
        `{"message":"Missing scope: ${rng.choice(['reports:read', 'exports:write', 'tracking:read'])}"}`,
      ],
      [
        403,
        'Forbidden',
        `{"error":"forbidden","detail":"IP ${privateIp(rng)} is not on the allow list"}`,
      ],
    ] as const);
    if (!PYTHON_OPERATORS.includes(task.operator))
      return failHttpStatus(context, status, reason, body);
    return failPython(context, {
      frames: [
        callableFrame(context, 'report = client.download_report(report_id)'),
        moduleFrame(context, 'download_report', 'response.raise_for_status()'),
        libraryFrame(
          context,
          'requests/models.py',
          1021,
          'raise_for_status',
          'raise HTTPError(http_error_msg, response=self)',
        ),
      ],
      exception: `requests.exceptions.HTTPError: ${status} Client Error: ${reason} for url: ${httpUrl(context)}`,
    });
  },
};

const localPermission: Scenario = {
  name: 'file system permission denied',
  weight: 1.1,
  operators: [...PYTHON_OPERATORS, 'BashOperator'],
  durationS: seconds(0.5, 200),
  write(context) {
    const { rng, task, deployment } = context;
    const ds = logicalDs(context);
    if (task.operator === 'BashOperator') {
      const script = `${deployment.dagsFolder}/${task.company.slug}_common/scripts/${task.taskId}.sh`;
      const [line, code] = rng.choice([
        [
          `mkdir: cannot create directory '/mnt/shared/${task.company.slug}/${ds}': Permission denied`,
          1,
        ],
        [`/usr/bin/bash: line 1: ${script}: Permission denied`, 126],
        [
          `cp: cannot create regular file '/data/outbound/${task.taskId}_${ds}.csv': Permission denied`,
          1,
        ],
      ] as const);
      return failBash(context, [line], code);
    }
    const stdlib = `/usr/local/lib/python${deployment.pythonVersion}`;
    const directory = `/opt/airflow/data/${rng.choice(['exports', 'models', 'reports'])}/${ds}`;
    return failPython(context, {
      frames: [
        callableFrame(context, 'output_dir = prepare_output_dir(context["ds"])'),
        moduleFrame(context, 'prepare_output_dir', 'os.makedirs(path, exist_ok=True)'),
        { file: `${stdlib}/os.py`, line: 225, func: 'makedirs', code: 'mkdir(name, mode)' },
      ],
      exception: `PermissionError: [Errno 13] Permission denied: '${directory}'`,
    });
  },
};

const kubernetesForbidden: Scenario = {
  name: 'service account not allowed to create pods',
  weight: 0.8,
  operators: ['KubernetesPodOperator'],
  durationS: seconds(1, 10),
  preamble: 'airflow',
  write(context) {
    const { rng, task, log } = context;
    const name = podName(context);
    const namespace = task.company.kubernetesNamespace;
    log.info(
      'pod.py:1063',
      `Building pod ${name} with labels: {'dag_id': '${task.dag.dagId}', 'task_id': '${task.taskId}', 'kubernetes_pod_operator': 'True', 'try_number': '${task.tryNumber}'}`,
    );
    const user = `system:serviceaccount:airflow:${rng.choice(['airflow-worker', 'airflow-scheduler', 'default'])}`;
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
            570,
            'get_or_create_pod',
            'pod = self.find_pod(self.namespace or pod_request_obj.metadata.namespace, context=context)',
          ),
          libraryFrame(
            context,
            operatorFile,
            533,
            'find_pod',
            'pod_list = self.client.list_namespaced_pod(',
          ),
          libraryFrame(
            context,
            'kubernetes/client/api/core_v1_api.py',
            15823,
            'list_namespaced_pod',
            'return self.list_namespaced_pod_with_http_info(namespace, **kwargs)  # noqa: E501',
          ),
          libraryFrame(
            context,
            'kubernetes/client/rest.py',
            238,
            'request',
            'raise ApiException(http_resp=r)',
          ),
        ],
        exception: `kubernetes.client.exceptions.ApiException: (403)\nReason: Forbidden\nHTTP response headers: HTTPHeaderDict({'Audit-Id': '${hex(rng, 8)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 12)}', 'Cache-Control': 'no-cache, private', 'Content-Type': 'application/json', 'X-Content-Type-Options': 'nosniff', 'Content-Length': '${rng.int(280, 360)}'})\nHTTP response body: {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods is forbidden: User \\"${user}\\" cannot list resource \\"pods\\" in API group \\"\\" in the namespace \\"${namespace}\\"","reason":"Forbidden","details":{"kind":"pods"},"code":403}\n`,
      },
    ]);
  },
};

const hiddenAccessDenied: Scenario = {
  name: 'access denied hidden behind a generic exception',
  weight: 1.3,
  operators: [...PYTHON_OPERATORS, 'BashOperator'],
  durationS: seconds(20, 900),
  write(context) {
    const { rng, task, log } = context;
    const ds = logicalDs(context);
    const attempts = rng.int(2, 5);
    const operation = rng.choice([
      'PutObject',
      'GetObject',
      'CreateMultipartUpload',
      'ListObjectsV2',
    ]);
    if (task.operator === 'BashOperator') {
      return failBash(
        context,
        [
          `[${ds}] exporting ${rng.choice(task.company.tables)} ...`,
          `An error occurred (AccessDenied) when calling the ${operation} operation: Access Denied`,
          `[${ds}] step 'publish' failed, see above`,
          'ERROR: export job failed',
        ],
        rng.choice([1, 2]),
      );
    }
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      log.advance(rng.int(2000, 60_000));
      userWarning(
        context,
        `Attempt ${attempt}/${attempts} failed: An error occurred (AccessDenied) when calling the ${operation} operation: Access Denied${attempt < attempts ? `; retrying in ${2 ** attempt}s` : ''}`,
      );
    }
    userInfo(context, 'Giving up after retries');
    return failPython(context, {
      frames: [
        callableFrame(context, 'publish(frame, destination)'),
        moduleFrame(
          context,
          'publish',
          'raise PublishError(f"Publishing {destination} failed after {attempts} attempts")',
        ),
      ],
      exception: `${task.company.slug}_common.errors.PublishError: Publishing s3://${task.company.bucket}/curated/${ds}/ failed after ${attempts} attempts`,
    });
  },
};

const databricksPermission: Scenario = {
  name: 'Databricks token invalid or missing cluster permission',
  weight: 0.8,
  operators: ['DatabricksSubmitRunOperator'],
  durationS: seconds(1, 30),
  preamble: 'airflow',
  write(context) {
    const { rng, task } = context;
    const host = new URL(databricksRunUrl(context)).host;
    const [status, body] = rng.choice([
      [403, '{"error_code":"403","message":"Invalid access token."}'],
      [
        403,
        `{"error_code":"PERMISSION_DENIED","message":"User svc-airflow@${task.company.slug}.example does not have Manage permissions on cluster ${rng.int(1000, 9999)}-${rng.int(100_000, 999_999)}-${hex(rng, 8)}."}`,
      ],
      [401, '{"error_code":"401","message":"Unauthorized"}'],
    ] as const);
    const hook = 'airflow/providers/databricks/hooks/databricks_base.py';
    return failWithTraceback(context, [
      {
        frames: [
          libraryFrame(
            context,
            hook,
            580,
            '_do_api_call',
            'for attempt in self._get_retry_object():',
          ),
          libraryFrame(
            context,
            'tenacity/__init__.py',
            347,
            '__iter__',
            'do = self.iter(retry_state=retry_state)',
          ),
          libraryFrame(context, hook, 597, '_do_api_call', 'response.raise_for_status()'),
          libraryFrame(
            context,
            'requests/models.py',
            1021,
            'raise_for_status',
            'raise HTTPError(http_error_msg, response=self)',
          ),
        ],
        exception: `requests.exceptions.HTTPError: ${status} Client Error: ${status === 401 ? 'Unauthorized' : 'Forbidden'} for url: https://${host}/api/2.1/jobs/runs/submit`,
      },
      {
        frames: [
          ...frameworkFrames(context),
          libraryFrame(
            context,
            'airflow/providers/databricks/operators/databricks.py',
            534,
            'execute',
            'self.run_id = self._hook.submit_run(json_normalised)',
          ),
          libraryFrame(
            context,
            'airflow/providers/databricks/hooks/databricks.py',
            263,
            'submit_run',
            'response = self._do_api_call(SUBMIT_RUN_ENDPOINT, json)',
          ),
          libraryFrame(context, hook, 612, '_do_api_call', 'raise AirflowException('),
        ],
        exception: `airflow.exceptions.AirflowException: Response: ${body}, Status Code: ${status}`,
        link: 'context',
      },
    ]);
  },
};

const sftpAuthentication: Scenario = {
  name: 'SFTP/SSH authentication failed',
  weight: 0.8,
  operators: ['BashOperator', ...PYTHON_OPERATORS],
  durationS: seconds(1, 60),
  write(context) {
    const { rng, task } = context;
    const host = `sftp.${task.company.partnerApiHost.split('.').slice(1).join('.')}`;
    const user = `${task.company.slug}_${rng.choice(['drop', 'airflow', 'partner'])}`;
    if (task.operator === 'BashOperator') {
      return failBash(
        context,
        [`${user}@${host}: Permission denied (publickey,password).`, 'Connection closed'],
        255,
      );
    }
    userInfo(context, `Connecting to ${host}:22 as ${user}`);
    return failPython(context, {
      frames: [
        callableFrame(context, 'with SFTPHook(ssh_conn_id=SFTP_CONN).get_conn() as sftp:'),
        libraryFrame(
          context,
          'airflow/providers/sftp/hooks/sftp.py',
          90,
          'get_conn',
          'self.conn = super().get_conn().open_sftp()',
        ),
        libraryFrame(
          context,
          'airflow/providers/ssh/hooks/ssh.py',
          337,
          'get_conn',
          'client.connect(**connect_kwargs)',
        ),
        libraryFrame(context, 'paramiko/client.py', 485, 'connect', 'self._auth('),
        libraryFrame(context, 'paramiko/client.py', 818, '_auth', 'raise saved_exception'),
        libraryFrame(
          context,
          'paramiko/client.py',
          794,
          '_auth',
          'self._transport.auth_password(username, password)',
        ),
        libraryFrame(
          context,
          'paramiko/transport.py',
          1603,
          'auth_password',
          'return self.auth_handler.wait_for_response(my_event)',
        ),
        libraryFrame(context, 'paramiko/auth_handler.py', 263, 'wait_for_response', 'raise e'),
      ],
      exception: 'paramiko.ssh_exception.AuthenticationException: Authentication failed.',
    });
  },
};

/** Failures whose root cause is missing rights: IAM, database grants, API keys, RBAC, file modes. */
export const permissionErrorScenarios: readonly Scenario[] = [
  s3AccessDenied,
  assumeRoleDenied,
  databasePrivileges,
  databaseAuthentication,
  snowflakeAccess,
  googleForbidden,
  httpUnauthorized,
  localPermission,
  kubernetesForbidden,
  hiddenAccessDenied,
  databricksPermission,
  sftpAuthentication,
];
