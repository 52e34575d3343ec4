import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { describeWithService } from '../../../../scripts/test-env/services';
import { createLocalStore, createMlflowBackend, createTracker, createTransport } from '../../src';
import { listSessions } from '../../src/journal';
import { type SyncReport, syncJournals, syncOfflineRuns } from '../../src/sync';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy';
import { runPythonMlflow } from '../support/python-mlflow';

const repositoryRoot = resolve(import.meta.dirname, '../../../..');
const crashingLogger = 'packages/tracking/test/support/crashing-logger.ts';
const logBatchPath = '/api/2.0/mlflow/runs/log-batch';
const start = 1_700_000_000_000;

type Point = [number, number, number | string];

interface PythonRun {
  run_id: string;
  status: string;
  run_name: string;
  start_time: number;
  end_time: number | null;
  params: Record<string, string>;
  tags: Record<string, string>;
  history: Record<string, Point[]>;
  inputs: {
    name: string;
    digest: string;
    source: string;
    source_type: string;
    tags: Record<string, string>;
  }[];
}

/** Every run of an experiment (deleted ones included), as MLflow's Python client reads it. */
const readExperimentScript = `
import json, math, sys
from mlflow.entities import ViewType
from mlflow.tracking import MlflowClient
request = json.load(sys.stdin)
client = MlflowClient(tracking_uri=request["uri"])
experiment = client.get_experiment_by_name(request["experiment_name"])
def number(value):
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return str(value)
    return value
runs = []
if experiment is not None:
    for run in client.search_runs([experiment.experiment_id], run_view_type=ViewType.ALL, max_results=1000):
        history = {}
        for key in run.data.metrics:
            history[key] = sorted(
                [[m.step, m.timestamp, number(m.value)] for m in client.get_metric_history(run.info.run_id, key)]
            )
        runs.append({
            "run_id": run.info.run_id,
            "status": run.info.status,
            "run_name": run.info.run_name,
            "start_time": run.info.start_time,
            "end_time": run.info.end_time,
            "params": run.data.params,
            "tags": run.data.tags,
            "history": history,
            "inputs": [
                {"name": d.dataset.name, "digest": d.dataset.digest, "source": d.dataset.source,
                 "source_type": d.dataset.source_type, "tags": {t.key: t.value for t in d.tags}}
                for d in run.inputs.dataset_inputs
            ],
        })
print(json.dumps(sorted(runs, key=lambda run: run["start_time"])))
`;

function readExperiment(uri: string, experimentName: string): Promise<PythonRun[]> {
  return runPythonMlflow<PythonRun[]>(readExperimentScript, {
    uri,
    experiment_name: experimentName,
  });
}

function runOf(runs: readonly PythonRun[], localRunId: string): PythonRun {
  const found = runs.filter((run) => run.tags['dagnostics.localRunId'] === localRunId);
  expect(found, `runs tagged dagnostics.localRunId = ${localRunId}`).toHaveLength(1);
  return found[0] as PythonRun;
}

// What MLflow's SQL stores keep: NaN as NaN, ±Infinity clamped to ±Number.MAX_VALUE.
function storedByMlflow(value: number): number | string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Number.POSITIVE_INFINITY) return Number.MAX_VALUE;
  if (value === Number.NEGATIVE_INFINITY) return -Number.MAX_VALUE;
  return value;
}

function sortPoints(points: readonly Point[]): Point[] {
  return [...points].sort(
    (a, b) => a[0] - b[0] || a[1] - b[1] || String(a[2]).localeCompare(String(b[2])),
  );
}

/** The crashing logger's `loss` points (see crashing-logger.ts). */
function crashingLoggerPoints(points: number): Point[] {
  return Array.from({ length: points }, (_, step): Point => [step, start + step, step / 7]);
}

function totals(report: SyncReport) {
  const runs = report.sessions.flatMap((session) => session.runs);
  return {
    sent: runs.reduce((sum, run) => sum + run.sentOperations, 0),
    pending: runs.reduce((sum, run) => sum + run.pendingOperations, 0),
    failures: report.sessions.flatMap((session) => session.failures),
  };
}

/** Metric points in the log-batch requests that MLflow received through `proxy`. */
function metricsSentThrough(proxy: FaultProxy): number {
  return proxy
    .forwarded(logBatchPath)
    .reduce(
      (sum, request) =>
        sum +
        ((JSON.parse(request.body.toString('utf8')) as { metrics?: unknown[] }).metrics?.length ??
          0),
      0,
    );
}

