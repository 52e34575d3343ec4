import { randomUUID } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithPrerequisite } from '../../../../scripts/test-env/services';
import { createTracker } from '../../src';
import {
  type OwnMlflowServer,
  ownMlflowServerUnavailableReason,
  startOwnMlflowServer,
} from '../support/own-mlflow-server';
import { runPythonMlflow } from '../support/python-mlflow';

const keyCount = 10;
const stepCount = 10_000;
const totalPoints = keyCount * stepCount;
/** Steps logged between two yields to the event loop: 1000 points. */
const stepsPerChunk = 100;
/** The server is SIGKILLed once this many points are logged (30 %). */
const killAfterPoints = 30_000;
/** How long the server stays down before it is restarted, in ms. */
const downtimeMs = 3_000;
const firstTimestampMs = 1_700_000_000_000;

const keys = Array.from({ length: keyCount }, (_, index) => `series/${index}`);

/** A value that is not a round number, so a wrong double would show. */
function valueAt(keyIndex: number, step: number): number {
  return Math.sin(step * 0.001 + keyIndex) * (keyIndex + 1) + step / 7;
}

/** Python: the run's status, its metric keys and the full history of each key. */
const readHistoriesScript = `
import json, sys
from mlflow.tracking import MlflowClient
request = json.load(sys.stdin)
client = MlflowClient(tracking_uri=request["uri"])
run = client.get_run(request["run_id"])
history = {
    key: [[m.step, m.timestamp, m.value] for m in client.get_metric_history(request["run_id"], key)]
    for key in request["keys"]
}
print(json.dumps({
    "status": run.info.status,
    "metric_keys": sorted(run.data.metrics.keys()),
    "history": history,
}))
`;

interface ReadBack {
  status: string;
  metric_keys: string[];
  history: Record<string, [number, number, number][]>;
}

