import { PYTHON_OPERATORS } from '../catalog';
import type { Scenario, ScenarioContext } from '../context';
import { bashCommand, failBash } from '../operators/bash';
import { failBigQuery } from '../operators/bigquery';
import { databricksState, failDatabricks } from '../operators/databricks';
import { failPod, failPodLaunch, startPod } from '../operators/kubernetes-pod';
import { callableFrame, failPython, moduleFrame, userInfo, userWarning } from '../operators/python';
import { failWithTraceback, logicalDs } from '../operators/shared';
import {
  dagSchedulerFrames,
  failSpark,
  javaStack,
  writeSparkApplicationFailure,
} from '../operators/spark-submit';
import { failSql, snowflakeQueryId, sqlConnectFrames } from '../operators/sql';
import { chance, privateIp, seconds, uniform, withCommas } from '../random-helpers';
import { libraryFrame } from '../traceback';
import { postgresHookConnectFrames, postgresServer } from './library-frames';

function gib(context: ScenarioContext, low: number, high: number): string {
  return uniform(context.rng, low, high).toFixed(context.rng.int(1, 2));
}

function executorLost(
  context: ScenarioContext,
  stage: string,
  taskIndex: number,
  attempt: number,
): string {
  const { rng } = context;
  const limit = rng.choice([4, 8, 9, 12, 16]);
  const used = (limit * uniform(rng, 1.01, 1.12)).toFixed(1);
  const executor = rng.int(1, 40);
  return `Lost task ${taskIndex}.${attempt} in stage ${stage} (TID ${rng.int(200, 9000)}) (${privateIp(rng)} executor ${executor}): ExecutorLostFailure (executor ${executor} exited caused by one of the running tasks) Reason: Container killed by YARN for exceeding physical memory limits. ${used} GB of ${limit} GB physical memory used. Consider boosting spark.executor.memoryOverhead.`;
}

const memoryErrors: Scenario = {
  name: 'MemoryError while building a data frame',
  weight: 1.4,
  operators: PYTHON_OPERATORS,
  durationS: seconds(40, 2400),
  write(context) {
    const { rng, task } = context;
    const { columns, tables } = task.company;
    const rows = rng.int(8_000_000, 90_000_000);
    userInfo(
      context,
      `Loaded ${withCommas(rows)} rows from ${rng.choice(tables)} (${rng.int(20, 400)} columns)`,
    );
    const stdlib = `/usr/local/lib/python${context.deployment.pythonVersion}`;
    const variant = rng.int(0, 2);
    if (variant === 0) {
      const key = rng.choice(columns);
      return failPython(context, {
        frames: [
          callableFrame(context, 'features = build_features(frames)'),
          moduleFrame(
            context,
            'build_features',
            `merged = left.merge(right, on="${key}", how="left")`,
          ),
          libraryFrame(context, 'pandas/core/frame.py', 10832, 'merge', 'return merge('),
          libraryFrame(
            context,
            'pandas/core/reshape/merge.py',
            184,
            'merge',
            'return op.get_result(copy=copy)',
          ),
          libraryFrame(
            context,
            'pandas/core/reshape/merge.py',
            888,
            'get_result',
            'result = self._reindex_and_concat(',
          ),
          libraryFrame(
            context,
            'pandas/core/reshape/merge.py',
            840,
            '_reindex_and_concat',
            'rmgr = right._mgr.reindex_indexer(',
          ),
          libraryFrame(
            context,
            'pandas/core/internals/managers.py',
            680,
            'reindex_indexer',
            'new_blocks = [',
          ),
          libraryFrame(
            context,
            'pandas/core/internals/blocks.py',
            1307,
            'take_nd',
            'new_values = algos.take_nd(',
          ),
          libraryFrame(
            context,
            'pandas/core/array_algos/take.py',
            157,
            '_take_nd_ndarray',
            'out = np.empty(out_shape, dtype=dtype)',
          ),
        ],
        exception: `numpy.core._exceptions._ArrayMemoryError: Unable to allocate ${gib(context, 2, 60)} GiB for an array with shape (${rng.int(3, 60)}, ${rows}) and data type ${rng.choice(['float64', 'object', 'int64'])}`,
      });
    }
    if (variant === 1) {
      return failPython(context, {
        frames: [
          callableFrame(context, `table = pq.read_table(path, columns=COLUMNS)`),
          libraryFrame(
            context,
            'pyarrow/parquet/core.py',
            1793,
            'read_table',
            'return dataset.read(columns=columns, use_threads=use_threads,',
          ),
          libraryFrame(
            context,
            'pyarrow/parquet/core.py',
            1431,
            'read',
            'table = self._dataset.to_table(',
          ),
          {
            file: 'pyarrow/_dataset.pyx',
            line: 562,
            func: 'pyarrow._dataset.Dataset.to_table',
            code: '',
          },
          { file: 'pyarrow/error.pxi', line: 91, func: 'pyarrow.lib.check_status', code: '' },
        ],
        exception: `pyarrow.lib.ArrowMemoryError: malloc of size ${rng.int(1_000_000_000, 4_000_000_000)} failed`,
      });
    }
    return failPython(context, {
      frames: [
        callableFrame(context, 'payload = json.loads(response.text)'),
        {
          file: `${stdlib}/json/__init__.py`,
          line: 346,
          func: 'loads',
          code: 'return _default_decoder.decode(s)',
        },
        {
          file: `${stdlib}/json/decoder.py`,
          line: 337,
          func: 'decode',
          code: 'obj, end = self.raw_decode(s, idx=_w(s, 0).end())',
        },
        {
          file: `${stdlib}/json/decoder.py`,
          line: 353,
          func: 'raw_decode',
          code: 'obj, end = self.scan_once(s, idx)',
        },
      ],
      exception: 'MemoryError',
    });
  },
};

