import type { JournalDatasetInput, JournalKeyValue, JournalMetric } from '../journal/records';

/** A metric point as the server returns it. */
export interface StoredMetric {
  key: string;
  value: number;
  timestampMs: number;
  step: number;
}

/**
 * What the tracker needs from a tracking server. The MLflow REST implementation is
 * `createMlflowBackend`; tests and the local store can provide others.
 */
export interface TrackingBackend {
  /** Id of the experiment called `name`, created when missing (a concurrent create is fine). */
  ensureExperiment(name: string, signal?: AbortSignal): Promise<string>;
  /** Creates a run and returns its server id and artifact root URI. */
  createRun(
    input: {
      experimentId: string;
      runName?: string;
      startTimeMs: number;
      tags: JournalKeyValue[];
    },
    signal?: AbortSignal,
  ): Promise<{ runId: string; artifactUri: string }>;
  /**
   * Finds the run created for client run id `localRunId` (tag `dagnostics.localRunId`),
   * for a create whose outcome is unknown.
   */
  findRunByLocalId(
    experimentId: string,
    localRunId: string,
    signal?: AbortSignal,
  ): Promise<{ runId: string; artifactUri: string } | undefined>;
  /** One log-batch request; within MLflow's limits. */
  logBatch(
    runId: string,
    batch: { metrics: JournalMetric[]; params: JournalKeyValue[]; tags: JournalKeyValue[] },
    signal?: AbortSignal,
  ): Promise<void>;
  /** Every point of `key` in `runId`. */
  getMetricHistory(runId: string, key: string, signal?: AbortSignal): Promise<StoredMetric[]>;
  /** Dataset inputs of a run. */
  logInputs(runId: string, datasets: JournalDatasetInput[], signal?: AbortSignal): Promise<void>;
  /** Sets the final status and end time. */
  endRun(
    runId: string,
    status: 'FINISHED' | 'FAILED' | 'KILLED',
    endTimeMs: number,
    signal?: AbortSignal,
  ): Promise<void>;
}
