import { type OperatorName, PYTHON_OPERATORS } from '../catalog';
import type { Ending, Scenario, ScenarioContext } from '../context';
import { failBash } from '../operators/bash';
import { databricksState, failDatabricks } from '../operators/databricks';
import { dbtModels, dbtSummary, failDbt } from '../operators/dbt';
import { failPod } from '../operators/kubernetes-pod';
import { callableFrame, failPython, moduleFrame, userInfo, userWarning } from '../operators/python';
import { failWithTraceback, logicalDs } from '../operators/shared';
import { failSpark, writeSparkApplicationFailure } from '../operators/spark-submit';
import { alphanumeric, chance, hex, seconds } from '../random-helpers';
import {
  airflowFrame,
  type Frame,
  frameworkFrames,
  libraryFrame,
  pythonOperatorFrames,
} from '../traceback';

/** Every operator of the catalog: failures of this kind can hit any task. */
const ANY_OPERATOR: readonly OperatorName[] = [
  'PythonOperator',
  '_PythonDecoratedOperator',
  'BashOperator',
  'KubernetesPodOperator',
  'SparkSubmitOperator',
  'PostgresOperator',
  'S3ToRedshiftOperator',
  'DbtRunOperator',
  'DbtTestOperator',
  'HttpSensor',
  'ExternalTaskSensor',
  'S3KeySensor',
  'SnowflakeOperator',
  'BigQueryInsertJobOperator',
  'SimpleHttpOperator',
  'SQLCheckOperator',
  'DatabricksSubmitRunOperator',
];

const nativeCrash: Scenario = {
  name: 'raw task process died from a signal (segfault, abort, illegal instruction)',
  weight: 1.6,
  operators: [
    ...PYTHON_OPERATORS,
    'BashOperator',
    'SnowflakeOperator',
    'BigQueryInsertJobOperator',
  ],
  durationS: seconds(5, 3600),
  write(context) {
    const signal = context.rng.choice([
      'SIGSEGV',
      'SIGSEGV',
      'SIGSEGV',
      'SIGABRT',
      'SIGBUS',
      'SIGILL',
    ]);
    return { kind: 'killed', returnCode: `Negsignal.${signal}` };
  },
};

const oddAssertion: Scenario = {
  name: 'bare assertion inside a library',
  weight: 1.3,
  operators: PYTHON_OPERATORS,
  durationS: seconds(2, 1800),
  write(context) {
    const { rng, task } = context;
    const [module, func, code, message] = rng.choice([
      ['shapely/ops.py', 'unary_union', 'assert len(geoms) == len(polys)', ''],
      ['s3fs/core.py', '_upload_chunk', 'assert self.parts is not None', ''],
      [
        'pyarrow/parquet/core.py',
        '_get_pandas_index_columns',
        'assert isinstance(index_columns, list)',
        '',
      ],
      [
        'multiprocessing/process.py',
        'start',
        "assert not _current_process._config.get('daemon'), \\",
        'daemonic processes are not allowed to have children',
      ],
      [
        `${task.company.slug}_vendor_sdk/pagination.py`,
        '_next_page',
        'assert self._cursor != previous_cursor',
        '',
      ],
      ['xgboost/core.py', '_validate_features', 'assert self.feature_names is not None', ''],
    ] as const);
    const file =
      module === 'multiprocessing/process.py'
        ? {
            file: `/usr/local/lib/python${context.deployment.pythonVersion}/${module}`,
            line: 118,
            func,
            code,
          }
        : libraryFrame(context, module, rng.int(80, 1900), func, code);
    return failPython(context, {
      frames: [
        callableFrame(context, `result = ${rng.choice(['process', 'run_step', 'export'])}(frame)`),
        moduleFrame(context, 'process', 'output = helper.run(chunks)'),
        file,
      ],
      exception: message === '' ? 'AssertionError' : `AssertionError: ${message}`,
    });
  },
};

