import { pendingOperations, type ServerRunIds } from '../journal/pending';
import type { JournalOperation, JournalRecord, RunStartRecord } from '../journal/records';

/** MLflow's tag naming a run's parent. */
export const parentRunIdTag = 'mlflow.parentRunId';

/** One run of a session's journal and what of it the server has not confirmed. */
export interface PlannedRun {
  sessionId: string;
  localRunId: string;
  /** The run's `run-start`; absent only in a damaged journal. */
  runStart: RunStartRecord | undefined;
  /** The server's ids, when its `run-start` was acknowledged. */
  serverIds: ServerRunIds | undefined;
  /** Unacknowledged operations, in `seq` order (the `run-start` first when it is one). */
  pending: JournalOperation[];
  /** Operations the server confirmed before. */
  alreadyAcknowledged: number;
}

/**
 * The runs of one session's journal, in the order they were started, each with its
 * unacknowledged operations. Seq numbers are per session, so pass one journal's records.
 */
export function planSession(sessionId: string, records: readonly JournalRecord[]): PlannedRun[] {
  const { operations, runIds } = pendingOperations(records);
  const runs = new Map<string, PlannedRun>();
  const runOf = (localRunId: string): PlannedRun => {
    let run = runs.get(localRunId);
    if (run === undefined) {
      run = {
        sessionId,
        localRunId,
        runStart: undefined,
        serverIds: runIds.get(localRunId),
        pending: [],
        alreadyAcknowledged: 0,
      };
      runs.set(localRunId, run);
    }
    return run;
  };
  const seen = new Set<number>();
  for (const record of records) {
    if (record.type === 'session-start' || record.type === 'ack' || seen.has(record.seq)) continue;
    seen.add(record.seq);
    const run = runOf(record.localRunId);
    if (record.type === 'run-start') run.runStart ??= record;
    run.alreadyAcknowledged += 1;
  }
  for (const operation of operations) {
    const run = runOf(operation.localRunId);
    run.pending.push(operation);
    run.alreadyAcknowledged -= 1;
  }
  return [...runs.values()];
}

/**
 * The local id of a run's parent, when its parent is a run of a journal rather than a server
 * run: `parentLocalRunId`, or a `parentRunId` that names a local run (a tracker without a
 * server hands out local ids as run ids, so a nested run started offline records its parent's
 * local id there).
 */
export function localParentOf(
  runStart: RunStartRecord,
  isLocalRun: (localRunId: string) => boolean,
): string | undefined {
  if (runStart.parentLocalRunId !== undefined) return runStart.parentLocalRunId;
  const parentRunId = runStart.parentRunId;
  return parentRunId !== undefined && isLocalRun(parentRunId) ? parentRunId : undefined;
}

/** `runStart` with tag `mlflow.parentRunId` set to the parent's server id. */
export function withServerParent(
  runStart: RunStartRecord,
  parentServerRunId: string,
): RunStartRecord {
  const tags = runStart.tags.filter((tag) => tag.key !== parentRunIdTag);
  tags.push({ key: parentRunIdTag, value: parentServerRunId });
  return { ...runStart, tags };
}

/**
 * Orders runs so that every run comes after its parent: by the depth of their chain of local
 * parents, stable otherwise. A chain that loops (only a damaged journal has one) is cut where it
 * closes, so one run of the loop gets a depth not above its parent's: wait for a parent only
 * when it is shallower, and nothing waits on itself.
 */
export function parentsFirst<Run extends { localRunId: string }>(
  runs: readonly Run[],
  parentOf: (run: Run) => string | undefined,
): { ordered: Run[]; depthOf: (localRunId: string) => number } {
  const byId = new Map(runs.map((run) => [run.localRunId, run]));
  const depths = new Map<string, number>();
  const depthOf = (run: Run, visiting: Set<string>): number => {
    const known = depths.get(run.localRunId);
    if (known !== undefined) return known;
    visiting.add(run.localRunId);
    const parentId = parentOf(run);
    const parent = parentId === undefined ? undefined : byId.get(parentId);
    const depth =
      parent === undefined || visiting.has(parent.localRunId) ? 0 : depthOf(parent, visiting) + 1;
    depths.set(run.localRunId, depth);
    return depth;
  };
  for (const run of runs) depthOf(run, new Set());
  const ordered = runs
    .map((run, index) => ({ run, index, depth: depths.get(run.localRunId) ?? 0 }))
    .sort((left, right) => left.depth - right.depth || left.index - right.index)
    .map((entry) => entry.run);
  return { ordered, depthOf: (localRunId) => depths.get(localRunId) ?? 0 };
}
