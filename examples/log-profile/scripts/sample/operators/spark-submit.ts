import type { Ending, ScenarioContext } from '../context';
import { chance, privateIp, uniform } from '../random-helpers';
import { frameworkFrames, libraryFrame } from '../traceback';
import { failWithTraceback, logicalDs, stableIndex, stablePick, usingConnection } from './shared';

const hookFile = 'airflow/providers/apache/spark/hooks/spark_submit.py';
const operatorFile = 'airflow/providers/apache/spark/operators/spark_submit.py';

/** The YARN application id of the attempt, stable per attempt. */
function yarnApplicationId(context: ScenarioContext): string {
  const { task } = context;
  const clusterStart = Date.UTC(2024, 0, 1) + stableIndex(task.company.slug, 86_400_000);
  const sequence = stableIndex(`${task.taskId}.${task.runId}.${task.tryNumber}`, 9000) + 1;
  return `application_${clusterStart}_${sequence.toString().padStart(4, '0')}`;
}

/**
 * How the task runs its application: `client` (a PySpark script whose driver output
 * reaches the task log) or `cluster` (a JVM application; the log only has YARN reports).
 */
export function sparkDeployMode(context: ScenarioContext): 'client' | 'cluster' {
  return stablePick(context, 'deploy-mode', ['client', 'client', 'cluster'] as const);
}