const killedByOomKiller: Scenario = {
  name: 'raw task process killed by the kernel OOM killer (-9)',
  weight: 1.6,
  operators: [...PYTHON_OPERATORS, 'BashOperator'],
  durationS: seconds(120, 5400),
  write(context) {
    const { rng, log, task } = context;
    if (task.operator !== 'BashOperator' && chance(rng, 0.4)) {
      log.moveTo(log.durationMs * 0.97);
      userWarning(
        context,
        `Memory usage is high: ${uniform(rng, 88, 99).toFixed(1)}% of ${rng.choice(['7.6', '15.4', '31.1', '62.8'])} GiB (rss=${gib(context, 6, 60)} GiB)`,
      );
    }
    return { kind: 'killed', returnCode: '-9' };
  },
};

const bashChildKilled: Scenario = {
  name: 'shell job child killed for memory (exit 137)',
  operators: ['BashOperator'],
  durationS: seconds(60, 4000),
  write(context) {
    const { rng, deployment, task } = context;
    const script = `${deployment.dagsFolder}/${task.company.slug}_common/scripts/${task.taskId}.sh`;
    const child = rng.choice([
      `python3 -m ${task.company.slug}_jobs.${task.taskId} --ds ${logicalDs(context)}`,
      `sort -T /tmp -k1,1 /tmp/export_${logicalDs(context)}/all.tsv`,
      `java -Xmx${rng.choice([2, 4, 8])}g -jar /opt/jobs/${task.company.slug}-exporter.jar`,
    ]);
    const output = [
      `${script}: line ${rng.int(12, 90)}: ${rng.int(200, 40_000)} Killed                  ${child}`,
    ];
    if (bashCommand(context).includes('run_with_lock.sh'))
      output.push(`released lock ${task.taskId}`);
    return failBash(context, output, 137);
  },
};

