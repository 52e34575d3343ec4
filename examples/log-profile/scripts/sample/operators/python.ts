import type { Ending, ScenarioContext } from '../context';
import { chance, hex, uniform, withCommas } from '../random-helpers';
import {
  dagFrame,
  type Frame,
  projectFrame,
  pythonOperatorFrames,
  type RaisedException,
} from '../traceback';
import { type FailureOptions, failWithTraceback, logicalDs, stablePick } from './shared';

const moduleNames = {
  etl: ['extract.py', 'loaders.py', 'api_client.py', 'warehouse.py', 'transforms.py'],
  ml: ['train.py', 'features.py', 'evaluate.py', 'registry.py'],
  report: ['reporting.py', 'render.py', 'queries.py'],
} as const;

/** The module of the company's shared code that the task's callable lives in. */
function taskModule(context: ScenarioContext): string {
  return stablePick(context, 'module', moduleNames[context.task.dag.kind]);
}

/**
 * The log source of the task's own messages: `logging_mixin.py` when the callable
 * prints, the module file when it uses a logger. Stable per task.
 */
function userSource(context: ScenarioContext): string {
  const printing = stablePick(context, 'prints', [true, false, false]);
  if (printing) return `logging_mixin.py:${context.deployment.release.loggingMixin}`;
  return `${taskModule(context)}:${stablePick(context, 'log-line', [41, 57, 88, 112, 134, 176, 203])}`;
}

/** Writes one INFO message of the task's own code. */
export function userInfo(context: ScenarioContext, message: string): void {
  context.log.info(userSource(context), message);
}

/** Writes one WARNING message of the task's own code. */
export function userWarning(context: ScenarioContext, message: string): void {
  context.log.warning(userSource(context), message);
}

/** Lines a Python task writes at its start. */
export function startPython(context: ScenarioContext): void {
  const { rng, task } = context;
  if (chance(rng, 0.5)) userInfo(context, `Starting ${task.taskId} for ds=${logicalDs(context)}`);
  if (chance(rng, 0.25)) {
    userInfo(
      context,
      `Resolved config: env=prod, batch_size=${rng.choice([500, 1000, 5000, 50000])}`,
    );
  }
}

function etlProgress(context: ScenarioContext, count: number): void {
  const { rng, log, task } = context;
  const style = rng.int(0, 2);
  const cursor = hex(rng, 12);
  const totalBatches = count + rng.int(5, 200);
  const table = rng.choice(task.company.tables);
  log.pace(rng, count, log.remainingMs * uniform(rng, 0.4, 0.9), (index) => {
    if (style === 0) {
      userInfo(
        context,
        `Fetched page ${index + 1} from /v2/${table}: ${rng.int(150, 500)} records (cursor=${cursor}${index.toString(16)})`,
      );
    } else if (style === 1) {
      userInfo(
        context,
        `Processed batch ${index + 1}/${totalBatches}: ${withCommas(rng.int(20_000, 50_000))} rows in ${uniform(rng, 0.4, 9).toFixed(2)}s`,
      );
    } else {
      userInfo(
        context,
        `Wrote ${withCommas(rng.int(80_000, 400_000))} rows to s3://${task.company.bucket}/${table}/ds=${logicalDs(context)}/part-${(index + 1).toString().padStart(5, '0')}.snappy.parquet`,
      );
    }
  });
}

function mlProgress(context: ScenarioContext, count: number): void {
  const { rng, log } = context;
  const epochs = rng.int(10, 60);
  const stepsPerEpoch = Math.max(1, Math.ceil(count / epochs));
  const decay = Math.log(uniform(rng, 0.15, 0.6)) / Math.max(1, count);
  let loss = uniform(rng, 0.9, 2.4);
  log.pace(rng, count, log.remainingMs * uniform(rng, 0.5, 0.92), (index) => {
    loss *= Math.exp(decay) * uniform(rng, 0.985, 1.015);
    const epoch = Math.floor(index / stepsPerEpoch) + 1;
    const step = (index % stepsPerEpoch) * 200 + 200;
    userInfo(
      context,
      `epoch ${epoch}/${epochs} step ${step} loss=${loss.toFixed(4)} lr=${(3e-4 * 0.97 ** epoch).toExponential(2)} throughput=${rng.int(900, 4100)} samples/s`,
    );
  });
}

function reportProgress(context: ScenarioContext, count: number): void {
  const { rng, log, task } = context;
  const sections = ['summary', 'by_region', 'by_channel', 'exceptions', 'trend_12w', 'appendix'];
  log.pace(rng, count, log.remainingMs * uniform(rng, 0.3, 0.85), (index) => {
    if (chance(rng, 0.5)) {
      userInfo(
        context,
        `Query ${index + 1} (${rng.choice(task.company.schemas)}.${rng.choice(task.company.tables)}) returned ${withCommas(rng.int(1, 250_000))} rows in ${uniform(rng, 0.1, 40).toFixed(1)}s`,
      );
    } else {
      userInfo(
        context,
        `Rendered section ${rng.choice(sections)} (${rng.int(1, 40)} tables, ${rng.int(0, 12)} charts)`,
      );
    }
  });
}

/** Progress output of a Python task, shaped by what its pipeline does. */
export function pythonProgress(context: ScenarioContext, count: number): void {
  if (context.task.dag.kind === 'ml') mlProgress(context, count);
  else if (context.task.dag.kind === 'report') reportProgress(context, count);
  else etlProgress(context, count);
}

/** The frame of the task's callable in the DAG file. */
export function callableFrame(context: ScenarioContext, code: string): Frame {
  return dagFrame(context, context.rng.int(24, 260), context.task.taskId, code);
}

/** A frame in the company's shared module of this task. */
export function moduleFrame(context: ScenarioContext, func: string, code: string): Frame {
  return projectFrame(context, taskModule(context), context.rng.int(18, 420), func, code);
}

/** Parts of a Python task's failure: frames below the callable and the exception. */
export interface PythonFailure {
  /** Frames from the callable down, user code and libraries, outermost first. */
  frames: readonly Frame[];
  /** `module.Class: message` of the exception that ends the task. */
  exception: string;
  /** Exceptions raised earlier in the chain (first raised first). */
  causes?: readonly RaisedException[];
  /** How the final exception relates to the last cause. */
  link?: 'cause' | 'context';
}

/** The traceback chain of a Python task: causes, then Airflow and operator frames above `frames`. */
function pythonChain(context: ScenarioContext, failure: PythonFailure): RaisedException[] {
  return [
    ...(failure.causes ?? []),
    {
      frames: [...pythonOperatorFrames(context), ...failure.frames],
      exception: failure.exception,
      link: failure.link ?? 'cause',
    },
  ];
}

/** Fails a Python task with a traceback through its callable. */
export function failPython(
  context: ScenarioContext,
  failure: PythonFailure,
  options: FailureOptions = {},
): Ending {
  return failWithTraceback(context, pythonChain(context, failure), options);
}
