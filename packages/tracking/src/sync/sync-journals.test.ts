import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DagnosticsError } from '@dagnostics/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredMetric, TrackingBackend } from '../backend/tracking-backend';
import { decodeDouble } from '../backend/wire';
import { listSessions } from '../journal';
import type { JournalDatasetInput, JournalKeyValue } from '../journal/records';
import { createLocalStore } from '../local-store';
import { createTracker, type Tracker } from '../tracker/create-tracker';
import { SyncError } from './sync-error';
import { syncJournals } from './sync-journals';
import type { SyncProgressEvent, SyncReport } from './sync-report';

interface MemoryRun {
  runId: string;
  experimentId: string;
  runName: string | undefined;
  startTimeMs: number;
  endTimeMs: number | undefined;
  status: string;
  tags: Map<string, string>;
  params: Map<string, string>;
  metrics: StoredMetric[];
  inputs: JournalDatasetInput[];
}

/**
 * A tracking server in memory that, unlike MLflow's SQL stores, keeps a point sent twice twice
 * (as MLflow's file store does), so a test sees every duplicate the sync would send.
 * `beforeAnswer` runs after a call took effect and may throw, as a connection lost before the
 * answer would.
 */
class MemoryBackend implements TrackingBackend {
  readonly experiments = new Map<string, string>();
  readonly runs = new Map<string, MemoryRun>();
  readonly calls: string[] = [];
  beforeAnswer: ((call: string, count: number) => void) | undefined;
  beforeCall: ((call: string) => void) | undefined;

  #record(call: string, signal: AbortSignal | undefined): void {
    signal?.throwIfAborted();
    this.beforeCall?.(call);
    this.calls.push(call);
  }

  #answer(call: string): void {
    this.beforeAnswer?.(call, this.calls.filter((made) => made === call).length);
  }

  #run(runId: string): MemoryRun {
    const run = this.runs.get(runId);
    if (run === undefined) throw new Error(`no run ${runId}`);
    return run;
  }

  async ensureExperiment(name: string, signal?: AbortSignal): Promise<string> {
    this.#record('ensureExperiment', signal);
    let id = this.experiments.get(name);
    if (id === undefined) {
      id = String(this.experiments.size + 1);
      this.experiments.set(name, id);
    }
    return id;
  }

  async createRun(
    input: {
      experimentId: string;
      runName?: string;
      startTimeMs: number;
      tags: JournalKeyValue[];
    },
    signal?: AbortSignal,
  ): Promise<{ runId: string; artifactUri: string }> {
    this.#record('createRun', signal);
    const runId = randomUUID().replaceAll('-', '');
    this.runs.set(runId, {
      runId,
      experimentId: input.experimentId,
      runName: input.runName,
      startTimeMs: input.startTimeMs,
      endTimeMs: undefined,
      status: 'RUNNING',
      tags: new Map(input.tags.map((tag) => [tag.key, tag.value])),
      params: new Map(),
      metrics: [],
      inputs: [],
    });
    this.#answer('createRun');
    return { runId, artifactUri: `memory://${runId}` };
  }

  async findRunByLocalId(
    experimentId: string,
    localRunId: string,
    signal?: AbortSignal,
  ): Promise<{ runId: string; artifactUri: string } | undefined> {
    this.#record('findRunByLocalId', signal);
    for (const run of this.runs.values()) {
      if (
        run.experimentId === experimentId &&
        run.tags.get('dagnostics.localRunId') === localRunId
      ) {
        return { runId: run.runId, artifactUri: `memory://${run.runId}` };
      }
    }
    return undefined;
  }

  async logBatch(
    runId: string,
    batch: {
      metrics: { key: string; value: number | string; timestampMs: number; step: number }[];
      params: JournalKeyValue[];
      tags: JournalKeyValue[];
    },
    signal?: AbortSignal,
  ): Promise<void> {
    this.#record('logBatch', signal);
    const run = this.#run(runId);
    for (const metric of batch.metrics) {
      run.metrics.push({ ...metric, value: decodeDouble(metric.value) });
    }
    for (const param of batch.params) run.params.set(param.key, param.value);
    for (const tag of batch.tags) run.tags.set(tag.key, tag.value);
    this.#answer('logBatch');
  }

  async getMetricHistory(
    runId: string,
    key: string,
    signal?: AbortSignal,
  ): Promise<StoredMetric[]> {
    this.#record('getMetricHistory', signal);
    return this.#run(runId).metrics.filter((metric) => metric.key === key);
  }

  async logInputs(
    runId: string,
    datasets: JournalDatasetInput[],
    signal?: AbortSignal,
  ): Promise<void> {
    this.#record('logInputs', signal);
    this.#run(runId).inputs.push(...datasets);
    this.#answer('logInputs');
  }

  async endRun(
    runId: string,
    status: string,
    endTimeMs: number,
    signal?: AbortSignal,
  ): Promise<void> {
    this.#record('endRun', signal);
    const run = this.#run(runId);
    run.status = status;
    run.endTimeMs = endTimeMs;
    this.#answer('endRun');
  }

  runByLocalId(localRunId: string): MemoryRun {
    const found = [...this.runs.values()].filter(
      (run) => run.tags.get('dagnostics.localRunId') === localRunId,
    );
    expect(found, `runs of local run ${localRunId}`).toHaveLength(1);
    return found[0] as MemoryRun;
  }
}

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'dagnostics-sync-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

