import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '@dagnostics/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithService } from '../../../../scripts/test-env/services';
import {
  createLocalStore,
  createTracker,
  orderBy,
  ParamChangedError,
  type Tracker,
  where,
} from '../../src';
import { startFaultProxy } from '../support/fault-proxy';
import { readRunScript, runPythonMlflow } from '../support/python-mlflow';

interface PythonRun {
  status: string;
  run_name: string;
  end_time: number;
  params: Record<string, string>;
  tags: Record<string, string>;
  history: Record<string, [number, number, number | string][]>;
  inputs: {
    name: string;
    digest: string;
    source: string;
    source_type: string;
    tags: Record<string, string>;
  }[];
}

let localDir: string;
beforeAll(async () => {
  localDir = await mkdtemp(join(tmpdir(), 'dagnostics-tracker-'));
});
afterAll(async () => {
  await rm(localDir, { recursive: true, force: true });
});

// What MLflow's SQL stores keep: NaN as NaN, but ±Infinity clamped to ±Number.MAX_VALUE
// (their rule, the same for the Python client).
function storedByMlflow(value: number): number | string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Number.POSITIVE_INFINITY) return Number.MAX_VALUE;
  if (value === Number.NEGATIVE_INFINITY) return -Number.MAX_VALUE;
  return value;
}

type Point = [number, number, number | string];

function sortPoints(points: Point[]): Point[] {
  return [...points].sort(
    (a, b) => a[0] - b[0] || a[1] - b[1] || String(a[2]).localeCompare(String(b[2])),
  );
}

async function logAndReadBack(uri: string, tracker: Tracker, experimentName: string) {
  const run = await tracker.startRun({
    experimentName,
    runName: 'baseline',
    tags: { team: 'platform' },
  });
  run.logParams({ learningRate: 0.01, layers: 3, optimizer: 'adam', shuffle: true });
  const expected: Record<string, Point[]> = { loss: [], accuracy: [], odd: [] };
  const start = 1_700_000_000_000;
  for (let step = 0; step < 2500; step++) {
    const loss = 1 / (step + 1);
    run.logMetric('loss', loss, { step, timestamp: start + step });
    expected.loss?.push([step, start + step, loss]);
    if (step % 10 === 0) {
      run.logMetrics({ accuracy: step / 2500 }, { step, timestamp: start + step });
      expected.accuracy?.push([step, start + step, step / 2500]);
    }
  }
  for (const [index, value] of [
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -0.5,
  ].entries()) {
    run.logMetric('odd', value, { step: index, timestamp: start });
    expected.odd?.push([index, start, storedByMlflow(value)]);
  }
  run.setTags({ stage: 'tuning', 'mlflow.note.content': 'written by the TypeScript client' });
  await run.logInput({
    name: 'airflow-failures',
    digest: 'd41d8cd98f00b204e9800998ecf8427e',
    source: { path: 'data/airflow.jsonl' },
    sourceType: 'local',
    schema: { columns: ['log', 'category'] },
    context: 'training',
  });
  await run.end();
  const read = await runPythonMlflow<PythonRun>(readRunScript, { uri, run_id: run.id });
  return { run, read, expected };
}