const podOomKilled: Scenario = {
  name: 'pod container OOMKilled',
  weight: 1.4,
  operators: ['KubernetesPodOperator'],
  durationS: seconds(90, 7200),
  write(context) {
    const { rng } = context;
    const lines = chance(rng, 0.5)
      ? [
          `Loading ${withCommas(rng.int(1_000_000, 80_000_000))} rows into memory for ${rng.choice(['feature join', 'model fit', 'route solve'])}`,
        ]
      : [];
    return failPod(context, lines, { exitCode: 137, reason: 'OOMKilled' });
  },
};

const podEvicted: Scenario = {
  name: 'pod evicted for node memory or disk pressure',
  operators: ['KubernetesPodOperator'],
  durationS: seconds(60, 5400),
  write(context) {
    const { rng } = context;
    const disk = chance(rng, 0.5);
    const used = rng.int(4_000_000, 40_000_000);
    const podMessage = disk
      ? `The node was low on resource: ephemeral-storage. Threshold quantity: ${rng.int(1_000_000_000, 9_000_000_000)}, available: ${rng.int(500_000, 2_000_000)}Ki. Container base was using ${used}Ki, request is 0, has larger consumption of ephemeral-storage. `
      : `The node was low on resource: memory. Threshold quantity: 100Mi, available: ${rng.int(20_000, 99_000)}Ki. Container base was using ${used}Ki, request is ${rng.choice(['2Gi', '4Gi', '8Gi'])}, has larger consumption of memory. `;
    return failPod(context, [], {
      exitCode: 137,
      reason: rng.choice(['ContainerStatusUnknown', 'Error']),
      podReason: 'Evicted',
      podMessage,
    });
  },
};

const sparkMemory: Scenario = {
  name: 'Spark executors or driver out of memory',
  weight: 1.6,
  operators: ['SparkSubmitOperator'],
  durationS: seconds(300, 7200),
  write(context) {
    const { rng } = context;
    const stage = `${rng.int(2, 30)}.0`;
    const taskIndex = rng.int(0, 399);
    const variant = rng.int(0, 2);
    if (variant === 0) {
      const warnings = [0, 1, 2, 3].map(
        (attempt) => `WARN TaskSetManager: ${executorLost(context, stage, taskIndex, attempt)}`,
      );
      warnings.splice(
        1,
        0,
        `ERROR YarnScheduler: Lost executor ${rng.int(1, 40)} on ${privateIp(rng)}: Container killed by YARN for exceeding physical memory limits.`,
      );
      warnings.push(
        `ERROR TaskSetManager: Task ${taskIndex} in stage ${stage} failed 4 times; aborting job`,
      );
      writeSparkApplicationFailure(context, {
        warnings,
        javaException: [
          `org.apache.spark.SparkException: Job aborted due to stage failure: Task ${taskIndex} in stage ${stage} failed 4 times, most recent failure: ${executorLost(context, stage, taskIndex, 3)}`,
          'Driver stacktrace:',
          ...javaStack(dagSchedulerFrames),
        ].join('\n'),
      });
    } else if (variant === 1) {
      const heap = [
        `WARN TaskSetManager: Lost task ${taskIndex}.0 in stage ${stage} (TID ${rng.int(100, 9000)}) (${privateIp(rng)} executor ${rng.int(1, 40)}): java.lang.OutOfMemoryError: Java heap space`,
        ...javaStack([
          'java.base/java.util.Arrays.copyOf(Arrays.java:3537)',
          'java.base/java.io.ByteArrayOutputStream.grow(ByteArrayOutputStream.java:100)',
          'org.apache.spark.util.ByteBufferOutputStream.write(ByteBufferOutputStream.scala:41)',
          'org.apache.spark.sql.execution.SparkPlan.$anonfun$getByteArrayRdd$1(SparkPlan.scala:394)',
        ]),
        '',
        `ERROR TaskSetManager: Task ${taskIndex} in stage ${stage} failed 4 times; aborting job`,
      ];
      writeSparkApplicationFailure(context, {
        warnings: [heap.join('\n')],
        javaException: `org.apache.spark.SparkException: Job aborted due to stage failure: Task ${taskIndex} in stage ${stage} failed 4 times, most recent failure: Lost task ${taskIndex}.3 in stage ${stage}: java.lang.OutOfMemoryError: Java heap space\nDriver stacktrace:\n${javaStack(dagSchedulerFrames.slice(0, 6)).join('\n')}`,
      });
    } else {
      writeSparkApplicationFailure(context, {
        warnings: [
          `WARN TaskMemoryManager: Failed to allocate a page (${rng.int(16, 128)}MB), try again.`,
          'ERROR Utils: Uncaught exception in thread broadcast-exchange-0',
        ],
        javaException: `org.apache.spark.sql.execution.OutOfMemorySparkException: Not enough memory to build and broadcast the table to all worker nodes. As a workaround, you can either disable broadcast by setting spark.sql.autoBroadcastJoinThreshold to -1 or increase the spark driver memory by setting spark.driver.memory to a higher value.`,
      });
    }
    return failSpark(context, []);
  },
};

