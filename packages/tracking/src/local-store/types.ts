import type { JournalKeyValue, JournalOperation } from '../journal/records';
import type { FilterExpression } from '../search/filter-types';

/** A metric point, value decoded (NaN and ±Infinity are numbers). */
export interface LocalMetric {
  key: string;
  value: number;
  /** Milliseconds since the epoch. */
  timestampMs: number;
  step: number;
}

/** A dataset input of a run, nested as MLflow's `DatasetInput`. */
export interface LocalDatasetInput {
  dataset: {
    name: string;
    digest: string;
    sourceType: string;
    source: string;
    schema?: string;
    profile?: string;
  };
  /** Input tags, e.g. `mlflow.data.context` = `training`. */
  tags: JournalKeyValue[];
}

/** Run status as MLflow names it: RUNNING until a `run-end` record. */
export type LocalRunStatus = 'RUNNING' | 'FINISHED' | 'FAILED' | 'KILLED';

/** A run read back from the journal, shaped like MLflow's `Run` (info, data, inputs). */
export interface LocalRun {
  info: {
    /** The local run id (the journal's `localRunId`). */
    runId: string;
    /** The `mlflow.runName` tag (last write), else the name the run was started with. */
    runName: string | undefined;
    experimentName: string;
    status: LocalRunStatus;
    /** Milliseconds since the epoch. */
    startTimeMs: number;
    /** Milliseconds since the epoch; undefined while the run is running. */
    endTimeMs: number | undefined;
    /** The `mlflow.user` tag the run was started with, as MLflow's `user_id`. */
    userId: string | undefined;
    /** The session whose journal started the run. */
    sessionId: string;
  };
  data: {
    /**
     * The latest point of each metric, chosen as MLflow's stores do: the greatest
     * (step, timestamp, value); on a full tie the first logged. Sorted by key.
     */
    metrics: LocalMetric[];
    /** Params, first value kept (MLflow params are write-once). Sorted by key. */
    params: JournalKeyValue[];
    /** Tags, last write wins. Sorted by key. */
    tags: JournalKeyValue[];
  };
  inputs: {
    /** Dataset inputs in logging order; a dataset (name, digest) logged again is kept once. */
    datasetInputs: LocalDatasetInput[];
  };
}

/** An experiment as far as the journal knows it: the runs started in it. */
export interface LocalExperiment {
  name: string;
  runCount: number;
  /** Start of its earliest run, ms since the epoch. */
  creationTimeMs: number;
  /** Latest start or end of its runs, ms since the epoch. */
  lastUpdateTimeMs: number;
}

/** Options of `searchRuns()`. */
export interface SearchRunsOptions {
  /** Only runs of these experiments; every experiment when absent. */
  experimentNames?: readonly string[];
  /** MLflow's filter grammar as a string, or a `Filter` from `where` / `parseFilter()`. */
  filter?: string | FilterExpression;
  /**
   * Order-by clauses (`metrics.loss ASC`, see `orderBy`); ties and the default order:
   * start time descending, then run id.
   */
  orderBy?: readonly string[];
  /** Page size, 1 to 50 000. Default 1000, as MLflow. */
  maxResults?: number;
  /** `nextPageToken` of the previous page. */
  pageToken?: string;
}

/** One page of `searchRuns()`. */
export interface SearchRunsResult {
  runs: LocalRun[];
  /** Pass as `pageToken` for the next page; undefined on the last page. */
  nextPageToken: string | undefined;
}

/** One journaled operation of a run and whether the server acknowledged it. */
export interface SyncedOperation {
  sessionId: string;
  seq: number;
  type: JournalOperation['type'];
  acknowledged: boolean;
}

/** How much of a run the server has confirmed. */
export interface RunSyncState {
  localRunId: string;
  /** The server's run id, once its `run-start` was acknowledged. */
  serverRunId: string | undefined;
  serverExperimentId: string | undefined;
  /** Every operation of the run, in journal order. */
  operations: SyncedOperation[];
  /** Operations not acknowledged yet. */
  pendingCount: number;
  /** True when every operation was acknowledged. */
  isSynced: boolean;
}