const thirdPartyBug: Scenario = {
  name: 'TypeError, AttributeError or similar deep in code',
  weight: 2.4,
  operators: PYTHON_OPERATORS,
  durationS: seconds(1, 2400),
  write(context) {
    const { rng, task, deployment } = context;
    const modern = Number(deployment.pythonVersion.split('.')[1]) >= 11;
    const variable = rng.choice(['cursor', 'result', 'frame', 'last_id']);
    const [code, exception] = rng.choice([
      [
        'next_token = response["meta"]["next"]',
        "TypeError: 'NoneType' object is not subscriptable",
      ],
      [
        'tags = record.get("attributes").get("tags", [])',
        "AttributeError: 'NoneType' object has no attribute 'get'",
      ],
      [
        'total = previous_total + delta',
        "TypeError: unsupported operand type(s) for +: 'NoneType' and 'int'",
      ],
      ['first = batches[0]', 'IndexError: list index out of range'],
      ['ratio = matched / expected', 'ZeroDivisionError: float division by zero'],
      [
        'key, value, _ = line.split("=")',
        'ValueError: not enough values to unpack (expected 3, got 2)',
      ],
      [
        'return walk(node.children, depth + 1)',
        'RecursionError: maximum recursion depth exceeded while calling a Python object',
      ],
      [
        `return ${variable}`,
        modern
          ? `UnboundLocalError: cannot access local variable '${variable}' where it is not associated with a value`
          : `UnboundLocalError: local variable '${variable}' referenced before assignment`,
      ],
      ['for key in state:', 'RuntimeError: dictionary changed size during iteration'],
      [
        'payload = np.asarray(values, dtype=np.float)',
        "AttributeError: module 'numpy' has no attribute 'float'.\n`np.float` was a deprecated alias for the builtin `float`. To avoid this error in existing code, use `float` by itself. Doing this will not modify any behavior and is safe. If you specifically wanted the numpy scalar type, use `np.float64` here.\nThe aliases was originally deprecated in NumPy 1.20; for more details and guidance see the original release note at:\n    https://numpy.org/devdocs/release/1.20.0-notes.html#deprecations",
      ],
    ] as const);
    const frames: Frame[] = [];
    if (chance(rng, 0.5)) {
      const func = rng.choice(['parse', 'iter_pages', 'from_dict']);
      frames.push(
        callableFrame(context, `records = client.${func}(payload)`),
        libraryFrame(
          context,
          `${task.company.slug}_vendor_sdk/${rng.choice(['client.py', 'models.py', 'pagination.py'])}`,
          rng.int(40, 900),
          func,
          code,
        ),
      );
    } else {
      const func = rng.choice(['transform', 'merge_state', 'summarize']);
      frames.push(
        callableFrame(context, `${rng.choice(['rows', 'result', 'summary'])} = ${func}(batch)`),
        moduleFrame(context, func, code),
      );
    }
    return failPython(context, { frames, exception });
  },
};

const truncatedLog: Scenario = {
  name: 'log ends abruptly (worker lost, upload cut)',
  weight: 2,
  operators: ANY_OPERATOR,
  durationS: seconds(10, 7200),
  write(context) {
    const { log, rng, task } = context;
    if (chance(rng, 0.3)) {
      log.keepFirstLines(rng.int(2, 9));
      log.cutLastLine(rng.int(20, 160));
    } else if (chance(rng, 0.6)) {
      if (PYTHON_OPERATORS.includes(task.operator)) {
        log.moveTo(log.durationMs * 0.98);
        userInfo(
          context,
          `Processed chunk ${rng.int(2, 400)} of ${rng.int(401, 900)}: ${rng.int(10_000, 90_000)} rows`,
        );
      }
      log.cutLastLine(rng.int(8, 90));
    }
    return { kind: 'cut' };
  },
};

