import type { Ending, ScenarioContext } from '../context';
import { type Frame, frameworkFrames, libraryFrame } from '../traceback';
import { failWithTraceback, logicalDs, stableIndex, stablePick } from './shared';
import { taskTable } from './sql';

/** The BigQuery job id the operator generates for the attempt, stable per attempt. */
function bigQueryJobId(context: ScenarioContext): string {
  const { task } = context;
  const date = task.logicalDate
    .toISOString()
    .replace('.000Z', '+00:00')
    .replace(/[-:+.]/g, '_');
  const key = `${task.dag.dagId}.${task.taskId}.${task.runId}.${task.tryNumber}`;
  const digest = stableIndex(key, 0xffffffff).toString(16).padStart(8, '0');
  return `airflow_${task.dag.dagId}_${task.taskId}_${date}_${digest}${stableIndex(`${key}!`, 0xffffff).toString(16).padStart(6, '0')}`;
}

/** The dataset the task writes to, stable per task. */
export function bigQueryDataset(context: ScenarioContext): string {
  return stablePick(context, 'dataset', ['analytics', 'features', 'reporting', 'ml_exports']);
}

/** The region the task's dataset lives in, stable per task. */
export function bigQueryLocation(context: ScenarioContext): string {
  return stablePick(context, 'location', ['US', 'EU', 'europe-west1', 'us-central1']);
}

/** Lines the BigQueryInsertJobOperator writes when it submits its job. */
export function startBigQuery(context: ScenarioContext): void {
  const { log, task } = context;
  const { table, column } = taskTable(context);
  const destination = `{'projectId': '${task.company.gcpProject}', 'datasetId': '${bigQueryDataset(context)}', 'tableId': '${table}_${logicalDs(context).replaceAll('-', '')}'}`;
  log.info(
    'bigquery.py:2818',
    `Executing: {'query': {'query': "SELECT ${column}, COUNT(*) AS n FROM \`${task.company.gcpProject}.raw.${table}\` WHERE DATE(_PARTITIONTIME) = '${logicalDs(context)}' GROUP BY ${column}", 'useLegacySql': False, 'destinationTable': ${destination}, 'writeDisposition': 'WRITE_TRUNCATE'}}`,
  );
  log.info(
    'base_google.py:410',
    `Getting connection using \`google.auth.default()\` since no explicit credentials are provided.`,
  );
  log.info('bigquery.py:1613', `Inserting job ${bigQueryJobId(context)}`);
}

/** Polling lines while the job runs. */
export function bigQueryProgress(context: ScenarioContext, count: number): void {
  const { log, rng } = context;
  const polls = Math.min(count, 30);
  log.pace(rng, polls, log.remainingMs * 0.8, () => {
    log.info('bigquery.py:1625', `Job ${bigQueryJobId(context)} is still running, state: RUNNING`);
  });
}

/** Frames from the operator down to the client library waiting for the job's result. */
export function bigQueryResultFrames(context: ScenarioContext): Frame[] {
  return [
    ...frameworkFrames(context),
    libraryFrame(
      context,
      'airflow/providers/google/cloud/operators/bigquery.py',
      2886,
      'execute',
      'job.result(timeout=self.result_timeout, retry=self.result_retry)',
    ),
    libraryFrame(context, 'google/cloud/bigquery/job/query.py', 1595, 'result', 'do_get_result()'),
    libraryFrame(
      context,
      'google/api_core/retry.py',
      372,
      'retry_wrapped_func',
      'return retry_target(',
    ),
    libraryFrame(context, 'google/api_core/retry.py', 207, 'retry_target', 'result = target()'),
    libraryFrame(
      context,
      'google/cloud/bigquery/job/query.py',
      1584,
      'do_get_result',
      'super(QueryJob, self).result(retry=retry, timeout=timeout)',
    ),
    libraryFrame(
      context,
      'google/cloud/bigquery/job/base.py',
      971,
      'result',
      'return super(_AsyncJob, self).result(timeout=timeout, **kwargs)',
    ),
    libraryFrame(
      context,
      'google/api_core/future/polling.py',
      261,
      'result',
      'raise self._exception',
    ),
  ];
}

/**
 * Fails a BigQuery job: `exceptionClass` (e.g. `BadRequest`) with `status message`,
 * followed by the location and job id lines the client library appends.
 */
export function failBigQuery(
  context: ScenarioContext,
  exceptionClass: string,
  message: string,
): Ending {
  const exception = `google.api_core.exceptions.${exceptionClass}: ${message}\n\nLocation: ${bigQueryLocation(context)}\nJob ID: ${bigQueryJobId(context)}\n`;
  return failWithTraceback(context, [{ frames: bigQueryResultFrames(context), exception }]);
}