describeWithService('mlflow-sqlite', 'tracker against MLflow (SQLite)', (mlflow) => {
  it('writes params, metrics, tags and inputs that the Python client reads back exactly', async () => {
    const tracker = createTracker({ trackingUri: mlflow.uri, localDir, handleSignals: false });
    try {
      const { run, read, expected } = await logAndReadBack(
        mlflow.uri,
        tracker,
        `tracker-${randomUUID()}`,
      );
      expect(read.status).toBe('FINISHED');
      expect(read.run_name).toBe('baseline');
      expect(read.params).toEqual({
        learningRate: '0.01',
        layers: '3',
        optimizer: 'adam',
        shuffle: 'true',
      });
      expect(read.tags).toMatchObject({
        team: 'platform',
        stage: 'tuning',
        'mlflow.runName': 'baseline',
        'mlflow.source.type': 'LOCAL',
        'mlflow.note.content': 'written by the TypeScript client',
        'dagnostics.localRunId': run.localId,
      });
      expect(read.tags['mlflow.user']).toBeTruthy();
      for (const key of Object.keys(expected)) {
        expect(sortPoints(read.history[key] ?? []), key).toEqual(sortPoints(expected[key] ?? []));
      }
      expect(read.inputs).toEqual([
        {
          name: 'airflow-failures',
          digest: 'd41d8cd98f00b204e9800998ecf8427e',
          source: JSON.stringify({ path: 'data/airflow.jsonl' }),
          source_type: 'local',
          schema: JSON.stringify({ columns: ['log', 'category'] }),
          tags: { 'mlflow.data.context': 'training' },
        },
      ]);
    } finally {
      await tracker.close();
    }
  });

  it('links a nested run to its parent', async () => {
    const tracker = createTracker({ trackingUri: mlflow.uri, localDir, handleSignals: false });
    try {
      const experimentName = `nested-${randomUUID()}`;
      const parent = await tracker.startRun({ experimentName, runName: 'study' });
      const child = await tracker.startRun({
        experimentName,
        runName: 'trial-0',
        parentRunId: parent.id,
      });
      child.logMetric('value', 0.25);
      await child.end();
      await parent.end();
      const read = await runPythonMlflow<PythonRun>(readRunScript, {
        uri: mlflow.uri,
        run_id: child.id,
      });
      expect(read.tags['mlflow.parentRunId']).toBe(parent.id);
      expect(child.experimentId).toBe(parent.experimentId);
    } finally {
      await tracker.close();
    }
  });

  it('rejects bad input before any request', async () => {
    const tracker = createTracker({ trackingUri: mlflow.uri, localDir, handleSignals: false });
    try {
      const run = await tracker.startRun({ experimentName: `bad-input-${randomUUID()}` });
      expect(() => run.logMetric('../escape', 1)).toThrow(/not one MLflow accepts/);
      expect(() => run.logMetric('flag', true as unknown as number)).toThrow(/boolean/);
      expect(() => run.logMetric('loss', 1, { step: 1.5 })).toThrow(/safe integer/);
      expect(() => run.logParams({ nested: { a: 1 } })).toThrow(/JSON.stringify/);
      try {
        run.logParams({ nested: { a: 1 } });
      } catch (error) {
        expect(InvalidArgumentError.isInstance(error)).toBe(true);
      }
      run.logParams({ seed: 42 });
      run.logParams({ seed: 42 });
      let changed: unknown;
      try {
        run.logParams({ seed: 43 });
      } catch (error) {
        changed = error;
      }
      expect(ParamChangedError.isInstance(changed)).toBe(true);
      run.setTags({ long: 'x'.repeat(9000) });
      await run.end();
      const read = await runPythonMlflow<PythonRun>(readRunScript, {
        uri: mlflow.uri,
        run_id: run.id,
      });
      expect(read.params).toEqual({ seed: '42' });
      expect(read.tags.long).toHaveLength(8000);
    } finally {
      await tracker.close();
    }
  });

  it('loses and duplicates nothing when connections drop after MLflow processed a batch', async () => {
    const proxy = await startFaultProxy(mlflow.uri);
    const tracker = createTracker({
      trackingUri: proxy.url,
      insecureTls: true,
      localDir,
      handleSignals: false,
      backoffFactorMs: 50,
      backoffJitterMs: 10,
    });
    try {
      const run = await tracker.startRun({ experimentName: `faults-${randomUUID()}` });
      let batches = 0;
      proxy.setRule((request) => {
        if (!request.path.endsWith('/runs/log-batch')) return undefined;
        batches += 1;
        if (batches % 3 === 1) return { kind: 'reset-after' };
        if (batches % 3 === 2) return { kind: 'status', status: 503, retryAfterSeconds: 0 };
        return undefined;
      });
      const expected: Point[] = [];
      for (let step = 0; step < 5000; step++) {
        run.logMetric('loss', step / 7, { step, timestamp: 1_700_000_000_000 + step });
        expected.push([step, 1_700_000_000_000 + step, step / 7]);
      }
      await run.end();
      proxy.setRule();
      const read = await runPythonMlflow<PythonRun>(readRunScript, {
        uri: mlflow.uri,
        run_id: run.id,
      });
      expect(read.history.loss).toHaveLength(expected.length);
      expect(sortPoints(read.history.loss ?? [])).toEqual(sortPoints(expected));
      expect(read.status).toBe('FINISHED');
      expect(proxy.requests.some((request) => request.fault?.kind === 'reset-after')).toBe(true);
    } finally {
      await tracker.close();
      await proxy.close();
    }
  });
});

