import type { JournalOperation, JournalRecord, RunStartRecord } from '../journal/records';
import { isLaterMetric, metricHistory } from './metric-order';
import type {
  LocalDatasetInput,
  LocalExperiment,
  LocalMetric,
  LocalRun,
  LocalRunStatus,
  RunSyncState,
  SyncedOperation,
} from './types';

/** The records of one journal file. */
export interface SessionRecords {
  sessionId: string;
  records: readonly JournalRecord[];
}

const runNameTag = 'mlflow.runName';
const parentRunIdTag = 'mlflow.parentRunId';
const userTag = 'mlflow.user';

/** Everything the store answers from, rebuilt when a journal file changes. */
export class RunIndex {
  readonly #runs = new Map<string, RunState>();

  /**
   * Folds the journals into runs. Run-starts are read first from every journal, so a run's later
   * records may sit in another session's file (a resumed run); records of unknown runs are
   * ignored. Within a run, records apply in journal order, journals ordered by start time.
   */
  constructor(sessions: readonly SessionRecords[]) {
    const acknowledgements = new Map<string, Map<number, JournalRecord & { type: 'ack' }>>();
    for (const { sessionId, records } of sessions) {
      const acks = new Map<number, JournalRecord & { type: 'ack' }>();
      for (const record of records) {
        if (record.type === 'ack') acks.set(record.seq, record);
        else if (record.type === 'run-start' && !this.#runs.has(record.localRunId)) {
          this.#runs.set(record.localRunId, new RunState(sessionId, record));
        }
      }
      acknowledgements.set(sessionId, acks);
    }
    for (const { sessionId, records } of sessions) {
      const acks = acknowledgements.get(sessionId);
      for (const record of records) {
        if (record.type === 'session-start' || record.type === 'ack') continue;
        const run = this.#runs.get(record.localRunId);
        if (run === undefined) continue;
        const ack = acks?.get(record.seq);
        run.apply(record, sessionId, ack !== undefined);
        if (record.type === 'run-start' && ack?.serverRunId !== undefined) {
          run.serverRunId ??= ack.serverRunId;
          run.serverExperimentId ??= ack.serverExperimentId;
        }
      }
    }
  }

  run(localRunId: string): RunState | undefined {
    return this.#runs.get(localRunId);
  }

  runs(): IterableIterator<RunState> {
    return this.#runs.values();
  }

  experiments(): LocalExperiment[] {
    const experiments = new Map<string, LocalExperiment>();
    for (const run of this.#runs.values()) {
      const lastTimeMs = Math.max(run.startTimeMs, run.endTimeMs ?? 0);
      const known = experiments.get(run.experimentName);
      if (known === undefined) {
        experiments.set(run.experimentName, {
          name: run.experimentName,
          runCount: 1,
          creationTimeMs: run.startTimeMs,
          lastUpdateTimeMs: lastTimeMs,
        });
      } else {
        known.runCount += 1;
        known.creationTimeMs = Math.min(known.creationTimeMs, run.startTimeMs);
        known.lastUpdateTimeMs = Math.max(known.lastUpdateTimeMs, lastTimeMs);
      }
    }
    return [...experiments.values()].sort((left, right) => compareStrings(left.name, right.name));
  }
}

/** One run being folded from its records. */
export class RunState {
  readonly localRunId: string;
  readonly sessionId: string;
  readonly experimentName: string;
  readonly startTimeMs: number;
  readonly #startName: string | undefined;
  readonly #userId: string | undefined;
  status: LocalRunStatus = 'RUNNING';
  endTimeMs: number | undefined;
  serverRunId: string | undefined;
  serverExperimentId: string | undefined;
  readonly #tags = new Map<string, string>();
  readonly #params = new Map<string, string>();
  readonly #metrics = new Map<string, LocalMetric[]>();
  readonly #datasets = new Map<string, LocalDatasetInput>();
  readonly #operations: SyncedOperation[] = [];
  #materialized: LocalRun | undefined;

