import type { TrackingBackend } from '../backend/tracking-backend';
import type { JournalWriter } from '../journal/journal-writer';
import type { AckRecord, BatchRecord, JournalMetric, JournalOperation } from '../journal/records';
import { missingMetrics } from '../tracker/reconcile';
import { RunSender, type ServerRun } from '../tracker/run-sender';
import { SyncError } from './sync-error';
import type { PlannedRun } from './sync-plan';
import { withServerParent } from './sync-plan';
import type { RunSyncReport, SyncFailure, SyncProgressEvent } from './sync-report';

/** What syncing one run needs from the sync of its directory. */
export interface RunSyncContext {
  backend: TrackingBackend;
  /** The writer of the run's session: acks are appended there. */
  writer: JournalWriter;
  /** Server id of the run's local parent, once it exists; undefined when it has none. */
  parentServerRunId: Promise<string | undefined>;
  /** Told the run's server id as soon as it is known, or why it cannot be. */
  onServerRun: (outcome: { runId: string } | { error: unknown }) => void;
  metricConcurrency: number;
  /** Attempts of one operation (each with the transport's own retries) before the run gives up. */
  attemptsPerOperation: number;
  signal: AbortSignal | undefined;
  /** Never throws. */
  onProgress: (event: SyncProgressEvent) => void;
}

/** Replays one run's unacknowledged operations; see `syncJournals()`. */
export async function syncRun(
  run: PlannedRun,
  context: RunSyncContext,
): Promise<{ report: RunSyncReport; failures: SyncFailure[] }> {
  const { backend, writer, onProgress } = context;
  const { sessionId, localRunId } = run;
  const giveUp = new AbortController();
  const signal =
    context.signal === undefined ? giveUp.signal : AbortSignal.any([context.signal, giveUp.signal]);
  const pendingOperations = run.pending.length;
  const failures = new Map<unknown, SyncFailure>();
  const fail = (error: unknown, seq?: number) => {
    if (!failures.has(error)) {
      failures.set(error, { localRunId, ...(seq === undefined ? {} : { seq }), error });
    }
  };
  let sentOperations = 0;
  const acknowledge = async (acks: AckRecord[]) => {
    await writer.appendLazy(acks);
    for (const ack of acks) {
      sentOperations += 1;
      onProgress({
        type: 'operation-acknowledged',
        sessionId,
        localRunId,
        seq: ack.seq,
        sentOperations,
        pendingOperations,
      });
    }
  };
  const attempts = new Map<number, number>();
  const sender = new RunSender({
    backend,
    acknowledge,
    metricConcurrency: context.metricConcurrency,
    signal,
    onError: (error, { seq, willRetry }) => {
      const attempt = (attempts.get(seq) ?? 0) + 1;
      attempts.set(seq, attempt);
      if (willRetry && attempt < context.attemptsPerOperation) return;
      fail(error, seq);
      // The sender would retry for as long as the server is unreachable; a sync reports instead,
      // and the operation stays in the journal for the next one.
      if (willRetry) giveUp.abort(error);
    },
  });

  onProgress({ type: 'run-started', sessionId, localRunId, pendingOperations });
  let experimentId = run.serverIds?.serverExperimentId;
  let serverRunId = run.serverIds?.serverRunId;
  try {
    let pending = run.pending;
    let mayHaveLanded: boolean;
    if (run.serverIds !== undefined) {
      sender.adoptServerRun(serverRunOf(run.serverIds.serverRunId, experimentId, ''));
      context.onServerRun({ runId: run.serverIds.serverRunId });
      mayHaveLanded = true;
    } else {
      const runStart = run.runStart;
      if (runStart === undefined) {
        throw new SyncError({
          message: `The journal of session ${sessionId} holds operations of run ${localRunId} but not its run-start, so there is no run to send them to. The journal was edited or damaged; these operations are not sent.`,
          code: 'SYNC_RUN_START_MISSING',
          sessionId,
          localRunId,
        });
      }
      const parentServerRunId = await context.parentServerRunId;
      const start =
        parentServerRunId === undefined ? runStart : withServerParent(runStart, parentServerRunId);
      experimentId = await backend.ensureExperiment(start.experimentName, signal);
      // A run-start without an ack may still have created the run (a sender or sync that died
      // before writing the ack): find it by its local id rather than create it twice.
      const existing = await backend.findRunByLocalId(experimentId, localRunId, signal);
      if (existing === undefined) {
        sender.submit(start);
        mayHaveLanded = false;
      } else {
        sender.adoptServerRun(serverRunOf(existing.runId, experimentId, existing.artifactUri));
        await acknowledge([
          {
            type: 'ack',
            seq: start.seq,
            serverRunId: existing.runId,
            serverExperimentId: experimentId,
          },
        ]);
        mayHaveLanded = true;
      }
      pending = pending.filter((operation) => operation.seq !== start.seq);
      const created = await sender.serverRun;
      serverRunId = created.runId;
      context.onServerRun({ runId: created.runId });
    }
    if (mayHaveLanded && serverRunId !== undefined) {
      pending = await withoutLandedMetrics(backend, serverRunId, pending, acknowledge, signal);
    }
    for (const operation of pending) sender.submit(operation);
    await sender.drain();
  } catch (error) {
    fail(error);
    context.onServerRun({ error });
  }
  await sender.drain();
  for (const error of sender.failures) fail(error);
  const report: RunSyncReport = {
    localRunId,
    serverRunId,
    experimentId,
    sentOperations,
    alreadyAcknowledged: run.alreadyAcknowledged,
    pendingOperations: pendingOperations - sentOperations,
  };
  onProgress({
    type: 'run-finished',
    sessionId,
    localRunId,
    serverRunId,
    sentOperations,
    failedOperations: report.pendingOperations,
  });
  return { report, failures: [...failures.values()] };
}