/** Per key: how many points the server holds, which expected ones it lacks, which it holds twice or did not expect. */
function compareHistory(keyIndex: number, points: readonly [number, number, number][]) {
  const counts = new Map<string, number>();
  for (const [step, timestampMs, value] of points) {
    const id = `${step}|${timestampMs}|${value}`;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const missing: string[] = [];
  for (let step = 0; step < stepCount; step++) {
    const id = `${step}|${firstTimestampMs + step}|${valueAt(keyIndex, step)}`;
    const count = counts.get(id) ?? 0;
    if (count === 0) missing.push(id);
    else if (count === 1) counts.delete(id);
    else counts.set(id, count - 1);
  }
  // What is left was stored more than once, or never logged.
  const extra = [...counts].map(([id, count]) => `${id} x${count}`);
  return {
    count: points.length,
    missing: missing.length,
    extra: extra.length,
    examples: [...missing.slice(0, 3), ...extra.slice(0, 3)],
  };
}

/** What undici publishes about each request (`node:diagnostics_channel`). */
interface UndiciRequest {
  origin?: unknown;
  method?: string;
  path?: string;
}

/**
 * Watches the tracker's requests to one server through undici's diagnostics channels, to
 * kill the server while a log-batch is on the wire and to see what was sent after that.
 */
function observeRequests(origin: string) {
  const logBatchPath = '/api/2.0/mlflow/runs/log-batch';
  const historyPath = '/api/2.0/mlflow/metrics/get-history';
  const sent = new Set<UndiciRequest>();
  const bodies = new Map<UndiciRequest, Buffer[]>();
  const state = {
    /** log-batch requests whose connection broke after the request was written. */
    cutLogBatches: 0,
    /** get-history requests answered (the tracker asking which points landed). */
    historyRequests: 0,
    /** Points per `step|timestamp|key` in log-batch requests that the server answered with 2xx. */
    acceptedPoints: new Map<string, number>(),
  };
  const ours = (request: UndiciRequest) => String(request.origin).replace(/\/$/, '') === origin;
  const isLogBatch = (request: UndiciRequest) => request.path === logBatchPath;
  const onChunk = (message: unknown) => {
    const { request, chunk } = message as { request: UndiciRequest; chunk: Uint8Array | string };
    if (!ours(request) || !isLogBatch(request)) return;
    const parts = bodies.get(request) ?? [];
    parts.push(Buffer.from(chunk));
    bodies.set(request, parts);
  };
  const onSent = (message: unknown) => {
    const { request } = message as { request: UndiciRequest };
    if (ours(request) && isLogBatch(request)) sent.add(request);
  };
  const onHeaders = (message: unknown) => {
    const { request, response } = message as {
      request: UndiciRequest;
      response: { statusCode: number };
    };
    if (!ours(request)) return;
    if (request.path?.startsWith(historyPath) === true) state.historyRequests += 1;
    if (!isLogBatch(request)) return;
    sent.delete(request);
    const body = bodies.get(request);
    bodies.delete(request);
    if (response.statusCode < 200 || response.statusCode >= 300 || body === undefined) return;
    const { metrics } = JSON.parse(Buffer.concat(body).toString('utf8')) as {
      metrics?: { key: string; step: number; timestamp: number }[];
    };
    for (const metric of metrics ?? []) {
      const id = `${metric.step}|${metric.timestamp}|${metric.key}`;
      state.acceptedPoints.set(id, (state.acceptedPoints.get(id) ?? 0) + 1);
    }
  };
  const onError = (message: unknown) => {
    const { request } = message as { request: UndiciRequest };
    if (!ours(request) || !isLogBatch(request)) return;
    if (sent.delete(request)) state.cutLogBatches += 1;
    bodies.delete(request);
  };
  const subscriptions: [string, (message: unknown) => void][] = [
    ['undici:request:bodyChunkSent', onChunk],
    ['undici:request:bodySent', onSent],
    ['undici:request:headers', onHeaders],
    ['undici:request:error', onError],
  ];
  for (const [name, listener] of subscriptions) subscribe(name, listener);
  return {
    state,
    /** log-batch requests fully written and not answered yet. */
    get logBatchesOnTheWire() {
      return sent.size;
    },
    close() {
      for (const [name, listener] of subscriptions) unsubscribe(name, listener);
    },
  };
}

function describeWithOwnMlflowServer(
  title: string,
  body: (server: () => OwnMlflowServer) => void,
): void {
  describeWithPrerequisite(
    title,
    'needs a dedicated MLflow server',
    ownMlflowServerUnavailableReason(),
    () => {
      let server: OwnMlflowServer | undefined;
      beforeAll(async () => {
        server = await startOwnMlflowServer();
      }, 180_000);
      afterAll(async () => {
        await server?.stop();
      }, 30_000);
      body(() => {
        if (server === undefined) throw new Error('the dedicated MLflow server did not start');
        return server;
      });
    },
  );
}

describeWithOwnMlflowServer('tracker across an MLflow server crash', (getServer) => {
  let localDir: string;
  beforeAll(async () => {
    localDir = await mkdtemp(join(tmpdir(), 'dagnostics-kill-restart-'));
  });
  afterAll(async () => {
    await rm(localDir, { recursive: true, force: true });
  });

  const cases = [
    {
      title: 'transport retries (maxRetries 10)',
      maxRetries: 10,
      reconciles: false,
    },
    {
      title: 'run sender retries only (maxRetries 0)',
      maxRetries: 0,
      reconciles: true,
    },
  ];

  it.each(cases)(
    'stores every point once across a SIGKILL and restart of the server, $title',
    async ({ maxRetries, reconciles }) => {
      const server = getServer();
      const tracker = createTracker({
        trackingUri: server.uri,
        localDir,
        handleSignals: false,
        backoffFactorMs: 200,
        backoffJitterMs: 50,
        maxRetries,
      });
      const requests = observeRequests(server.uri);
      let restarted: Promise<void> | undefined;
      try {
        const run = await tracker.startRun({ experimentName: `kill-restart-${randomUUID()}` });
        let logged = 0;
        let loggedWhileDown = 0;
        for (let firstStep = 0; firstStep < stepCount; firstStep += stepsPerChunk) {
          for (let step = firstStep; step < firstStep + stepsPerChunk; step++) {
            const values: Record<string, number> = {};
            keys.forEach((key, keyIndex) => {
              values[key] = valueAt(keyIndex, step);
            });
            run.logMetrics(values, { step, timestamp: firstTimestampMs + step });
          }
          logged += stepsPerChunk * keyCount;
          if (!server.running) loggedWhileDown += stepsPerChunk * keyCount;
          if (restarted === undefined && logged >= killAfterPoints) {
            // Kill while log-batches are on the wire, so that some requests end with an
            // unknown outcome (MLflow may or may not have committed them), not only refused.
            const waitUntil = Date.now() + 10_000;
            while (requests.logBatchesOnTheWire < 2 && Date.now() < waitUntil) await sleep(1);
            await server.kill('SIGKILL');
            restarted = sleep(downtimeMs).then(() => server.restart());
          }
          // Yield; after the kill, slow down so that logging goes on while the server is down.
          await sleep(restarted === undefined ? 5 : 40);
        }
        expect(logged).toBe(totalPoints);
        expect(loggedWhileDown).toBeGreaterThan(0);
        await restarted;
        await run.end();

        const read = await runPythonMlflow<ReadBack>(readHistoriesScript, {
          uri: server.uri,
          run_id: run.id,
          keys,
        });
        expect(read.status).toBe('FINISHED');
        expect(read.metric_keys).toEqual([...keys].sort());
        const comparison = Object.fromEntries(
          keys.map((key, keyIndex) => [key, compareHistory(keyIndex, read.history[key] ?? [])]),
        );
        const exact = { count: stepCount, missing: 0, extra: 0, examples: [] };
        expect(comparison).toEqual(Object.fromEntries(keys.map((key) => [key, exact])));

        // The kill cut requests that were on the wire.
        expect(requests.state.cutLogBatches).toBeGreaterThan(0);
        // MLflow's SQL stores drop a point identical to one they hold, so the histories
        // cannot show a point sent twice; the requests can: no point was in two log-batch
        // requests that the server accepted.
        const acceptedTwice = [...requests.state.acceptedPoints].filter(([, count]) => count > 1);
        expect(acceptedTwice.slice(0, 5)).toEqual([]);
        // Without transport retries, a cut log-batch reaches the run sender with an unknown
        // outcome: it must read the metric histories before sending the batch again.
        if (reconciles) expect(requests.state.historyRequests).toBeGreaterThan(0);
      } catch (error) {
        console.error(`[kill-restart] last lines of ${server.logFile}:\n${server.logTail()}`);
        throw error;
      } finally {
        requests.close();
        await restarted?.catch(() => undefined);
        await tracker.close().catch(() => undefined);
      }
    },
    300_000,
  );
});
