/**
 * The journal's record types (format version 1). Every write a tracker accepts is
 * appended here before it is sent, so nothing is lost when the server or the process
 * goes away; `ack` records say what the server confirmed.
 *
 * Numbers that JSON cannot hold (NaN, ±Infinity) are written as the strings "NaN",
 * "Infinity" and "-Infinity" in metric values.
 */

/** A metric point as MLflow stores it. `timestampMs` is milliseconds since the epoch. */
export interface JournalMetric {
  key: string;
  value: number | 'NaN' | 'Infinity' | '-Infinity';
  timestampMs: number;
  step: number;
}

/** A param or tag. */
export interface JournalKeyValue {
  key: string;
  value: string;
}

/** A dataset logged as a run input (MLflow's DatasetInput). */
export interface JournalDatasetInput {
  name: string;
  digest: string;
  sourceType: string;
  source: string;
  schema?: string;
  profile?: string;
  /** Input tags, e.g. `mlflow.data.context` = `training`. */
  tags: JournalKeyValue[];
}

/** Opens a journal file: who writes it. One writer per file. */
export interface SessionStartRecord {
  type: 'session-start';
  version: 1;
  sessionId: string;
  pid: number;
  hostname: string;
  startedAtMs: number;
  /** The tracking server this session targets, credentials removed; absent when local. */
  trackingUri?: string;
}

/** A run was started. `localRunId` is the client's id; the server's id comes in its ack. */
export interface RunStartRecord {
  type: 'run-start';
  seq: number;
  localRunId: string;
  experimentName: string;
  runName?: string;
  startTimeMs: number;
  tags: JournalKeyValue[];
  /** Parent run: a local id from this journal, or a server run id. */
  parentLocalRunId?: string;
  parentRunId?: string;
}

/** Metrics, params and tags of one run, within MLflow's log-batch limits. */
export interface BatchRecord {
  type: 'batch';
  seq: number;
  localRunId: string;
  metrics: JournalMetric[];
  params: JournalKeyValue[];
  tags: JournalKeyValue[];
}

/** Dataset inputs of a run. */
export interface InputsRecord {
  type: 'inputs';
  seq: number;
  localRunId: string;
  datasets: JournalDatasetInput[];
}

/** A run ended. */
export interface RunEndRecord {
  type: 'run-end';
  seq: number;
  localRunId: string;
  status: 'FINISHED' | 'FAILED' | 'KILLED';
  endTimeMs: number;
}

/** The server confirmed record `seq` (for a run-start: with the server's ids). */
export interface AckRecord {
  type: 'ack';
  seq: number;
  serverRunId?: string;
  serverExperimentId?: string;
}

/** Any record of format version 1. */
export type JournalRecord =
  | SessionStartRecord
  | RunStartRecord
  | BatchRecord
  | InputsRecord
  | RunEndRecord
  | AckRecord;

/** Records that change a run (everything but session-start and ack). */
export type JournalOperation = RunStartRecord | BatchRecord | InputsRecord | RunEndRecord;
