import { defineSettings } from '@dagnostics/core';
import PQueue from 'p-queue';
import { z } from 'zod';
import type { TrackingBackend } from '../backend/tracking-backend';
import {
  adoptSession,
  JournalError,
  type JournalSession,
  type JournalWriter,
  listSessions,
  openJournalWriter,
  readJournal,
} from '../journal';
import type { JournalRecord } from '../journal/records';
import { SyncError } from './sync-error';
import { localParentOf, type PlannedRun, parentsFirst, planSession } from './sync-plan';
import type {
  RunSyncReport,
  SessionSkipReason,
  SessionSyncReport,
  SyncFailure,
  SyncProgressEvent,
  SyncReport,
} from './sync-report';
import { syncRun } from './sync-run';

/** Options of {@link syncJournals}. */
export interface SyncJournalsOptions {
  /** The tracker's `localDir`: journals are read from `<directory>/journal/`. */
  directory: string;
  /** Where the runs go; `createMlflowBackend(transport)` for an MLflow server. */
  backend: TrackingBackend;
  /**
   * Which sessions: `'inactive'` (default) syncs every session whose process is gone, closed
   * ones (a tracker without a server, or one that closed with unsent data) and dead ones (its
   * process crashed); an array names sessions by id. Sessions whose process still runs, or that
   * were locked on another host, are never touched: they are reported as skipped.
   */
  sessions?: 'inactive' | readonly string[];
  /**
   * Stops the sync: nothing more is sent, what was confirmed is recorded, every journal is
   * released, and the promise rejects with the signal's reason. A later sync continues.
   */
  signal?: AbortSignal;
  /**
   * Told of each session skipped, each run started and finished, and each confirmed operation.
   * Must not throw: what it throws is ignored, so a failing listener cannot disturb the sync.
   */
  onProgress?: (event: SyncProgressEvent) => void;
  /** Runs sent at once. Default 4. */
  runConcurrency?: number;
  /** Metric-only batches in flight at once per run. Default 4. */
  metricConcurrency?: number;
  /**
   * Attempts of one operation, each with the transport's own retries, before its run gives up
   * and is reported as failed (its operations stay in the journal). Default 3.
   */
  attemptsPerOperation?: number;
}

const syncJournalsSettings = defineSettings({
  owner: 'syncJournals',
  schema: () =>
    z.object({
      directory: z.string().min(1),
      backend: z.custom<TrackingBackend>(
        (value) =>
          typeof value === 'object' &&
          value !== null &&
          typeof (value as TrackingBackend).logBatch === 'function',
        'expected a TrackingBackend, e.g. createMlflowBackend(transport)',
      ),
      sessions: z
        .union([z.literal('inactive'), z.array(z.string().min(1)).readonly()])
        .default('inactive'),
      signal: z.custom<AbortSignal>((value) => value instanceof AbortSignal).optional(),
      onProgress: z
        .custom<(event: SyncProgressEvent) => void>((value) => typeof value === 'function')
        .optional(),
      runConcurrency: z.number().int().min(1).max(64).default(4),
      metricConcurrency: z.number().int().min(1).max(64).default(4),
      attemptsPerOperation: z.number().int().min(1).max(100).default(3),
    }),
});

type SyncJournalsSettings = ReturnType<typeof syncJournalsSettings.resolve>;

/** A session taken over for this sync: its runs, and the writer that records acks. */
interface PreparedSession {
  sessionId: string;
  runs: PlannedRun[];
  /** Absent when the session has nothing to send (it was not adopted). */
  writer: JournalWriter | undefined;
  reports: Map<string, RunSyncReport>;
  failures: SyncFailure[];
}

interface SkippedSession {
  skipped: SessionSkipReason;
  failures: SyncFailure[];
}

/** A run some journal of the directory started, and what the server knows of it. */
interface KnownRun {
  sessionId: string;
  /** Its server id, once its run-start was acknowledged. */
  serverRunId: string | undefined;
  /** True when this sync sends its run-start. */
  startsNow: boolean;
}

/**
 * Sends what the journals of `directory` hold and the server has not confirmed: runs logged
 * without a tracking server, and the unsent rest of sessions whose process crashed. Each
 * session is adopted (so no other process replays it at the same time), its runs are sent
 * parents first, operations in the order they were logged, and each confirmation is appended to
 * the session's own journal; then the session is released. Syncing again sends nothing more.
 *
 * Nothing is sent twice: a run whose creation left no ack is first looked up by its
 * `dagnostics.localRunId` tag, and a run that exists on the server has its pending batches
 * compared with its metric histories, so points that landed before a crash are not repeated.
 * A nested run whose parent is a local run gets tag `mlflow.parentRunId` = the parent's server
 * id. Failures do not stop the sync: they are listed in the report, and their operations stay
 * in the journal for the next sync.
 *
 * @example
 * ```ts
 * const transport = createTransport({ trackingUri: 'http://127.0.0.1:5000' });
 * const report = await syncJournals({ directory: '.dagnostics', backend: createMlflowBackend(transport) });
 * await transport.close();
 * ```
 */