const missingLog: Scenario = {
  name: 'log could not be read from the worker',
  weight: 1,
  operators: ANY_OPERATOR,
  durationS: seconds(5, 3600),
  preamble: 'none',
  write(context) {
    const { log, rng, task, deployment } = context;
    const path = `dag_id=${task.dag.dagId}/run_id=${task.runId}/task_id=${task.taskId}/attempt=${task.tryNumber}.log`;
    const url = `http://${deployment.hostname}:8793/log/${path}`;
    log.raw(
      rng.choice([
        `*** Could not read served logs: Client error '404 NOT FOUND' for url '${url}'\nFor more information check: https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/404`,
        `*** Log file does not exist: /opt/airflow/logs/${path}\n*** Fetching from: ${url}\n*** Failed to fetch log file from worker. [Errno -2] Name or service not known`,
        `*** No logs found on s3 for ti=<TaskInstance: ${task.dag.dagId}.${task.taskId} ${task.runId} [failed]>\n*** Could not read served logs: [Errno -3] Temporary failure in name resolution`,
      ]),
    );
    return { kind: 'cut' };
  },
};

function sigtermTraceback(context: ScenarioContext, frames: readonly Frame[]): Ending {
  const { log, deployment, rng } = context;
  log.error(
    `taskinstance.py:${deployment.release.taskInstance.sigterm}`,
    'Received SIGTERM. Terminating subprocesses.',
  );
  log.advance(rng.int(5, 200));
  return failWithTraceback(
    context,
    [
      {
        frames: [
          ...frames,
          airflowFrame(
            context,
            'models/taskinstance.py',
            deployment.release.taskInstance.sigterm + 1,
            'signal_handler',
            'raise AirflowException("Task received SIGTERM signal")',
          ),
        ],
        exception: 'airflow.exceptions.AirflowException: Task received SIGTERM signal',
      },
    ],
    { closingMs: rng.int(10, 200) },
  );
}