function pascalCase(text: string): string {
  return text
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** The spark-submit command line, stable per task. */
export function sparkSubmitCommand(context: ScenarioContext): string {
  const { task } = context;
  const memory = stablePick(context, 'executor-memory', ['4g', '8g', '12g', '16g']);
  const executors = stablePick(context, 'executors', [4, 8, 10, 20, 40]);
  const queue = stablePick(context, 'queue', ['root.etl', 'root.default', 'root.ml']);
  const mode = sparkDeployMode(context);
  const application =
    mode === 'cluster'
      ? `--class com.${task.company.slug}.jobs.${pascalCase(task.taskId)} s3://${task.company.bucket}/artifacts/${task.company.slug}-jobs-assembly-${stablePick(context, 'jar', ['2.3.1', '2.4.0', '3.0.2'])}.jar --ds ${logicalDs(context)}`
      : `/opt/airflow/jobs/${task.company.slug}/${task.taskId}.py ${logicalDs(context)}`;
  return [
    'spark-submit --master yarn',
    `--conf spark.executor.memory=${memory}`,
    '--conf spark.executor.cores=4',
    '--conf spark.sql.shuffle.partitions=400',
    `--num-executors ${executors}`,
    `--name ${task.taskId}`,
    '--verbose',
    `--queue ${queue}`,
    `--deploy-mode ${mode}`,
    application,
  ].join(' ');
}

/** Writes one line of spark-submit's output as the hook relays it. */
export function sparkLine(context: ScenarioContext, line: string): void {
  context.log.info('spark_submit.py:521', line);
}

/** The `yy/MM/dd HH:mm:ss` stamp log4j puts on Spark's lines, at the log's current time. */
export function sparkStamp(context: ScenarioContext): string {
  const iso = new Date(context.log.startMs + context.log.offsetMs).toISOString();
  return `${iso.slice(2, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)} ${iso.slice(11, 19)}`;
}

/** Lines the SparkSubmitOperator writes before the application runs. */
export function startSpark(context: ScenarioContext): void {
  const { log, rng } = context;
  usingConnection(context, 'spark');
  log.info('spark_submit.py:341', `Spark-Submit cmd: ${sparkSubmitCommand(context)}`);
  log.advance(rng.int(2000, 6000));
  sparkLine(
    context,
    `${sparkStamp(context)} INFO Client: Requesting a new application from cluster with ${rng.int(6, 60)} NodeManagers`,
  );
  sparkLine(
    context,
    `${sparkStamp(context)} INFO Client: Submitting application ${yarnApplicationId(context)} to ResourceManager`,
  );
  log.advance(rng.int(500, 3000));
  sparkLine(
    context,
    `${sparkStamp(context)} INFO YarnClientImpl: Submitted application ${yarnApplicationId(context)}`,
  );
}

/** Ordinary spark-submit output: YARN application reports in cluster mode, task progress in client mode. */
export function sparkProgress(context: ScenarioContext, count: number): void {
  const { rng, log } = context;
  const application = yarnApplicationId(context);
  const cluster = sparkDeployMode(context) === 'cluster';
  const tasks = rng.choice([200, 400, 800, 1200]);
  let finished = 0;
  log.pace(rng, count, log.remainingMs * uniform(rng, 0.5, 0.9), (index) => {
    if (cluster) {
      sparkLine(
        context,
        `${sparkStamp(context)} INFO Client: Application report for ${application} (state: RUNNING)`,
      );
      return;
    }
    if (chance(rng, 0.08)) {
      sparkLine(
        context,
        `${sparkStamp(context)} INFO BlockManagerInfo: Removed broadcast_${rng.int(1, 40)}_piece0 on ${privateIp(rng)}:${rng.int(30000, 45000)} in memory (size: ${uniform(rng, 4, 90).toFixed(1)} KiB, free: ${uniform(rng, 2, 6).toFixed(1)} GiB)`,
      );
      return;
    }
    finished = Math.min(tasks, finished + rng.int(1, 12));
    sparkLine(
      context,
      `${sparkStamp(context)} INFO TaskSetManager: Finished task ${finished}.0 in stage ${Math.floor(index / 40) + 1}.0 (TID ${index * 7 + rng.int(0, 6)}) in ${rng.int(300, 40_000)} ms on ${privateIp(rng)} (executor ${rng.int(1, 40)}) (${finished}/${tasks})`,
    );
  });
}

/** `\tat frame` lines of a JVM stack trace. */
export function javaStack(frames: readonly string[]): string[] {
  return frames.map((frame) => `\tat ${frame}`);
}

/** The frames under which Spark reports a job aborted by the DAG scheduler. */
export const dagSchedulerFrames: readonly string[] = [
  'org.apache.spark.scheduler.DAGScheduler.failJobAndIndependentStages(DAGScheduler.scala:2844)',
  'org.apache.spark.scheduler.DAGScheduler.$anonfun$abortStage$2(DAGScheduler.scala:2780)',
  'org.apache.spark.scheduler.DAGScheduler.$anonfun$abortStage$2$adapted(DAGScheduler.scala:2779)',
  'scala.collection.mutable.ResizableArray.foreach(ResizableArray.scala:62)',
  'scala.collection.mutable.ResizableArray.foreach$(ResizableArray.scala:55)',
  'scala.collection.mutable.ArrayBuffer.foreach(ArrayBuffer.scala:49)',
  'org.apache.spark.scheduler.DAGScheduler.abortStage(DAGScheduler.scala:2779)',
  'org.apache.spark.scheduler.DAGScheduler.$anonfun$handleTaskSetFailed$1(DAGScheduler.scala:1242)',
  'org.apache.spark.scheduler.DAGScheduler.handleTaskSetFailed(DAGScheduler.scala:1242)',
  'org.apache.spark.scheduler.DAGSchedulerEventProcessLoop.doOnReceive(DAGScheduler.scala:3048)',
  'org.apache.spark.util.EventLoop$$anon$1.run(EventLoop.scala:49)',
];

/** What went wrong in the Spark application, before the driver gave up. */
export interface SparkApplicationFailure {
  /** Executor-side and scheduler lines (without stamps) that precede the abort. */
  warnings: readonly string[];
  /** The JVM exception, `class: message`, possibly several lines with `\tat` frames. */
  javaException: string;
  /** For client mode: the Python exception class the PySpark driver surfaced it as. */
  pythonException?: string;
}

/**
 * Writes how a Spark application failed. In client mode the driver's warnings and
 * PySpark traceback reach the log; in cluster mode only YARN's final report does, with
 * the JVM exception as diagnostics.
 */
export function writeSparkApplicationFailure(
  context: ScenarioContext,
  failure: SparkApplicationFailure,
): void {
  const { rng, log, task } = context;
  const application = yarnApplicationId(context);
  const cluster = sparkDeployMode(context) === 'cluster';
  // In cluster mode the driver runs on YARN: its warnings never reach spark-submit's output.
  for (const warning of cluster ? [] : failure.warnings) {
    log.advance(rng.int(50, 4000));
    sparkLine(context, `${sparkStamp(context)} ${warning}`);
  }
  log.moveTo(log.durationMs - rng.int(2000, 6000));
  if (cluster) {
    sparkLine(
      context,
      `${sparkStamp(context)} INFO Client: Application report for ${application} (state: FINISHED)`,
    );
    const report = [
      `${sparkStamp(context)} INFO Client: `,
      '\t client token: N/A',
      `\t diagnostics: User class threw exception: ${failure.javaException}`,
      `\t ApplicationMaster host: ${privateIp(rng)}`,
      '\t ApplicationMaster RPC port: 0',
      `\t queue: ${stablePick(context, 'queue', ['root.etl', 'root.default', 'root.ml'])}`,
      `\t start time: ${log.startMs + rng.int(5000, 9000)}`,
      '\t final status: FAILED',
      `\t tracking URL: http://ip-${privateIp(rng).replaceAll('.', '-')}.${task.company.awsRegion}.compute.internal:20888/proxy/${application}/`,
      '\t user: hadoop',
    ];
    for (const line of report.flatMap((entry) => entry.split('\n'))) sparkLine(context, line);
    sparkLine(
      context,
      `Exception in thread "main" org.apache.spark.SparkException: Application ${application} finished with failed status`,
    );
    for (const line of javaStack([
      'org.apache.spark.deploy.yarn.Client.run(Client.scala:1342)',
      'org.apache.spark.deploy.yarn.YarnClusterApplication.start(Client.scala:1764)',
      'org.apache.spark.deploy.SparkSubmit.org$apache$spark$deploy$SparkSubmit$$runMain(SparkSubmit.scala:1020)',
      'org.apache.spark.deploy.SparkSubmit.doRunMain$1(SparkSubmit.scala:192)',
      'org.apache.spark.deploy.SparkSubmit.submit(SparkSubmit.scala:215)',
      'org.apache.spark.deploy.SparkSubmit.doSubmit(SparkSubmit.scala:91)',
      'org.apache.spark.deploy.SparkSubmit$$anon$2.doSubmit(SparkSubmit.scala:1111)',
      'org.apache.spark.deploy.SparkSubmit$.main(SparkSubmit.scala:1120)',
      'org.apache.spark.deploy.SparkSubmit.main(SparkSubmit.scala)',
    ])) {
      sparkLine(context, line);
    }
    return;
  }
  const script = `/opt/airflow/jobs/${task.company.slug}/${task.taskId}.py`;
  const py4j = '/usr/lib/spark/python/lib/py4j-0.10.9.7-src.zip/py4j';
  const pyspark = '/usr/lib/spark/python/lib/pyspark.zip/pyspark';
  const call = `o${rng.int(60, 400)}`;
  const lines = [
    'Traceback (most recent call last):',
    `  File "${script}", line ${rng.int(40, 220)}, in <module>`,
    '    main(sys.argv[1])',
    `  File "${script}", line ${rng.int(20, 39)}, in main`,
    `    result.write.mode("overwrite").partitionBy("ds").parquet(output_path)`,
    `  File "${pyspark}/sql/readwriter.py", line 1721, in parquet`,
    `  File "${py4j}/java_gateway.py", line 1322, in __call__`,
    `  File "${pyspark}/errors/exceptions/captured.py", line ${failure.pythonException === undefined ? 179 : 185}, in deco`,
  ];
  if (failure.pythonException === undefined) {
    lines.push(
      `  File "${py4j}/protocol.py", line 326, in get_return_value`,
      `py4j.protocol.Py4JJavaError: An error occurred while calling ${call}.parquet.`,
      `: ${failure.javaException}`,
    );
  } else {
    lines.push(failure.pythonException);
  }
  lines.push(`${sparkStamp(context)} INFO SparkContext: Invoking stop() from shutdown hook`);
  lines.push(
    `${sparkStamp(context)} INFO SparkUI: Stopped Spark web UI at http://${privateIp(rng)}:4040`,
  );
  for (const line of lines.flatMap((line) => line.split('\n'))) sparkLine(context, line);
}

/**
 * Fails a SparkSubmitOperator task: writes the Spark output, then the hook's "Cannot
 * execute" exception with the exit code of spark-submit.
 */
export function failSpark(
  context: ScenarioContext,
  output: readonly string[],
  exitCode = 1,
): Ending {
  const { log, rng } = context;
  for (const line of output) {
    log.advance(rng.int(0, 400));
    sparkLine(context, line);
  }
  const command = sparkSubmitCommand(context).replace(' --verbose', '');
  return failWithTraceback(context, [
    {
      frames: [
        ...frameworkFrames(context),
        libraryFrame(context, operatorFile, 157, 'execute', 'self._hook.submit(self.application)'),
        libraryFrame(context, hookFile, 451, 'submit', 'raise AirflowException('),
      ],
      exception: `airflow.exceptions.AirflowException: Cannot execute: ${command}. Error code is: ${exitCode}.`,
    },
  ]);
}
