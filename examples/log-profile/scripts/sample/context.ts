import type { AirflowRelease } from './airflow-versions';
import type { Company, DagSpec, OperatorName } from './catalog';
import type { Rng } from './random-helpers';
import type { TaskLog } from './task-log';
import type { ExecutorName } from './types';

/** Where an attempt ran: Airflow release, Python, executor, host and paths. */
export interface Deployment {
  release: AirflowRelease;
  airflowVersion: string;
  pythonVersion: string;
  /** The `site-packages` folder of the image, without a trailing slash. */
  sitePackages: string;
  /** Airflow's DAGs folder, without a trailing slash. */
  dagsFolder: string;
  executor: ExecutorName;
  hostname: string;
  /** Process id of the raw task process. */
  pid: number;
  /** Airflow job id of the attempt. */
  jobId: number;
}

/** The task instance an attempt belongs to. */
export interface TaskRef {
  company: Company;
  dag: DagSpec;
  taskId: string;
  operator: OperatorName;
  runId: string;
  logicalDate: Date;
  tryNumber: number;
  maxTries: number;
}

/** Everything a scenario needs to write its part of a log. */
export interface ScenarioContext {
  rng: Rng;
  log: TaskLog;
  deployment: Deployment;
  task: TaskRef;
  /**
   * How many lines of ordinary progress output the log should carry before the failure:
   * 0 for terse logs, hundreds for long ones. Operators write it; scenarios that own the
   * whole output (dbt, Spark, pod logs) may use it too.
   */
  progressLines: number;
  /**
   * The operator's own work counter as far as its progress output got (dbt nodes run of
   * those selected, say), so a scenario's failure lines continue its numbering.
   */
  progress: { done: number; total: number };
}

/**
 * How an attempt ended, which decides Airflow's closing lines:
 * - `exception`: the task raised; Airflow marks it, logs "Failed to execute job … (summary;
 *   pid)" and the runner exits with 1. `noRetry` for exceptions Airflow never retries
 *   (sensor timeouts, `AirflowFailException`).
 * - `killed`: the raw task process died from a signal (`-9`, `Negsignal.SIGSEGV`, …); the
 *   runner reports the return code, then Airflow marks the task.
 * - `cut`: the log stops where the scenario left it (lost worker, truncated upload, or a
 *   task that never started).
 */
export type Ending =
  | { kind: 'exception'; summary: string; noRetry?: boolean }
  | { kind: 'killed'; returnCode: string }
  | { kind: 'cut' };

/** One way a task can fail, for one category. */
export interface Scenario {
  /** Short description of the failure, for whoever reads the generator. */
  name: string;
  /** Relative frequency within its category; 1 unless given. */
  weight?: number;
  /** Operators this failure can happen in. */
  operators: readonly OperatorName[];
  /** The failure comes before Airflow counts an attempt, so `try_number` stays 1. */
  firstAttemptOnly?: boolean;
  /** Length of the attempt in seconds. */
  durationS(rng: Rng): number;
  /**
   * What is written before `write`: `full` (default) Airflow's preamble, the operator's
   * first lines and its progress output; `start` the preamble and the operator's first
   * lines (for failures before any work); `airflow` the preamble only; `none` nothing.
   */
  preamble?: 'full' | 'start' | 'airflow' | 'none';
  /** Writes the scenario's own lines and the failure; returns how the attempt ended. */
  write(context: ScenarioContext): Ending;
}