function waitingFrames(context: ScenarioContext): Frame[] {
  const { task, deployment } = context;
  if (PYTHON_OPERATORS.includes(task.operator)) {
    return [
      ...pythonOperatorFrames(context),
      callableFrame(context, 'results = pool.map(process_partition, partitions)'),
      {
        file: `/usr/local/lib/python${deployment.pythonVersion}/multiprocessing/pool.py`,
        line: 768,
        func: 'wait',
        code: 'self._event.wait(timeout)',
      },
    ];
  }
  return [
    ...frameworkFrames(context),
    airflowFrame(
      context,
      'operators/bash.py',
      201,
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
  ];
}

const externallyTerminated: Scenario = {
  name: 'task terminated from outside: marked failed or received SIGTERM',
  weight: 1.6,
  operators: [...PYTHON_OPERATORS, 'BashOperator'],
  durationS: seconds(20, 7200),
  write(context) {
    const { log, rng, deployment } = context;
    const pid = deployment.pid;
    const runner = `local_task_job_runner.py:${deployment.release.exitCode + 60}`;
    log.moveTo(log.durationMs - rng.int(2000, 8000));
    if (chance(rng, 0.55)) {
      log.warning(
        runner,
        'State of this instance has been externally set to failed. Terminating instance.',
      );
      log.info(
        'process_utils.py:131',
        `Sending 15 to group ${pid}. PIDs of all processes in the group: [${pid}${chance(rng, 0.5) ? `, ${pid + rng.int(1, 40)}` : ''}]`,
      );
      log.info('process_utils.py:86', `Sending the signal 15 to group ${pid}`);
      const ending = sigtermTraceback(context, waitingFrames(context));
      const started = new Date(log.startMs).toISOString().slice(11, 19);
      log.info(
        'process_utils.py:79',
        `Process psutil.Process(pid=${pid}, status='terminated', exitcode=1, started='${started}') (${pid}) terminated with exit code 1`,
      );
      return ending.kind === 'exception' ? { kind: 'cut' } : ending;
    }
    return sigtermTraceback(context, waitingFrames(context));
  },
};

const zombie: Scenario = {
  name: 'detected as a zombie: heartbeat stopped without a trace',
  weight: 1.2,
  operators: ANY_OPERATOR,
  durationS: seconds(400, 9000),
  write(context) {
    const { log, rng, task, deployment } = context;
    log.moveTo(log.durationMs - rng.int(200, 900));
    const detail = `{'DAG Id': '${task.dag.dagId}', 'Task Id': '${task.taskId}', 'Run Id': '${task.runId}', 'Hostname': '${deployment.hostname}'${deployment.release.minor >= 8 ? `, 'External Executor Id': '${hex(rng, 8)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 12)}'` : ''}}`;
    log.error(
      `taskinstance.py:${deployment.release.taskInstance.marking - 12}`,
      `Detected zombie job: {'full_filepath': '${deployment.dagsFolder}/${task.dag.file}', 'processor_subdir': '${deployment.dagsFolder}', 'msg': "${detail}", 'simple_task_instance': <airflow.models.taskinstance.SimpleTaskInstance object at 0x7f${hex(rng, 10)}>, 'is_failure_callback': True}`,
    );
    return { kind: 'cut' };
  },
};

const executorMismatch: Scenario = {
  name: 'executor reports failure although the task never ran',
  weight: 0.8,
  operators: ANY_OPERATOR,
  durationS: seconds(0.5, 30),
  preamble: 'none',
  firstAttemptOnly: true,
  write(context) {
    const { log, task, deployment } = context;
    if (deployment.executor === 'KubernetesExecutor') {
      log.info(
        'dagbag.py:545',
        `Filling up the DagBag from ${deployment.dagsFolder}/${task.dag.file}`,
      );
    }
    log.moveTo(log.durationMs);
    log.error(
      `scheduler_job_runner.py:${deployment.release.minor >= 9 ? 843 : 771}`,
      `Executor reports task instance <TaskInstance: ${task.dag.dagId}.${task.taskId} ${task.runId} [queued]> finished (failed) although the task says it's queued. (Info: None) Was the task killed externally?`,
    );
    return { kind: 'cut' };
  },
};

const xcomSerialization: Scenario = {
  name: 'return value could not be serialized to XCom',
  weight: 0.9,
  operators: PYTHON_OPERATORS,
  durationS: seconds(5, 1800),
  write(context) {
    const { rng, deployment } = context;
    const stdlib = `/usr/local/lib/python${deployment.pythonVersion}`;
    const kind = rng.choice(['DataFrame', 'Timestamp', 'Decimal', 'ndarray', 'bytes']);
    const [executeLine] = deployment.release.python;
    const doneLine = deployment.release.python[2];
    context.log.info(
      `python.py:${doneLine}`,
      `Done. Returned value was: ${kind === 'DataFrame' ? `       ${rng.choice(['order_id', 'trip_id', 'claim_id'])}  amount\n0     ${rng.int(1000, 9999)}   12.50\n1     ${rng.int(1000, 9999)}    8.00\n\n[${rng.int(2, 90_000)} rows x 2 columns]` : `<${kind}>`}`,
    );
    return failWithTraceback(context, [
      {
        frames: [
          airflowFrame(
            context,
            'models/taskinstance.py',
            deployment.release.taskInstance.failedWithException - 300,
            '_run_raw_task',
            'self._execute_task_with_callbacks(context, test_mode, session=session)',
          ),
          airflowFrame(
            context,
            'models/taskinstance.py',
            executeLine + 1500,
            '_execute_task_with_callbacks',
            'result = self._execute_task(context, task_orig)',
          ),
          airflowFrame(
            context,
            'models/taskinstance.py',
            executeLine + 1560,
            '_execute_task',
            'self.xcom_push(key=XCOM_RETURN_KEY, value=xcom_value, session=session)',
          ),
          airflowFrame(context, 'utils/session.py', 76, 'wrapper', 'return func(*args, **kwargs)'),
          airflowFrame(context, 'models/xcom.py', 244, 'set', 'value = cls.serialize_value('),
          airflowFrame(
            context,
            'models/xcom.py',
            676,
            'serialize_value',
            'return json.dumps(value, cls=XComEncoder).encode("UTF-8")',
          ),
          {
            file: `${stdlib}/json/__init__.py`,
            line: 238,
            func: 'dumps',
            code: '**kw).encode(obj)',
          },
          airflowFrame(context, 'utils/json.py', 108, 'encode', 'return super().encode(o)'),
          {
            file: `${stdlib}/json/encoder.py`,
            line: 258,
            func: 'iterencode',
            code: 'return _iterencode(o, 0)',
          },
          airflowFrame(context, 'utils/json.py', 97, 'default', 'return super().default(o)'),
          {
            file: `${stdlib}/json/encoder.py`,
            line: 180,
            func: 'default',
            code: "raise TypeError(f'Object of type {o.__class__.__name__} '",
          },
        ],
        exception: `TypeError: Object of type ${kind} is not JSON serializable`,
      },
    ]);
  },
};

const brokenProcessPool: Scenario = {
  name: 'worker processes died or could not pickle',
  weight: 1,
  operators: PYTHON_OPERATORS,
  durationS: seconds(10, 3600),
  write(context) {
    const { rng, task, deployment } = context;
    const stdlib = `/usr/local/lib/python${deployment.pythonVersion}`;
    if (chance(rng, 0.6)) {
      return failPython(context, {
        frames: [
          callableFrame(context, 'results = list(executor.map(score_partition, partitions))'),
          {
            file: `${stdlib}/concurrent/futures/process.py`,
            line: 642,
            func: '_chain_from_iterable_of_lists',
            code: 'for element in iterable:',
          },
          {
            file: `${stdlib}/concurrent/futures/_base.py`,
            line: 619,
            func: 'result_iterator',
            code: 'yield _result_or_cancel(fs.pop())',
          },
          {
            file: `${stdlib}/concurrent/futures/_base.py`,
            line: 317,
            func: '_result_or_cancel',
            code: 'return fut.result(timeout)',
          },
          {
            file: `${stdlib}/concurrent/futures/_base.py`,
            line: 401,
            func: '__get_result',
            code: 'raise self._exception',
          },
        ],
        exception:
          'concurrent.futures.process.BrokenProcessPool: A process in the process pool was terminated abruptly while the future was running or pending.',
      });
    }
    return failPython(context, {
      frames: [
        callableFrame(context, 'results = pool.map(transform, chunks)'),
        {
          file: `${stdlib}/multiprocessing/pool.py`,
          line: 367,
          func: 'map',
          code: 'return self._map_async(func, iterable, mapstar, chunksize).get()',
        },
        {
          file: `${stdlib}/multiprocessing/pool.py`,
          line: 774,
          func: 'get',
          code: 'raise self._value',
        },
        {
          file: `${stdlib}/multiprocessing/pool.py`,
          line: 540,
          func: '_handle_tasks',
          code: 'put(task)',
        },
        {
          file: `${stdlib}/multiprocessing/connection.py`,
          line: 206,
          func: 'send',
          code: 'self._send_bytes(_ForkingPickler.dumps(obj))',
        },
        {
          file: `${stdlib}/multiprocessing/reduction.py`,
          line: 51,
          func: 'dumps',
          code: 'cls(buf, protocol).dump(obj)',
        },
      ],
      exception: `AttributeError: Can't pickle local object '${task.taskId}.<locals>.transform'`,
    });
  },
};

const sparkNullPointer: Scenario = {
  name: 'JVM NullPointerException in a Spark job',
  weight: 0.9,
  operators: ['SparkSubmitOperator'],
  durationS: seconds(120, 5400),
  write(context) {
    const { rng, task } = context;
    const job = task.taskId
      .split('_')
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
      .join('');
    writeSparkApplicationFailure(context, {
      warnings: [],
      javaException: rng.choice([
        `java.lang.NullPointerException\n\tat com.${task.company.slug}.jobs.${job}$.$anonfun$run$${rng.int(1, 9)}(${job}.scala:${rng.int(40, 300)})\n\tat scala.collection.Iterator$$anon$10.next(Iterator.scala:461)\n\tat org.apache.spark.sql.catalyst.expressions.GeneratedClass$GeneratedIteratorForCodegenStage2.processNext(Unknown Source)`,
        `java.lang.IllegalStateException: Unexpected partition state ${rng.int(1, 9)} for stage ${rng.int(1, 40)}`,
        'java.lang.UnsupportedOperationException: empty.reduceLeft',
      ]),
    });
    return failSpark(context, []);
  },
};

const containerVagueExit: Scenario = {
  name: 'container exited non-zero with little explanation',
  weight: 1.4,
  operators: ['KubernetesPodOperator'],
  durationS: seconds(20, 5400),
  write(context) {
    const { rng } = context;
    const [lines, exitCode] = rng.choice([
      [[], 1],
      [['Error: exit status 1'], 1],
      [
        [
          'panic: runtime error: invalid memory address or nil pointer dereference',
          `[signal SIGSEGV: segmentation violation code=0x1 addr=0x${hex(rng, 2)} pc=0x${hex(rng, 6)}]`,
          '',
          'goroutine 1 [running]:',
          'main.(*Exporter).Flush(0x0, {0xc000122000, 0x2a})',
          '\t/src/exporter.go:88 +0x2a',
          'main.main()',
          '\t/src/main.go:41 +0x1c5',
        ],
        2,
      ],
      [
        [
          "terminate called after throwing an instance of 'std::runtime_error'",
          '  what():  unexpected end of stream',
        ],
        134,
      ],
    ] as const);
    return failPod(context, lines, { exitCode, reason: 'Error' });
  },
};

const dbtInternal: Scenario = {
  name: 'dbt compilation or internal error',
  weight: 1,
  operators: ['DbtRunOperator', 'DbtTestOperator'],
  durationS: seconds(5, 900),
  write(context) {
    const { rng, task } = context;
    const model = rng.choice(dbtModels(context));
    const macro = rng.choice([
      'generate_surrogate_key',
      'incremental_window',
      'pivot_metrics',
      'safe_cast',
    ]);
    if (chance(rng, 0.6)) {
      return failDbt(context, [
        ...dbtSummary(context, 1, [
          `Compilation Error in model ${model} (models/${rng.choice(task.company.schemas)}/${model}.sql)`,
          `  'dict object' has no attribute '${rng.choice(['columns', 'config', 'meta_keys', 'partition_by'])}'`,
          '',
          `  > in macro ${macro} (macros/${macro}.sql)`,
          `  > called by model ${model} (models/${model}.sql)`,
        ]),
      ]);
    }
    return failDbt(context, [
      'Encountered an error:',
      rng.choice([
        "'NoneType' object has no attribute 'get'",
        'maximum recursion depth exceeded while calling a Python object',
        `list index out of range`,
      ]),
    ]);
  },
};

const databricksInternal: Scenario = {
  name: 'Databricks internal error',
  weight: 0.8,
  operators: ['DatabricksSubmitRunOperator'],
  durationS: seconds(60, 3600),
  write(context) {
    const { rng, task } = context;
    const cluster = `${rng.int(1000, 9999)}-${rng.int(100_000, 999_999)}-${alphanumeric(rng, 8)}`;
    const message = rng.choice([
      `Unexpected failure while waiting for the cluster (${cluster}) to be ready: Cluster ${cluster} is in unexpected state Pending.`,
      'Workload failed, see run output for details',
      'Task failed with an unexpected error.',
    ]);
    databricksState(context, 'INTERNAL_ERROR', 'FAILED', message);
    return failDatabricks(
      context,
      `{'life_cycle_state': 'INTERNAL_ERROR', 'result_state': 'FAILED', 'state_message': '${message}'}`,
      `[{'task_key': '${task.taskId}', 'run_id': ${rng.int(100_000, 999_999)}, 'error': '${message}'}]`,
    );
  },
};

const vagueFailure: Scenario = {
  name: 'custom code raised a vague error',
  weight: 1.8,
  operators: [...PYTHON_OPERATORS, 'BashOperator'],
  durationS: seconds(2, 3600),
  write(context) {
    const { rng, task, log } = context;
    if (task.operator === 'BashOperator') {
      return failBash(
        context,
        rng.choice([
          ['ERROR: job failed (see job log for details)'],
          [`[${logicalDs(context)}] step ${rng.int(2, 9)} returned non-zero status`],
          [],
          [
            'Traceback (most recent call last):',
            `  File "/opt/jobs/${task.taskId}.py", line ${rng.int(20, 300)}, in <module>`,
            '    main()',
            `  File "/opt/jobs/${task.taskId}.py", line ${rng.int(5, 19)}, in main`,
            '    raise SystemExit(2)',
            'SystemExit: 2',
          ],
        ]),
        rng.choice([1, 2, 3]),
      );
    }
    if (chance(rng, 0.3)) {
      log.advance(rng.int(100, 3000));
      userWarning(
        context,
        `Unexpected response shape from ${task.company.partnerApiHost}; continuing`,
      );
    }
    const [code, exception] = rng.choice([
      [
        'raise Exception("Something went wrong, see logs above")',
        'Exception: Something went wrong, see logs above',
      ],
      [
        'raise RuntimeError(f"Unexpected state: {state}")',
        `RuntimeError: Unexpected state: ${rng.choice(['FINISHED_WITH_WARNINGS', 'UNKNOWN', 'PARTIAL'])}`,
      ],
      [
        'raise JobFailed(f"{job_name} ended in state {state}")',
        `${task.company.slug}_common.errors.JobFailed: ${task.taskId} ended in state ERROR`,
      ],
      [
        'raise NotImplementedError(kind)',
        `NotImplementedError: ${rng.choice(['delta_v2', 'reprocess', 'late_arrivals'])}`,
      ],
    ] as const);
    return failPython(context, {
      frames: [callableFrame(context, 'run()'), moduleFrame(context, 'run', code)],
      exception,
    });
  },
};

const hostnameMismatch: Scenario = {
  name: 'Airflow refused to run: hostname mismatch',
  weight: 0.5,
  operators: ANY_OPERATOR,
  durationS: seconds(1, 60),
  write(context) {
    const { deployment, rng } = context;
    const short = deployment.hostname.split('.')[0] ?? deployment.hostname;
    return failWithTraceback(
      context,
      [
        {
          frames: [
            airflowFrame(
              context,
              'jobs/local_task_job_runner.py',
              deployment.release.exitCode + 50,
              'heartbeat_callback',
              'raise AirflowException("Hostname of job runner does not match")',
            ),
          ],
          exception: 'airflow.exceptions.AirflowException: Hostname of job runner does not match',
        },
      ],
      {
        summary: `The recorded hostname ${short}${chance(rng, 0.5) ? '' : '.local'} does not match this instance's hostname ${deployment.hostname}`,
      },
    );
  },
};

/** Failures with no clear root cause in the log: crashes, vague errors, lost or cut logs, bugs. */
export const unknownScenarios: readonly Scenario[] = [
  nativeCrash,
  oddAssertion,
  thirdPartyBug,
  truncatedLog,
  missingLog,
  externallyTerminated,
  zombie,
  executorMismatch,
  xcomSerialization,
  brokenProcessPool,
  sparkNullPointer,
  containerVagueExit,
  dbtInternal,
  databricksInternal,
  vagueFailure,
  hostnameMismatch,
];