export async function syncJournals(options: SyncJournalsOptions): Promise<SyncReport> {
  const settings = syncJournalsSettings.resolve(options);
  const { directory, signal } = settings;
  const onProgress = (event: SyncProgressEvent) => {
    try {
      settings.onProgress?.(event);
    } catch {
      // Documented: a listener's error is ignored.
    }
  };
  signal?.throwIfAborted();
  const listed = await listSessions(directory);
  const reports = new Map<string, SessionSyncReport>();
  const skip = (sessionId: string, { skipped, failures }: SkippedSession) => {
    reports.set(sessionId, { sessionId, skipped, runs: [], failures });
    onProgress({ type: 'session-skipped', sessionId, reason: skipped });
  };

  const selected: JournalSession[] = [];
  const byId = new Map(listed.map((session) => [session.sessionId, session]));
  const wanted =
    settings.sessions === 'inactive'
      ? listed.filter((session) => session.sizeBytes > 0).map((session) => session.sessionId)
      : [...new Set(settings.sessions)];
  for (const sessionId of wanted) {
    const session = byId.get(sessionId);
    if (session === undefined || session.sizeBytes === 0) {
      skip(sessionId, { skipped: 'not-found', failures: [] });
    } else if (session.status === 'alive' || session.status === 'unknown') {
      skip(sessionId, { skipped: session.status, failures: [] });
    } else {
      selected.push(session);
    }
  }

  const prepared: PreparedSession[] = [];
  try {
    for (const session of selected) {
      signal?.throwIfAborted();
      const outcome = await prepareSession(directory, session);
      if ('skipped' in outcome) skip(session.sessionId, outcome);
      else prepared.push(outcome);
    }
    await sendRuns(settings, onProgress, prepared, listed);
  } finally {
    for (const session of prepared) {
      try {
        await session.writer?.close();
      } catch (error) {
        session.failures.push({ error });
      }
    }
  }
  signal?.throwIfAborted();
  for (const session of prepared) {
    reports.set(session.sessionId, {
      sessionId: session.sessionId,
      runs: session.runs.map(
        (run) => session.reports.get(run.localRunId) ?? untouchedRunReport(run),
      ),
      failures: session.failures,
    });
  }
  return {
    sessions: [...reports.values()].sort((left, right) =>
      left.sessionId < right.sessionId ? -1 : left.sessionId > right.sessionId ? 1 : 0,
    ),
  };
}

async function readRecords(journalPath: string): Promise<JournalRecord[]> {
  return (await readJournal(journalPath)).records;
}

/**
 * Reads a session and takes it over when it has something to send, or a dead owner's lock to
 * release. The journal is read again under the lock: another sync may have sent part of it
 * between the first read and the adoption.
 */
async function prepareSession(
  directory: string,
  session: JournalSession,
): Promise<PreparedSession | SkippedSession> {
  const { sessionId } = session;
  let runs: PlannedRun[];
  try {
    runs = planSession(sessionId, await readRecords(session.journalPath));
  } catch (error) {
    return { skipped: 'failed', failures: [{ error }] };
  }
  if (session.status === 'closed' && runs.every((run) => run.pending.length === 0)) {
    return { sessionId, runs, writer: undefined, reports: new Map(), failures: [] };
  }
  let writer: JournalWriter | undefined;
  try {
    const adopted = await adoptSession(directory, sessionId);
    writer = await openJournalWriter({ directory, adopted });
    runs = planSession(sessionId, await readRecords(session.journalPath));
    return { sessionId, runs, writer, reports: new Map(), failures: [] };
  } catch (error) {
    await writer?.close().catch(() => undefined);
    if (JournalError.isInstance(error) && error.code === 'JOURNAL_LOCKED') {
      return { skipped: 'locked', failures: [] };
    }
    return { skipped: 'failed', failures: [{ error }] };
  }
}