function serverRunOf(
  runId: string,
  experimentId: string | undefined,
  artifactUri: string,
): ServerRun {
  // The sender sends no artifacts, so an unknown artifact root does not matter here.
  return { runId, experimentId: experimentId ?? '', artifactUri };
}

function pointId(metric: { key: string; step: number; timestampMs: number; value: unknown }) {
  return `${metric.key}|${metric.step}|${metric.timestampMs}|${String(metric.value)}`;
}

/**
 * `pending` without the metric points the server already holds. A run that exists on the server
 * may have received batches whose ack never reached the journal (the process died while they
 * were in flight), so every pending batch of such a run is compared with the server's metric
 * histories first; one request per metric key, not per batch. A batch left with nothing to send
 * is acknowledged at once.
 */
async function withoutLandedMetrics(
  backend: TrackingBackend,
  runId: string,
  pending: readonly JournalOperation[],
  acknowledge: (acks: AckRecord[]) => Promise<void>,
  signal: AbortSignal,
): Promise<JournalOperation[]> {
  const batches = pending.filter(
    (operation): operation is BatchRecord =>
      operation.type === 'batch' && operation.metrics.length > 0,
  );
  if (batches.length === 0) return [...pending];
  const missing = await missingMetrics(
    backend,
    runId,
    batches.flatMap((batch) => batch.metrics),
    signal,
  );
  const stillMissing = new Map<string, number>();
  for (const metric of missing) {
    stillMissing.set(pointId(metric), (stillMissing.get(pointId(metric)) ?? 0) + 1);
  }
  const keep = (metric: JournalMetric): boolean => {
    const count = stillMissing.get(pointId(metric)) ?? 0;
    if (count === 0) return false;
    stillMissing.set(pointId(metric), count - 1);
    return true;
  };
  const result: JournalOperation[] = [];
  const landed: AckRecord[] = [];
  for (const operation of pending) {
    if (operation.type !== 'batch' || operation.metrics.length === 0) {
      result.push(operation);
      continue;
    }
    const metrics = operation.metrics.filter(keep);
    if (metrics.length === 0 && operation.params.length === 0 && operation.tags.length === 0) {
      landed.push({ type: 'ack', seq: operation.seq });
    } else {
      result.push(
        metrics.length === operation.metrics.length ? operation : { ...operation, metrics },
      );
    }
  }
  if (landed.length > 0) await acknowledge(landed);
  return result;
}