describeWithService('mlflow-sqlite', 'reading runs back through the tracker', (mlflow) => {
  it('searches with a typed filter, orders, pages and reads histories', async () => {
    const tracker = createTracker({ trackingUri: mlflow.uri, localDir, handleSignals: false });
    try {
      const experimentName = `search-${randomUUID()}`;
      const ids: string[] = [];
      for (let index = 0; index < 5; index++) {
        const run = await tracker.startRun({ experimentName, runName: `trial-${index}` });
        run.logParams({ optimizer: index % 2 === 0 ? 'adam' : 'sgd' });
        run.logMetric('accuracy', index / 4, { step: 3 });
        await run.end();
        ids.push(run.id);
      }
      const found = [];
      for await (const run of tracker.searchRuns({
        experimentNames: [experimentName],
        filter: where.metric('accuracy').gte(0.5).and(where.param('optimizer').eq('adam')),
        orderBy: [orderBy.metric('accuracy', 'DESC')],
        pageSize: 1,
      })) {
        found.push(run);
      }
      expect(found.map((run) => run.info.runName)).toEqual(['trial-4', 'trial-2']);
      expect(found[0]?.data.params.optimizer).toBe('adam');
      expect(found[0]?.data.metrics).toEqual([
        expect.objectContaining({ key: 'accuracy', value: 1, step: 3 }),
      ]);
      const record = await tracker.getRun(ids[1] as string);
      expect(record.info.status).toBe('FINISHED');
      expect(record.info.runName).toBe('trial-1');
      const history = await tracker.getMetricHistory(ids[1] as string, 'accuracy');
      expect(history.map((point) => [point.step, point.value])).toEqual([[3, 0.25]]);
      const none = [];
      for await (const run of tracker.searchRuns({ experimentNames: [`missing-${randomUUID()}`] }))
        none.push(run);
      expect(none).toEqual([]);
    } finally {
      await tracker.close();
    }
  });

  it('logs and downloads artifacts of a run', async () => {
    const tracker = createTracker({ trackingUri: mlflow.uri, localDir, handleSignals: false });
    try {
      const run = await tracker.startRun({ experimentName: `artifacts-${randomUUID()}` });
      const bytes = new TextEncoder().encode('{"accuracy": 0.97}\n');
      await run.logArtifact(bytes, 'reports', { fileName: 'metrics.json' });
      const listed = await run.listArtifacts('reports');
      expect(listed.map((entry) => entry.path)).toEqual(['reports/metrics.json']);
      const destination = await mkdtemp(join(tmpdir(), 'dagnostics-download-'));
      try {
        const files = await run.downloadArtifacts({ artifactPath: 'reports', destination });
        expect(files).toHaveLength(1);
        expect(new Uint8Array(await readFile(files[0] as string))).toEqual(bytes);
      } finally {
        await rm(destination, { recursive: true, force: true });
      }
      await run.end();
    } finally {
      await tracker.close();
    }
  });

  it('logs system metrics under MLflow names while a run is open', async () => {
    const tracker = createTracker({ trackingUri: mlflow.uri, localDir, handleSignals: false });
    try {
      const run = await tracker.startRun({
        experimentName: `system-${randomUUID()}`,
        systemMetrics: { intervalMs: 150, gpu: false },
      });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await run.end();
      const record = await tracker.getRun(run.id);
      const keys = record.data.metrics.map((metric) => metric.key);
      expect(keys).toEqual(
        expect.arrayContaining([
          'system/cpu_utilization_percentage',
          'system/system_memory_usage_megabytes',
          'system/disk_usage_percentage',
          'system/network_receive_megabytes',
        ]),
      );
      const history = await tracker.getMetricHistory(
        run.id,
        'system/system_memory_usage_percentage',
      );
      expect(history.length).toBeGreaterThan(1);
      expect(history.map((point) => point.step)).toEqual(history.map((_, index) => index));
    } finally {
      await tracker.close();
    }
  });
});

describeWithService('mlflow-postgres', 'tracker against MLflow (PostgreSQL)', (mlflow) => {
  it('writes what the Python client reads back exactly', async () => {
    const tracker = createTracker({ trackingUri: mlflow.uri, localDir, handleSignals: false });
    try {
      const { read, expected } = await logAndReadBack(
        mlflow.uri,
        tracker,
        `tracker-pg-${randomUUID()}`,
      );
      expect(read.params.optimizer).toBe('adam');
      for (const key of Object.keys(expected)) {
        expect(sortPoints(read.history[key] ?? []), key).toEqual(sortPoints(expected[key] ?? []));
      }
    } finally {
      await tracker.close();
    }
  });
});

describe('tracker without a server (local store)', () => {
  it('keeps runs in the journal and reads them back', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'dagnostics-offline-'));
    try {
      const tracker = createTracker({ localDir: directory, handleSignals: false });
      expect(tracker.trackingUri).toBeUndefined();
      const run = await tracker.startRun({ experimentName: 'offline', runName: 'on-a-plane' });
      run.logParams({ lr: 0.1 });
      for (let step = 0; step < 20; step++)
        run.logMetric('loss', 1 / (step + 1), { step, timestamp: 1000 + step });
      await run.end();
      await tracker.close();
      const store = createLocalStore({ directory });
      expect(() => run.listArtifacts()).toThrow(/needs a tracking server/);
      const stored = await store.getRun(run.id);
      expect(stored?.info.status).toBe('FINISHED');
      expect(stored?.data.params).toEqual(expect.arrayContaining([{ key: 'lr', value: '0.1' }]));
      const history = await store.getMetricHistory(run.id, 'loss');
      expect(history.map((point) => point.step)).toEqual(
        Array.from({ length: 20 }, (_, step) => step),
      );
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
