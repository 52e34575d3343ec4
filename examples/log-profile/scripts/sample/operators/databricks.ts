import type { Ending, ScenarioContext } from '../context';
import { frameworkFrames, libraryFrame } from '../traceback';
import { failWithTraceback, stableIndex, usingConnection } from './shared';

/** The Databricks run id of the attempt, stable per attempt. */
function databricksRunId(context: ScenarioContext): number {
  const { task } = context;
  return (
    100_000 +
    stableIndex(`${task.dag.dagId}.${task.taskId}.${task.runId}.${task.tryNumber}`, 900_000)
  );
}

/** The run page URL the operator prints. */
export function databricksRunUrl(context: ScenarioContext): string {
  const { company } = context.task;
  const workspace = stableIndex(company.slug, 9_000_000_000) + 1_000_000_000;
  return `https://dbc-${company.slug}${stableIndex(company.name, 0xfffff).toString(16)}-prod.cloud.databricks.com/?o=${workspace}#job/${stableIndex(context.task.taskId, 99_999)}/run/${databricksRunId(context)}`;
}

/** Writes one run-state line and the operator's sleep line. */
export function databricksState(
  context: ScenarioContext,
  lifeCycle: string,
  resultState: string,
  message: string,
): void {
  context.log.info(
    'databricks.py:131',
    `${context.task.taskId} in run state: {'life_cycle_state': '${lifeCycle}', 'result_state': '${resultState}', 'state_message': '${message}'}`,
  );
}

/** Lines the DatabricksSubmitRunOperator writes when it submits the run. */
export function startDatabricks(context: ScenarioContext): void {
  const { log, rng } = context;
  usingConnection(context, 'databricks');
  log.info('databricks.py:123', `Run submitted with run_id: ${databricksRunId(context)}`);
  log.info(
    'databricks.py:125',
    `View run status, Spark UI, and logs at ${databricksRunUrl(context)}`,
  );
  databricksState(context, 'PENDING', '', 'Waiting for cluster');
  log.info('databricks.py:133', 'Sleeping for 30 seconds.');
  log.advance(rng.int(25_000, 35_000));
}

/** Polls of a running job: state line and sleep line, every 30 seconds or so. */
export function databricksProgress(context: ScenarioContext, count: number): void {
  const { log, rng } = context;
  const polls = Math.max(1, Math.floor(count / 2));
  log.pace(rng, polls, log.remainingMs * 0.9, () => {
    databricksState(context, 'RUNNING', '', 'In run');
    log.info('databricks.py:133', 'Sleeping for 30 seconds.');
  });
}

/**
 * Fails a Databricks run that reached a terminal state other than success, with the
 * error text of the failing task.
 */
export function failDatabricks(context: ScenarioContext, runState: string, error: string): Ending {
  return failWithTraceback(context, [
    {
      frames: [
        ...frameworkFrames(context),
        libraryFrame(
          context,
          'airflow/providers/databricks/operators/databricks.py',
          535,
          'execute',
          '_handle_databricks_operator_execution(self, hook, self.log, context)',
        ),
        libraryFrame(
          context,
          'airflow/providers/databricks/operators/databricks.py',
          127,
          '_handle_databricks_operator_execution',
          'raise AirflowException(error_message)',
        ),
      ],
      exception: `airflow.exceptions.AirflowException: ${context.task.taskId} failed with terminal state: ${runState} and with the error ${error}`,
    },
  ]);
}
