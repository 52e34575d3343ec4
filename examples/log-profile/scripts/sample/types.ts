/** The labels of the DAGnostics error classifier, in the order the profile prints them. */
export const FAILURE_CATEGORIES = [
  'resource_error',
  'data_quality',
  'dependency_failure',
  'configuration_error',
  'permission_error',
  'timeout_error',
  'unknown',
] as const;

/** One label of the classifier: the root cause of a failed task attempt. */
export type FailureCategory = (typeof FAILURE_CATEGORIES)[number];

/** The Airflow executors that appear in the sample. */
export type ExecutorName = 'CeleryExecutor' | 'KubernetesExecutor' | 'LocalExecutor';

/**
 * One failed Airflow task attempt: where it ran, when, and its full task log.
 *
 * Field names follow Airflow's own (`try_number`, `max_tries`, `logical_date`), so the
 * sample reads like an export of the `task_instance` table joined with the log files.
 */
export interface TaskFailureRecord {
  /** Stable identifier of the record, `tf-0001` to `tf-NNNN`. */
  id: string;
  dag_id: string;
  task_id: string;
  /** Airflow run id: `scheduled__…`, `manual__…` or `dataset_triggered__…`. */
  run_id: string;
  /** The attempt this log belongs to, from 1. */
  try_number: number;
  /** Airflow's `max_tries`: the number of retries, so a task has `max_tries + 1` attempts. */
  max_tries: number;
  /** Operator class name, as in `<Task(PythonOperator): …>`. */
  operator: string;
  /** Host the attempt ran on (worker, pod or machine name). */
  hostname: string;
  executor: ExecutorName;
  /** Airflow version, 2.6.x to 2.10.x. */
  airflow_version: string;
  /** Logical date of the DAG run, ISO 8601 in UTC. */
  logical_date: string;
  /** Start of the attempt, ISO 8601 in UTC with milliseconds. */
  start_date: string;
  /** End of the attempt, ISO 8601 in UTC with milliseconds. */
  end_date: string;
  /** `end_date − start_date` in seconds, rounded to milliseconds. */
  duration_s: number;
  /** The root cause of the failure. */
  category: FailureCategory;
  /** The task log of the attempt, lines separated by `\n`. */
  log: string;
}