const noSpaceLeft: Scenario = {
  name: 'No space left on device',
  weight: 1.5,
  operators: [...PYTHON_OPERATORS, 'BashOperator', 'SparkSubmitOperator'],
  durationS: seconds(30, 3600),
  write(context) {
    const { rng, task, deployment } = context;
    const ds = logicalDs(context);
    const table = rng.choice(task.company.tables);
    if (task.operator === 'BashOperator') {
      return failBash(
        context,
        rng.choice([
          [`cp: error writing '/tmp/export_${ds}/${table}.csv': No space left on device`],
          ['gzip: stdout: No space left on device'],
          [
            `tar: /mnt/scratch/${table}_${ds}.tar: Wrote only 4096 of 10240 bytes`,
            'tar: Error is not recoverable: exiting now',
          ],
        ]),
        rng.choice([1, 2]),
      );
    }
    if (task.operator === 'SparkSubmitOperator') {
      const stage = `${rng.int(2, 30)}.0`;
      const taskIndex = rng.int(0, 399);
      writeSparkApplicationFailure(context, {
        warnings: [
          `WARN TaskSetManager: Lost task ${taskIndex}.0 in stage ${stage} (TID ${rng.int(100, 9000)}) (${privateIp(rng)} executor ${rng.int(1, 40)}): java.io.IOException: No space left on device\n${javaStack(
            [
              'java.base/java.io.FileOutputStream.writeBytes(Native Method)',
              'java.base/java.io.FileOutputStream.write(FileOutputStream.java:354)',
              'org.apache.spark.storage.TimeTrackingOutputStream.write(TimeTrackingOutputStream.java:59)',
              'org.apache.spark.shuffle.sort.ShuffleExternalSorter.writeSortedFile(ShuffleExternalSorter.java:226)',
            ],
          ).join('\n')}`,
        ],
        javaException: `org.apache.spark.SparkException: Job aborted due to stage failure: Task ${taskIndex} in stage ${stage} failed 4 times, most recent failure: java.io.IOException: No space left on device\nDriver stacktrace:\n${javaStack(dagSchedulerFrames.slice(0, 4)).join('\n')}`,
      });
      return failSpark(context, []);
    }
    const stdlib = `/usr/local/lib/python${deployment.pythonVersion}`;
    const path = `/tmp/${task.company.slug}_${task.taskId}/${table}_${ds}.${rng.choice(['csv', 'parquet', 'json'])}`;
    userInfo(context, `Downloading ${table} export to ${path}`);
    return failPython(context, {
      frames: [
        callableFrame(context, 'local_path = download_export(url, dest_dir)'),
        moduleFrame(
          context,
          'download_export',
          'shutil.copyfileobj(response.raw, fh, length=1024 * 1024)',
        ),
        { file: `${stdlib}/shutil.py`, line: 200, func: 'copyfileobj', code: 'fdst_write(buf)' },
      ],
      exception: 'OSError: [Errno 28] No space left on device',
    });
  },
};