  constructor(sessionId: string, start: RunStartRecord) {
    this.localRunId = start.localRunId;
    this.sessionId = sessionId;
    this.experimentName = start.experimentName;
    this.startTimeMs = start.startTimeMs;
    this.#startName = start.runName;
    this.#userId = start.tags.find((tag) => tag.key === userTag)?.value;
  }

  apply(record: JournalOperation, sessionId: string, acknowledged: boolean): void {
    this.#operations.push({ sessionId, seq: record.seq, type: record.type, acknowledged });
    switch (record.type) {
      case 'run-start':
        // The server stores the name and the parent as tags; so does the local view.
        if (record.runName !== undefined) this.#tags.set(runNameTag, record.runName);
        if (record.parentLocalRunId !== undefined || record.parentRunId !== undefined) {
          this.#tags.set(parentRunIdTag, (record.parentRunId ?? record.parentLocalRunId) as string);
        }
        for (const tag of record.tags) this.#tags.set(tag.key, tag.value);
        break;
      case 'batch':
        for (const param of record.params) {
          if (!this.#params.has(param.key)) this.#params.set(param.key, param.value);
        }
        for (const tag of record.tags) this.#tags.set(tag.key, tag.value);
        for (const metric of record.metrics) {
          const points = this.#metrics.get(metric.key);
          const point: LocalMetric = { ...metric, value: metric.value as number };
          if (points === undefined) this.#metrics.set(metric.key, [point]);
          else points.push(point);
        }
        break;
      case 'inputs':
        for (const { tags, ...dataset } of record.datasets) {
          const identity = `${dataset.name}\u0000${dataset.digest}`;
          if (!this.#datasets.has(identity)) this.#datasets.set(identity, { dataset, tags });
        }
        break;
      case 'run-end':
        this.status = record.status;
        this.endTimeMs = record.endTimeMs;
        break;
    }
  }

  /** The run as `getRun()` returns it (built once per index). */
  toRun(): LocalRun {
    this.#materialized ??= {
      info: {
        runId: this.localRunId,
        runName: this.#tags.get(runNameTag) ?? this.#startName,
        experimentName: this.experimentName,
        status: this.status,
        startTimeMs: this.startTimeMs,
        endTimeMs: this.endTimeMs,
        userId: this.#userId,
        sessionId: this.sessionId,
      },
      data: {
        metrics: sortedByKey([...this.#metrics.values()].map(latestOf)),
        params: sortedByKey([...this.#params].map(([key, value]) => ({ key, value }))),
        tags: sortedByKey([...this.#tags].map(([key, value]) => ({ key, value }))),
      },
      inputs: { datasetInputs: [...this.#datasets.values()] },
    };
    return this.#materialized;
  }

  history(key: string): LocalMetric[] {
    return metricHistory(this.#metrics.get(key) ?? []);
  }

  syncState(): RunSyncState {
    const operations = this.#operations.map((operation) => ({ ...operation }));
    const pendingCount = operations.filter((operation) => !operation.acknowledged).length;
    return {
      localRunId: this.localRunId,
      serverRunId: this.serverRunId,
      serverExperimentId: this.serverExperimentId,
      operations,
      pendingCount,
      isSynced: pendingCount === 0,
    };
  }
}

function latestOf(points: readonly LocalMetric[]): LocalMetric {
  let latest = points[0] as LocalMetric;
  for (const point of points) if (isLaterMetric(point, latest)) latest = point;
  return latest;
}

function sortedByKey<Entry extends { key: string }>(entries: Entry[]): Entry[] {
  return entries.sort((left, right) => compareStrings(left.key, right.key));
}

/** Orders strings by Unicode code point, as SQLite and Python compare them. */
export function compareStrings(left: string, right: string): number {
  if (left === right) return 0;
  const leftPoints = left[Symbol.iterator]();
  const rightPoints = right[Symbol.iterator]();
  for (;;) {
    const leftNext = leftPoints.next();
    const rightNext = rightPoints.next();
    if (leftNext.done) return rightNext.done ? 0 : -1;
    if (rightNext.done) return 1;
    const difference =
      (leftNext.value.codePointAt(0) as number) - (rightNext.value.codePointAt(0) as number);
    if (difference !== 0) return difference;
  }
}