interface Child {
  process: ChildProcess;
  /** Resolves with the first line the child printed that `matches`. */
  line(matches: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  /** SIGKILLs the child and waits until it is gone. */
  kill(): Promise<void>;
}

const children = new Set<Child>();

function spawnCrashingLogger(mode: 'log' | 'sync', options: Record<string, unknown>): Child {
  const environment = { ...process.env };
  delete environment.MLFLOW_TRACKING_URI;
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=@dagnostics/source',
      crashingLogger,
      mode,
      JSON.stringify(options),
    ],
    { cwd: repositoryRoot, env: environment, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const lines: Record<string, unknown>[] = [];
  const waiters: {
    matches: (line: Record<string, unknown>) => boolean;
    resolve: (line: Record<string, unknown>) => void;
  }[] = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (text) => {
    const line = JSON.parse(text) as Record<string, unknown>;
    lines.push(line);
    for (const waiter of waiters.filter((candidate) => candidate.matches(line)))
      waiter.resolve(line);
  });
  const handle: Child = {
    process: child,
    line: (matches) =>
      new Promise((resolveLine, reject) => {
        const seen = lines.find(matches);
        if (seen !== undefined) {
          resolveLine(seen);
          return;
        }
        waiters.push({ matches, resolve: resolveLine });
        void exited.then(() =>
          reject(new Error(`crashing-logger ${mode} exited before printing the line:\n${stderr}`)),
        );
      }),
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      children.delete(handle);
    },
  };
  children.add(handle);
  return handle;
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 20));
  }
}

/** Waits until MLflow has answered every log-batch that reached `proxy`, so no point lands later. */
function allForwarded(proxy: FaultProxy): Promise<void> {
  return waitUntil(
    () =>
      proxy.requests
        .filter((request) => request.path === logBatchPath)
        .every((request) => request.forwarded),
    10_000,
  );
}

let localDir: string;
const proxies: FaultProxy[] = [];
beforeEach(async () => {
  localDir = await mkdtemp(join(tmpdir(), 'dagnostics-sync-'));
  // A test that means "no server" must not pick one up from the environment.
  vi.stubEnv('MLFLOW_TRACKING_URI', '');
});
afterEach(async () => {
  await Promise.all([...children].map((child) => child.kill()));
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
  await rm(localDir, { recursive: true, force: true });
});

async function proxyTo(uri: string): Promise<FaultProxy> {
  const proxy = await startFaultProxy(uri);
  proxies.push(proxy);
  return proxy;
}