const databaseMemoryOrDisk: Scenario = {
  name: 'database ran out of memory, disk or temp space',
  weight: 1.3,
  operators: ['PostgresOperator', 'S3ToRedshiftOperator'],
  durationS: seconds(20, 3600),
  write(context) {
    const { rng, task } = context;
    if (task.operator === 'S3ToRedshiftOperator') {
      const query = rng.int(1_000_000, 9_999_999);
      return failSql(context, {
        exception: [
          'psycopg2.errors.DiskFull: Disk Full',
          'DETAIL:  ',
          '  -----------------------------------------------',
          '  error:  Disk Full',
          '  code:      1016',
          `  context:   node: ${rng.int(0, 7)}`,
          `  query:     ${query}`,
          '  location:  fdisk_api.cpp:343',
          `  process:   query${rng.int(0, 9)}_${rng.int(20, 99)}_${query} [pid=${rng.int(1000, 40_000)}]`,
          '  -----------------------------------------------',
          '',
        ].join('\n'),
      });
    }
    const exception = rng.choice([
      `psycopg2.errors.DiskFull: could not extend file "base/16384/${rng.int(16_000, 3_000_000)}": No space left on device\nHINT:  Check free disk space.\n`,
      `psycopg2.errors.OutOfMemory: out of memory\nDETAIL:  Failed on request of size ${rng.int(8192, 1_048_576)} in memory context "ExecutorState".\n`,
      'psycopg2.errors.OutOfMemory: out of shared memory\nHINT:  You might need to increase max_locks_per_transaction.\n',
      `psycopg2.errors.DiskFull: could not write to file "base/pgsql_tmp/pgsql_tmp${rng.int(1000, 60_000)}.${rng.int(0, 40)}": No space left on device\n`,
      `psycopg2.errors.ConfigurationLimitExceeded: temporary file size exceeds temp_file_limit (${withCommas(rng.int(1, 20) * 1_048_576).replaceAll(',', '')}kB)\n`,
    ]);
    return failSql(context, { exception });
  },
};

const connectionSlots: Scenario = {
  name: 'database refused the connection: no connection slots left',
  operators: [...PYTHON_OPERATORS, 'PostgresOperator'],
  durationS: seconds(2, 60),
  preamble: 'start',
  write(context) {
    const { rng, task } = context;
    const reason = rng.choice([
      'FATAL:  remaining connection slots are reserved for non-replication superuser connections',
      'FATAL:  sorry, too many clients already',
      `FATAL:  too many connections for role "${task.company.slug}_etl"`,
    ]);
    const frames =
      task.operator === 'PostgresOperator'
        ? sqlConnectFrames(context)
        : postgresHookConnectFrames(context);
    const exception = `psycopg2.OperationalError: ${postgresServer(context)}: ${reason}\n`;
    if (task.operator === 'PostgresOperator')
      return failWithTraceback(context, [{ frames, exception }]);
    return failPython(context, { frames, exception });
  },
};

const cudaOutOfMemory: Scenario = {
  name: 'CUDA out of memory in a training pod',
  operators: ['KubernetesPodOperator'],
  durationS: seconds(300, 14_400),
  write(context) {
    const { rng } = context;
    const total = rng.choice([15.77, 22.06, 39.39, 79.15]);
    const used = (total * uniform(rng, 0.9, 0.98)).toFixed(2);
    const lines = [
      'Traceback (most recent call last):',
      '  File "/app/train.py", line 241, in <module>',
      '    main()',
      '  File "/app/train.py", line 203, in main',
      '    outputs = model(**batch)',
      '  File "/usr/local/lib/python3.10/site-packages/torch/nn/modules/module.py", line 1511, in _wrapped_call_impl',
      '    return self._call_impl(*args, **kwargs)',
      '  File "/usr/local/lib/python3.10/site-packages/torch/nn/modules/module.py", line 1520, in _call_impl',
      '    return forward_call(*args, **kwargs)',
      '  File "/app/model/two_tower.py", line 88, in forward',
      '    scores = torch.matmul(user_emb, item_emb.T)',
      `torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate ${rng.choice(['512.00 MiB', '1.50 GiB', '2.00 GiB', '4.00 GiB'])}. GPU 0 has a total capacity of ${total} GiB of which ${uniform(rng, 0.1, 1.4).toFixed(2)} GiB is free. Process ${rng.int(1, 90)} has ${used} GiB memory in use. Of the allocated memory ${(Number(used) * 0.95).toFixed(2)} GiB is allocated by PyTorch, and ${rng.int(100, 900)}.${rng.int(10, 99)} MiB is reserved by PyTorch but unallocated. If reserved but unallocated memory is large try setting PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True to avoid fragmentation.  See documentation for Memory Management  (https://pytorch.org/docs/stable/notes/cuda.html#environment-variables)`,
    ];
    return failPod(context, lines, { exitCode: 1, reason: 'Error' });
  },
};

