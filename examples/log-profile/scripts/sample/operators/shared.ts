import type { Ending, ScenarioContext } from '../context';
import { formatTraceback, type RaisedException } from '../traceback';

/** A number from a string that does not change between runs: picks stable names per task. */
export function stableIndex(text: string, modulo: number): number {
  let hash = 2166136261;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return hash % modulo;
}

/** One of `items`, always the same for the same task. */
export function stablePick<T>(context: ScenarioContext, salt: string, items: readonly T[]): T {
  const key = `${context.task.dag.dagId}.${context.task.taskId}.${salt}`;
  const item = items[stableIndex(key, items.length)];
  if (item === undefined) throw new Error('stablePick() needs a non-empty list');
  return item;
}

/** The logical date of the run as `YYYY-MM-DD` (Airflow's `ds`). */
export function logicalDs(context: ScenarioContext): string {
  return context.task.logicalDate.toISOString().slice(0, 10);
}

/** The kinds of system a task connects to, for choosing a connection id. */
export type ConnectionKind =
  | 'postgres'
  | 'redshift'
  | 'aws'
  | 'snowflake'
  | 'http'
  | 'gcp'
  | 'databricks'
  | 'spark'
  | 'kubernetes';

const connectionIds: Record<ConnectionKind, (slug: string) => readonly string[]> = {
  postgres: (slug) => ['postgres_default', `${slug}_warehouse`, `${slug}_pg_prod`],
  redshift: (slug) => ['redshift_default', `${slug}_redshift`],
  aws: (slug) => ['aws_default', `${slug}_aws`, `${slug}_s3_writer`],
  snowflake: (slug) => ['snowflake_default', `${slug}_snowflake`, `${slug}_sf_loader`],
  http: (slug) => [`${slug}_partner_api`, 'http_default', `${slug}_vendor_http`],
  gcp: (slug) => ['google_cloud_default', `${slug}_gcp`, `${slug}_bq_sa`],
  databricks: (slug) => ['databricks_default', `${slug}_databricks`],
  spark: (slug) => ['spark_default', `${slug}_spark_yarn`],
  kubernetes: (slug) => ['kubernetes_default', `${slug}_k8s`],
};

/** The connection id the task uses for `kind`, stable per task. */
export function connectionId(context: ScenarioContext, kind: ConnectionKind): string {
  return stablePick(context, `conn-${kind}`, connectionIds[kind](context.task.company.slug));
}

/** Writes Airflow's "Using connection ID" line for `kind`. */
export function usingConnection(context: ScenarioContext, kind: ConnectionKind): void {
  const id = connectionId(context, kind);
  context.log.info(
    context.deployment.release.minor >= 7 ? 'base.py:83' : 'base.py:73',
    `Using connection ID '${id}' for task execution.`,
  );
}

/** `str(exception)` of the last exception in a formatted `module.Class: message` line. */
function exceptionMessage(exceptionLine: string): string {
  return exceptionLine.match(/^[\w.]+: ([\s\S]*)$/)?.[1] ?? '';
}

/** Options of {@link failWithTraceback}. */
export interface FailureOptions {
  /** What Airflow prints in "Failed to execute job … (summary; pid)"; `str()` of the last exception unless given. */
  summary?: string;
  /** The exception is one Airflow does not retry (sensor timeout, `AirflowFailException`). */
  noRetry?: boolean;
  /** Milliseconds between the traceback and the end of the attempt; 20–400 unless given. */
  closingMs?: number;
}

/**
 * Moves the clock to just before the end of the attempt, logs Airflow's "Task failed
 * with exception" and the traceback, and returns the matching ending.
 */
export function failWithTraceback(
  context: ScenarioContext,
  chain: readonly RaisedException[],
  options: FailureOptions = {},
): Ending {
  const { log, deployment, rng } = context;
  log.moveTo(log.durationMs - (options.closingMs ?? rng.int(20, 400)));
  log.error(
    `taskinstance.py:${deployment.release.taskInstance.failedWithException}`,
    'Task failed with exception',
  );
  log.raw(formatTraceback(chain, deployment.pythonVersion));
  const last = chain[chain.length - 1];
  return {
    kind: 'exception',
    summary: options.summary ?? exceptionMessage(last?.exception ?? ''),
    ...(options.noRetry === true ? { noRetry: true } : {}),
  };
}