describeWithService('mlflow-sqlite', 'syncing journals to MLflow (SQLite)', (mlflow) => {
  it('uploads offline runs exactly as they were logged, and a second sync changes nothing', {
    timeout: 120_000,
  }, async () => {
    const experimentName = `offline-${randomUUID()}`;
    const tracker = createTracker({ localDir, handleSignals: false });
    expect(tracker.trackingUri).toBeUndefined();
    const parent = await tracker.startRun({
      experimentName,
      runName: 'study',
      tags: { team: 'platform' },
    });
    parent.logParams({ sampler: 'tpe' });
    parent.logMetric('best', 0.25, { step: 0, timestamp: start });
    const child = await tracker.startRun({
      experimentName,
      runName: 'trial-0',
      parentRunId: parent.id,
    });
    child.logParams({ learningRate: 0.01, layers: 3 });
    const expected: Record<string, Point[]> = { loss: [], odd: [] };
    for (let step = 0; step < 2996; step++) {
      const value = step === 13 ? Number.NaN : 1 / (step + 1);
      child.logMetric('loss', value, { step, timestamp: start + step });
      expected.loss?.push([step, start + step, storedByMlflow(value)]);
    }
    for (const [step, value] of [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      -0.5,
    ].entries()) {
      child.logMetric('odd', value, { step, timestamp: start });
      expected.odd?.push([step, start, storedByMlflow(value)]);
    }
    child.setTags({ stage: 'tuning' });
    await child.logInput({
      name: 'airflow-failures',
      digest: 'd41d8cd98f00b204e9800998ecf8427e',
      source: 'data/airflow.jsonl',
      context: 'training',
    });
    await child.end();
    await parent.end();
    await tracker.close();

    const report = await syncOfflineRuns({ localDir, trackingUri: mlflow.uri });

    expect(totals(report)).toMatchObject({ pending: 0, failures: [] });
    const runs = await readExperiment(mlflow.uri, experimentName);
    expect(runs).toHaveLength(2);
    const parentOnServer = runOf(runs, parent.localId);
    const childOnServer = runOf(runs, child.localId);
    expect(report.sessions[0]?.runs.map((run) => run.serverRunId)).toEqual([
      parentOnServer.run_id,
      childOnServer.run_id,
    ]);
    const store = createLocalStore({ directory: localDir });
    for (const [local, server] of [
      [parent.localId, parentOnServer],
      [child.localId, childOnServer],
    ] as const) {
      const logged = await store.getRun(local);
      expect(server.status).toBe('FINISHED');
      expect(server.run_name).toBe(logged.info.runName);
      expect(server.start_time).toBe(logged.info.startTimeMs);
      expect(server.end_time).toBe(logged.info.endTimeMs);
      expect(server.params).toEqual(
        Object.fromEntries(logged.data.params.map((param) => [param.key, param.value])),
      );
      const loggedTags = Object.fromEntries(logged.data.tags.map((tag) => [tag.key, tag.value]));
      if (local === child.localId) loggedTags['mlflow.parentRunId'] = parentOnServer.run_id;
      expect(server.tags).toEqual(loggedTags);
    }
    expect(childOnServer.tags['mlflow.parentRunId']).toBe(parentOnServer.run_id);
    expect(childOnServer.tags).toMatchObject({ 'mlflow.runName': 'trial-0', stage: 'tuning' });
    expect(parentOnServer.tags).toMatchObject({ 'mlflow.runName': 'study', team: 'platform' });
    expect(parentOnServer.tags['mlflow.parentRunId']).toBeUndefined();
    expect(parentOnServer.history).toEqual({ best: [[0, start, 0.25]] });
    expect(Object.keys(childOnServer.history).sort()).toEqual(['loss', 'odd']);
    for (const key of ['loss', 'odd']) {
      expect(sortPoints(childOnServer.history[key] ?? []), key).toEqual(
        sortPoints(expected[key] ?? []),
      );
    }
    expect(childOnServer.inputs).toEqual([
      {
        name: 'airflow-failures',
        digest: 'd41d8cd98f00b204e9800998ecf8427e',
        source: 'data/airflow.jsonl',
        source_type: 'local',
        tags: { 'mlflow.data.context': 'training' },
      },
    ]);
    expect((await store.syncState(child.localId)).isSynced).toBe(true);

    const again = await syncOfflineRuns({ localDir, trackingUri: mlflow.uri });
    expect(totals(again)).toEqual({ sent: 0, pending: 0, failures: [] });
    expect(await readExperiment(mlflow.uri, experimentName)).toEqual(runs);
  });

  it('replays a tracker that was killed while MLflow processed batches it never answered', {
    timeout: 120_000,
  }, async () => {
    const experimentName = `crash-${randomUUID()}`;
    const points = 5000;
    const faulty = await proxyTo(mlflow.uri);
    // MLflow stores every batch, but the tracker never learns it: no ack reaches the journal.
    faulty.setRule((request) =>
      request.path === logBatchPath ? { kind: 'reset-after' } : undefined,
    );
    const logger = spawnCrashingLogger('log', {
      localDir,
      trackingUri: faulty.url,
      insecureTls: true,
      experimentName,
      points,
    });
    const { localRunId, runId } = (await logger.line((line) => line.event === 'journaled')) as {
      localRunId: string;
      runId: string;
    };
    await waitUntil(() => faulty.forwarded(logBatchPath).length > 0, 30_000);
    await logger.kill();
    await allForwarded(faulty);
    expect((await listSessions(localDir)).map((session) => session.status)).toEqual(['dead']);
    const before = runOf(await readExperiment(mlflow.uri, experimentName), localRunId);
    const landedBefore = before.history.loss?.length ?? 0;
    expect(landedBefore, 'points MLflow stored without the tracker knowing').toBeGreaterThan(0);
    expect(
      (await createLocalStore({ directory: localDir }).syncState(localRunId)).pendingCount,
    ).toBeGreaterThan(0);

    const counting = await proxyTo(mlflow.uri);
    const transport = createTransport(
      { trackingUri: counting.url, insecureTls: true },
      { env: {} },
    );
    let report: SyncReport;
    try {
      report = await syncJournals({ directory: localDir, backend: createMlflowBackend(transport) });
    } finally {
      await transport.close();
    }

    expect(totals(report)).toMatchObject({ pending: 0, failures: [] });
    expect(report.sessions[0]?.runs[0]?.serverRunId).toBe(runId);
    expect(landedBefore + metricsSentThrough(counting), 'points sent by the sync').toBe(points);
    const after = runOf(await readExperiment(mlflow.uri, experimentName), localRunId);
    expect(after.run_id).toBe(runId);
    expect(after.history.loss).toEqual(crashingLoggerPoints(points));
    expect(after.params).toEqual({ points: String(points) });
    expect(after.status).toBe('RUNNING');
    expect((await listSessions(localDir)).map((session) => session.status)).toEqual(['closed']);
  });

  it('replays a tracker without a server that was killed after journaling', {
    timeout: 120_000,
  }, async () => {
    const experimentName = `offline-crash-${randomUUID()}`;
    const points = 3000;
    const logger = spawnCrashingLogger('log', { localDir, experimentName, points });
    const { localRunId } = (await logger.line((line) => line.event === 'journaled')) as {
      localRunId: string;
    };
    await logger.kill();
    expect((await listSessions(localDir)).map((session) => session.status)).toEqual(['dead']);

    const report = await syncOfflineRuns({ localDir, trackingUri: mlflow.uri });

    expect(totals(report)).toMatchObject({ pending: 0, failures: [] });
    const runs = await readExperiment(mlflow.uri, experimentName);
    const run = runOf(runs, localRunId);
    expect(runs).toHaveLength(1);
    expect(run.history.loss).toEqual(crashingLoggerPoints(points));
    expect(run.status).toBe('RUNNING');
    const again = await syncOfflineRuns({ localDir, trackingUri: mlflow.uri });
    expect(totals(again).sent).toBe(0);
  });

  it('finishes a sync that was killed midway without sending a point twice', {
    timeout: 120_000,
  }, async () => {
    const experimentName = `interrupted-${randomUUID()}`;
    const points = 20_000;
    const tracker = createTracker({ localDir, handleSignals: false });
    const run = await tracker.startRun({ experimentName, runName: 'long' });
    for (let step = 0; step < points; step++) {
      run.logMetric('loss', step / 7, { step, timestamp: start + step });
    }
    await run.end();
    await tracker.close();
    const slow = await proxyTo(mlflow.uri);
    // Batches reach MLflow late, so the kill lands while some are on their way.
    slow.setRule((request) =>
      request.path === logBatchPath ? { kind: 'delay', ms: 300 } : undefined,
    );

    const syncer = spawnCrashingLogger('sync', {
      localDir,
      trackingUri: slow.url,
      insecureTls: true,
      announceAfterAcks: 4,
    });
    await syncer.line((line) => line.event === 'acknowledged');
    await syncer.kill();
    // Let the batches in flight land: MLflow then holds points whose acks were never written.
    await allForwarded(slow);
    expect((await listSessions(localDir)).map((session) => session.status)).toEqual(['dead']);
    const state = await createLocalStore({ directory: localDir }).syncState(run.localId);
    expect(state.pendingCount, 'operations left unconfirmed by the killed sync').toBeGreaterThan(0);
    expect(state.pendingCount).toBeLessThan(state.operations.length);
    const landedBefore =
      runOf(await readExperiment(mlflow.uri, experimentName), run.localId).history.loss?.length ??
      0;

    const counting = await proxyTo(mlflow.uri);
    const report = await syncOfflineRuns({
      localDir,
      trackingUri: counting.url,
      insecureTls: true,
    });

    expect(totals(report)).toMatchObject({ pending: 0, failures: [] });
    expect(landedBefore + metricsSentThrough(counting), 'points sent by both syncs').toBe(points);
    const runs = await readExperiment(mlflow.uri, experimentName);
    expect(runs).toHaveLength(1);
    const onServer = runOf(runs, run.localId);
    expect(onServer.history.loss).toEqual(crashingLoggerPoints(points));
    expect(onServer.status).toBe('FINISHED');
    expect(totals(await syncOfflineRuns({ localDir, trackingUri: mlflow.uri })).sent).toBe(0);
  });
});