const bigQueryResources: Scenario = {
  name: 'BigQuery resources or quota exceeded',
  operators: ['BigQueryInsertJobOperator'],
  durationS: seconds(20, 3600),
  write(context) {
    const { rng } = context;
    const variant = rng.int(0, 2);
    if (variant === 0) {
      return failBigQuery(
        context,
        'BadRequest',
        `400 Resources exceeded during query execution: The query could not be executed in the allotted memory. Peak usage: ${rng.int(105, 190)}% of limit.\nTop memory consumer(s):\n  ${rng.choice(['ORDER BY operations', 'JOIN operations', 'aggregate functions and GROUP BY clauses', 'analytic OVER() clauses'])}: ${rng.int(80, 99)}%\n  other/unattributed: ${rng.int(1, 20)}%\n`,
      );
    }
    if (variant === 1) {
      const limit = rng.choice([2500, 5000, 10_000]);
      return failBigQuery(
        context,
        'BadRequest',
        `400 Query exceeded resource limits. ${(limit * uniform(rng, 1.01, 1.6)).toFixed(1)} CPU seconds were used, and this query must use less than ${limit.toFixed(1)} CPU seconds.`,
      );
    }
    return failBigQuery(
      context,
      'Forbidden',
      '403 Quota exceeded: Your project exceeded quota for free query bytes scanned. For more information, see https://cloud.google.com/bigquery/docs/troubleshoot-quotas',
    );
  },
};

const databricksDriverMemory: Scenario = {
  name: 'Databricks driver out of memory',
  operators: ['DatabricksSubmitRunOperator'],
  durationS: seconds(300, 7200),
  write(context) {
    const { rng, task } = context;
    const message = rng.choice([
      'Run result unavailable: job failed with error message\n The spark driver has stopped unexpectedly and is restarting. Your notebook will be automatically reattached.',
      `Run result unavailable: job failed with error message\n Driver of cluster ${rng.int(1000, 9999)}-${rng.int(100_000, 999_999)}-${rng.choice(['abc123de', 'x9k2m1pq', 'fh38dk2l'])} is out of memory (java.lang.OutOfMemoryError: GC overhead limit exceeded).`,
    ]);
    databricksState(context, 'INTERNAL_ERROR', 'FAILED', message.split('\n')[0] ?? '');
    return failDatabricks(
      context,
      `{'life_cycle_state': 'INTERNAL_ERROR', 'result_state': 'FAILED', 'state_message': '${message.replaceAll('\n', '\\n')}'}`,
      `[{'task_key': '${task.taskId}', 'run_id': ${rng.int(100_000, 999_999)}, 'error': '${message.replaceAll('\n', '\\n')}'}]`,
    );
  },
};