function offlineTracker(): Tracker {
  return createTracker({ localDir: directory, handleSignals: false, flushIntervalMs: 0 });
}

const start = 1_700_000_000_000;

/** Logs a parent and a nested child run without a server; returns their local ids. */
async function logNestedRuns(tracker: Tracker, points: number) {
  const parent = await tracker.startRun({ experimentName: 'offline', runName: 'study' });
  parent.logParams({ sampler: 'tpe' });
  const child = await tracker.startRun({
    experimentName: 'offline',
    runName: 'trial-0',
    parentRunId: parent.id,
  });
  child.logParams({ learningRate: 0.01 });
  for (let step = 0; step < points; step++) {
    child.logMetric('loss', step === 7 ? Number.NaN : 1 / (step + 1), {
      step,
      timestamp: start + step,
    });
  }
  child.setTags({ stage: 'tuning' });
  await child.logInput({
    name: 'failures',
    digest: 'abc',
    source: 'data.jsonl',
    context: 'training',
  });
  await child.end();
  await parent.end('KILLED');
  return { parentId: parent.localId, childId: child.localId };
}

function byStep(points: readonly StoredMetric[]): StoredMetric[] {
  return [...points].sort((left, right) => left.step - right.step);
}

function totals(report: SyncReport) {
  const runs = report.sessions.flatMap((session) => session.runs);
  return {
    sent: runs.reduce((sum, run) => sum + run.sentOperations, 0),
    pending: runs.reduce((sum, run) => sum + run.pendingOperations, 0),
    failures: report.sessions.flatMap((session) => session.failures),
  };
}