/** Sends the pending runs of every prepared session, parents before their children. */
async function sendRuns(
  settings: SyncJournalsSettings,
  onProgress: (event: SyncProgressEvent) => void,
  prepared: readonly PreparedSession[],
  listed: readonly JournalSession[],
): Promise<void> {
  const known = new Map<string, KnownRun>();
  const learn = (sessionId: string, runs: readonly PlannedRun[], sendsNow: boolean) => {
    for (const run of runs) {
      known.set(run.localRunId, {
        sessionId,
        serverRunId: run.serverIds?.serverRunId,
        startsNow: sendsNow && run.serverIds === undefined && run.runStart !== undefined,
      });
    }
  };
  for (const session of prepared) {
    learn(session.sessionId, session.runs, session.writer !== undefined);
  }

  const toSend = prepared.flatMap((session) =>
    session.writer === undefined
      ? []
      : session.runs
          .filter((run) => run.pending.length > 0)
          .map((run) => ({ run, session, writer: session.writer as JournalWriter })),
  );
  const startsWithParent = toSend.filter(
    ({ run }) =>
      run.serverIds === undefined &&
      (run.runStart?.parentLocalRunId !== undefined || run.runStart?.parentRunId !== undefined),
  );
  // A parent may live in a session this sync leaves alone (one still running, say): its ack,
  // if any, is in that session's journal. Read those only when a parent is not found otherwise.
  if (
    startsWithParent.some(({ run }) => {
      const parent = run.runStart?.parentLocalRunId ?? run.runStart?.parentRunId;
      return parent !== undefined && !known.has(parent);
    })
  ) {
    const preparedIds = new Set(prepared.map((session) => session.sessionId));
    for (const session of listed) {
      if (preparedIds.has(session.sessionId) || session.sizeBytes === 0) continue;
      try {
        learn(
          session.sessionId,
          planSession(session.sessionId, await readRecords(session.journalPath)),
          false,
        );
      } catch {
        // An unreadable journal cannot name a parent; its own sync reports the problem.
      }
    }
  }

  const parentOf = ({ run }: { run: PlannedRun }): string | undefined =>
    run.serverIds === undefined && run.runStart !== undefined
      ? localParentOf(run.runStart, (localRunId) => known.has(localRunId))
      : undefined;
  const { ordered, depthOf } = parentsFirst(
    toSend.map((entry) => ({ ...entry, localRunId: entry.run.localRunId })),
    parentOf,
  );

  const serverIds = new Map<string, Deferred<string>>();
  for (const { run } of toSend) serverIds.set(run.localRunId, deferred());
  const parentServerRunId = (entry: { run: PlannedRun }): Promise<string | undefined> => {
    const parentId = parentOf(entry);
    if (parentId === undefined) return Promise.resolve(undefined);
    const parent = known.get(parentId);
    if (parent?.serverRunId !== undefined) return Promise.resolve(parent.serverRunId);
    const pending = serverIds.get(parentId);
    if (
      parent?.startsNow &&
      pending !== undefined &&
      depthOf(parentId) < depthOf(entry.run.localRunId)
    ) {
      return pending.promise.catch((cause: unknown) => {
        throw parentNotSynced(entry.run, parentId, `it could not be created on the server`, cause);
      });
    }
    return Promise.reject(
      parentNotSynced(
        entry.run,
        parentId,
        parent === undefined
          ? 'no journal of this directory holds it'
          : `it is not on the server yet (session ${parent.sessionId} has not sent it)`,
      ),
    );
  };

  const queue = new PQueue({ concurrency: settings.runConcurrency });
  await Promise.all(
    ordered.map((entry) =>
      queue.add(async () => {
        const { run, session, writer } = entry;
        const serverId = serverIds.get(run.localRunId) as Deferred<string>;
        try {
          const { report, failures } = await syncRun(run, {
            backend: settings.backend,
            writer,
            parentServerRunId: parentServerRunId(entry),
            onServerRun: (outcome) => {
              if ('runId' in outcome) serverId.resolve(outcome.runId);
              else serverId.reject(outcome.error);
            },
            metricConcurrency: settings.metricConcurrency,
            attemptsPerOperation: settings.attemptsPerOperation,
            signal: settings.signal,
            onProgress,
          });
          session.reports.set(run.localRunId, report);
          session.failures.push(...failures);
        } catch (error) {
          serverId.reject(error);
          session.failures.push({ localRunId: run.localRunId, error });
        }
      }),
    ),
  );
}

function parentNotSynced(
  run: PlannedRun,
  parentId: string,
  reason: string,
  cause?: unknown,
): SyncError {
  return new SyncError({
    message: `Run ${run.localRunId} of session ${run.sessionId} is nested in local run ${parentId}, but ${reason}, so its tag mlflow.parentRunId cannot name the parent's server id. Sync the parent's session first (or wait until its process ends), then sync again.`,
    code: 'SYNC_PARENT_NOT_SYNCED',
    sessionId: run.sessionId,
    localRunId: run.localRunId,
    isRetryable: true,
    ...(cause === undefined ? {} : { cause }),
  });
}

function untouchedRunReport(run: PlannedRun): RunSyncReport {
  return {
    localRunId: run.localRunId,
    serverRunId: run.serverIds?.serverRunId,
    experimentId: run.serverIds?.serverExperimentId,
    sentOperations: 0,
    alreadyAcknowledged: run.alreadyAcknowledged,
    pendingOperations: run.pending.length,
  };
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((resolvePromise, rejectPromise) => {
    resolve = resolvePromise;
    reject = rejectPromise;
  });
  // Nobody waits on a run that has no children: its failure is reported where it happened.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