const snowflakeCreditQuota: Scenario = {
  name: 'Snowflake warehouse suspended by its resource monitor',
  weight: 0.6,
  operators: ['SnowflakeOperator'],
  durationS: seconds(3, 90),
  write(context) {
    const { rng } = context;
    const warehouse = rng.choice(['LOAD_WH', 'TRANSFORM_WH', 'ETL_XL_WH']);
    return failSql(context, {
      exception: `snowflake.connector.errors.ProgrammingError: 000606 (57P03): ${snowflakeQueryId(context)}: Warehouse '${warehouse}' cannot be resumed because resource monitor '${rng.choice(['MONTHLY_ETL_QUOTA', 'RM_ANALYTICS', 'CREDIT_CAP_PROD'])}' has exceeded its quota.`,
    });
  },
};

const fileOrThreadLimits: Scenario = {
  name: 'process hit a file-descriptor or thread limit',
  weight: 0.8,
  operators: PYTHON_OPERATORS,
  durationS: seconds(30, 1800),
  write(context) {
    const { rng, task, deployment } = context;
    const stdlib = `/usr/local/lib/python${deployment.pythonVersion}`;
    if (chance(rng, 0.5)) {
      return failPython(context, {
        frames: [
          callableFrame(context, 'paths = split_into_chunks(frame, CHUNK_ROWS)'),
          moduleFrame(
            context,
            'split_into_chunks',
            'handles.append(open(chunk_path, "w", newline=""))',
          ),
        ],
        exception: `OSError: [Errno 24] Too many open files: '/tmp/${task.company.slug}_${task.taskId}/chunk_${rng.int(1000, 9999)}.csv'`,
      });
    }
    return failPython(context, {
      frames: [
        callableFrame(context, 'results = fetch_all_parallel(ids, workers=MAX_WORKERS)'),
        moduleFrame(
          context,
          'fetch_all_parallel',
          'futures = [pool.submit(fetch_one, item) for item in ids]',
        ),
        {
          file: `${stdlib}/concurrent/futures/thread.py`,
          line: 176,
          func: 'submit',
          code: 'self._adjust_thread_count()',
        },
        {
          file: `${stdlib}/concurrent/futures/thread.py`,
          line: 199,
          func: '_adjust_thread_count',
          code: 't.start()',
        },
        {
          file: `${stdlib}/threading.py`,
          line: 971,
          func: 'start',
          code: '_start_new_thread(self._bootstrap, ())',
        },
      ],
      exception: "RuntimeError: can't start new thread",
    });
  },
};

const podUnschedulable: Scenario = {
  name: 'pod never scheduled: cluster out of CPU, memory or GPUs',
  operators: ['KubernetesPodOperator'],
  durationS: seconds(130, 1300),
  preamble: 'airflow',
  write(context) {
    const { rng } = context;
    startPod(context, { reachesRunning: false });
    const nodes = rng.int(6, 40);
    const short = rng.int(1, nodes);
    const resource = rng.choice(['cpu', 'memory', 'nvidia.com/gpu']);
    const events: Array<readonly [string, string]> = [
      [
        'FailedScheduling',
        `0/${nodes} nodes are available: ${short} Insufficient ${resource}, ${nodes - short} node(s) didn't match Pod's node affinity/selector. preemption: 0/${nodes} nodes are available: ${short} No preemption victims found for incoming pod, ${nodes - short} Preemption is not helpful for scheduling..`,
      ],
    ];
    if (chance(rng, 0.6)) {
      events.push([
        'NotTriggerScaleUp',
        `pod didn't trigger scale-up: ${rng.int(1, 4)} max node group size reached`,
      ]);
    }
    return failPodLaunch(context, events);
  },
};

/** Failures whose root cause is memory, disk, CPU, GPU or quota exhaustion. */
export const resourceErrorScenarios: readonly Scenario[] = [
  memoryErrors,
  killedByOomKiller,
  bashChildKilled,
  podOomKilled,
  podEvicted,
  sparkMemory,
  noSpaceLeft,
  databaseMemoryOrDisk,
  connectionSlots,
  cudaOutOfMemory,
  bigQueryResources,
  databricksDriverMemory,
  snowflakeCreditQuota,
  fileOrThreadLimits,
  podUnschedulable,
];