describe('syncJournals', () => {
  it('sends offline runs as they were logged, the parent first, and nothing on a second sync', async () => {
    const tracker = offlineTracker();
    const { parentId, childId } = await logNestedRuns(tracker, 2500);
    await tracker.close();
    const backend = new MemoryBackend();
    const events: SyncProgressEvent[] = [];

    const report = await syncJournals({
      directory,
      backend,
      onProgress: (event) => events.push(event),
    });

    const parent = backend.runByLocalId(parentId);
    const child = backend.runByLocalId(childId);
    expect(child.tags.get('mlflow.parentRunId')).toBe(parent.runId);
    expect(parent.tags.has('mlflow.parentRunId')).toBe(false);
    const store = createLocalStore({ directory });
    for (const [localId, run] of [
      [parentId, parent],
      [childId, child],
    ] as const) {
      const logged = await store.getRun(localId);
      expect(run.startTimeMs).toBe(logged.info.startTimeMs);
      expect(run.endTimeMs).toBe(logged.info.endTimeMs);
      expect(run.status).toBe(logged.info.status);
      expect(run.runName).toBe(logged.info.runName);
      expect(Object.fromEntries(run.params)).toEqual(
        Object.fromEntries(logged.data.params.map((param) => [param.key, param.value])),
      );
    }
    expect(parent.status).toBe('KILLED');
    expect(child.tags.get('stage')).toBe('tuning');
    expect(child.inputs).toHaveLength(1);
    const loggedLoss = await store.getMetricHistory(childId, 'loss');
    expect(loggedLoss).toHaveLength(2500);
    expect(byStep(child.metrics)).toEqual(byStep(loggedLoss));
    expect(Number.isNaN(child.metrics.find((point) => point.step === 7)?.value)).toBe(true);

    expect(totals(report)).toMatchObject({ pending: 0, failures: [] });
    const [session] = report.sessions;
    expect(session?.runs).toEqual([
      {
        localRunId: parentId,
        serverRunId: parent.runId,
        experimentId: parent.experimentId,
        sentOperations: (await store.syncState(parentId)).operations.length,
        alreadyAcknowledged: 0,
        pendingOperations: 0,
      },
      {
        localRunId: childId,
        serverRunId: child.runId,
        experimentId: child.experimentId,
        sentOperations: (await store.syncState(childId)).operations.length,
        alreadyAcknowledged: 0,
        pendingOperations: 0,
      },
    ]);
    const firstAck = (localRunId: string) =>
      events.findIndex(
        (event) => event.type === 'operation-acknowledged' && event.localRunId === localRunId,
      );
    expect(firstAck(parentId)).toBeGreaterThanOrEqual(0);
    expect(firstAck(parentId)).toBeLessThan(firstAck(childId));
    expect(events.filter((event) => event.type === 'run-finished')).toHaveLength(2);
    expect((await store.syncState(childId)).isSynced).toBe(true);
    expect((await listSessions(directory)).map((listed) => listed.status)).toEqual(['closed']);

    const callsBefore = backend.calls.length;
    const again = await syncJournals({ directory, backend });
    expect(backend.calls.length).toBe(callsBefore);
    expect(totals(again)).toEqual({ sent: 0, pending: 0, failures: [] });
    expect(again.sessions[0]?.runs.map((run) => run.alreadyAcknowledged)).toEqual(
      session?.runs.map((run) => run.sentOperations),
    );
  });

  it('sends no point twice after a sync lost the answers of batches MLflow stored', async () => {
    const tracker = offlineTracker();
    const { parentId, childId } = await logNestedRuns(tracker, 5000);
    await tracker.close();
    const backend = new MemoryBackend();
    // The batches take effect on the server, but their answers never come back.
    backend.beforeAnswer = (call, count) => {
      if (call === 'logBatch' && count % 2 === 0) {
        throw new Error('connection lost after the server processed the request');
      }
    };

    const first = await syncJournals({ directory, backend });
    expect(totals(first).failures.length).toBeGreaterThan(0);
    expect(totals(first).pending).toBeGreaterThan(0);
    const child = backend.runByLocalId(childId);
    const landed = child.metrics.length;
    expect(landed, 'points stored without an ack').toBeGreaterThan(0);
    expect(
      (await listSessions(directory)).map((session) => session.status),
      'a sync releases the session even when operations failed',
    ).toEqual(['closed']);

    backend.beforeAnswer = undefined;
    const second = await syncJournals({ directory, backend });
    expect(totals(second)).toMatchObject({ pending: 0, failures: [] });
    expect(backend.runs.size).toBe(2);
    expect(child.metrics).toHaveLength(5000);
    expect(new Set(child.metrics.map((point) => point.step)).size).toBe(5000);
    expect(child.tags.get('mlflow.parentRunId')).toBe(backend.runByLocalId(parentId).runId);
    expect(child.status).toBe('FINISHED');
  });

  it('creates a run once when a sync lost the answer of its creation', async () => {
    const tracker = offlineTracker();
    const run = await tracker.startRun({ experimentName: 'lost-create' });
    run.logMetric('value', 1, { step: 0, timestamp: start });
    await run.end();
    await tracker.close();
    const backend = new MemoryBackend();
    backend.beforeAnswer = (call) => {
      if (call === 'createRun') throw new Error('connection lost after the run was created');
    };

    const first = await syncJournals({ directory, backend });
    expect(totals(first).pending).toBe(3);
    expect(backend.runs.size).toBe(1);

    backend.beforeAnswer = undefined;
    const second = await syncJournals({ directory, backend });
    expect(totals(second)).toEqual({ sent: 3, pending: 0, failures: [] });
    expect(backend.runs.size).toBe(1);
    expect(backend.runByLocalId(run.localId)).toMatchObject({ status: 'FINISHED' });
    expect(second.sessions[0]?.runs[0]?.serverRunId).toBe(backend.runByLocalId(run.localId).runId);
  });

  it('links a child to a parent logged by another tracker, whichever session comes first', async () => {
    const first = offlineTracker();
    const parent = await first.startRun({ experimentName: 'two-sessions', runName: 'study' });
    const second = offlineTracker();
    const child = await second.startRun({
      experimentName: 'two-sessions',
      parentRunId: parent.id,
    });
    child.logMetric('value', 1, { step: 0, timestamp: start });
    await second.close();
    await first.close();
    const backend = new MemoryBackend();

    const report = await syncJournals({ directory, backend, runConcurrency: 1 });

    expect(totals(report)).toMatchObject({ pending: 0, failures: [] });
    expect(backend.runByLocalId(child.localId).tags.get('mlflow.parentRunId')).toBe(
      backend.runByLocalId(parent.localId).runId,
    );
  });

  it('leaves sessions whose process still runs alone, and a child whose parent is in one', async () => {
    const running = offlineTracker();
    const parent = await running.startRun({ experimentName: 'busy' });
    parent.logMetric('value', 1);
    await parent.flush();
    const closed = offlineTracker();
    const child = await closed.startRun({ experimentName: 'busy', parentRunId: parent.id });
    await child.end();
    await closed.close();
    const backend = new MemoryBackend();
    try {
      const report = await syncJournals({ directory, backend });
      const skipped = report.sessions.filter((session) => session.skipped !== undefined);
      expect(skipped.map((session) => session.skipped)).toEqual(['alive']);
      const failures = totals(report).failures;
      expect(failures).toHaveLength(1);
      expect(SyncError.isInstance(failures[0]?.error)).toBe(true);
      expect(failures[0]).toMatchObject({
        localRunId: child.localId,
        error: { code: 'SYNC_PARENT_NOT_SYNCED' },
      });
      expect(backend.runs.size).toBe(0);
      expect((await createLocalStore({ directory }).syncState(child.localId)).pendingCount).toBe(2);

      const named = await syncJournals({ directory, backend, sessions: ['no-such-session'] });
      expect(named.sessions).toEqual([
        { sessionId: 'no-such-session', skipped: 'not-found', runs: [], failures: [] },
      ]);
    } finally {
      await running.close();
    }
    const after = await syncJournals({ directory, backend });
    expect(totals(after)).toMatchObject({ pending: 0, failures: [] });
    expect(backend.runByLocalId(child.localId).tags.get('mlflow.parentRunId')).toBe(
      backend.runByLocalId(parent.localId).runId,
    );
  });

  it('gives a run up after attemptsPerOperation tries and keeps its operations', async () => {
    const tracker = offlineTracker();
    const run = await tracker.startRun({ experimentName: 'down' });
    run.logMetric('value', 1, { step: 0, timestamp: start });
    await run.end();
    await tracker.close();
    const backend = new MemoryBackend();
    backend.beforeCall = (call) => {
      if (call === 'logBatch') {
        throw new DagnosticsError({ message: 'server unavailable', isRetryable: true });
      }
    };

    const report = await syncJournals({ directory, backend, attemptsPerOperation: 2 });

    expect(totals(report).failures[0]?.error).toMatchObject({ message: 'server unavailable' });
    expect(report.sessions[0]?.runs[0]?.pendingOperations).toBe(2);
    expect(backend.runByLocalId(run.localId).status).toBe('RUNNING');
  });

  it('rejects with the reason when aborted, and releases the sessions', async () => {
    const tracker = offlineTracker();
    const run = await tracker.startRun({ experimentName: 'aborted' });
    await run.end();
    await tracker.close();
    const controller = new AbortController();
    const backend = new MemoryBackend();
    backend.beforeCall = () => controller.abort(new Error('stopped by the user'));

    await expect(syncJournals({ directory, backend, signal: controller.signal })).rejects.toThrow(
      'stopped by the user',
    );
    expect((await listSessions(directory)).map((session) => session.status)).toEqual(['closed']);
    backend.beforeCall = undefined;
    const report = await syncJournals({ directory, backend });
    expect(totals(report)).toMatchObject({ pending: 0, failures: [] });
    expect(backend.runByLocalId(run.localId).status).toBe('FINISHED');
  });

  it('rejects options that are not a directory and a backend', async () => {
    await expect(
      syncJournals({ directory: '', backend: new MemoryBackend() }),
    ).rejects.toMatchObject({ name: 'DagnosticsConfigError', option: 'directory' });
    await expect(syncJournals({ directory, backend: {} as TrackingBackend })).rejects.toMatchObject(
      { option: 'backend' },
    );
  });
});
