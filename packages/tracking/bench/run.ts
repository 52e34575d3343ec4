/**
 * Benchmark of the tracker against MLflow's Python client, logging to the same MLflow server.
 *
 * Run with `cd packages/tracking && pnpm exec tsx --conditions=@dagnostics/source bench/run.ts`.
 * It starts its own `mlflow server` (SQLite store, one uvicorn worker; see
 * test/support/own-mlflow-server.ts) and packages/tracking/bench/mlflow_peer.py (with the
 * repository's .venv Python), then logs KEYS × STEPS metric points, each time to a fresh run:
 *
 * - tracker: `createTracker`, `run.logMetrics` per step, `await run.end()`;
 * - python log_batch: `MlflowClient.log_batch` in chunks of 1000 points, `set_terminated`;
 * - python async: `mlflow.log_metrics(..., synchronous=False)` per step after
 *   `enable_async_logging()`, `flush_async_logging()`, `end_run()` (MLflow's defaults: no
 *   buffering, 10 sender threads);
 * - python async, buffered: the same with MLFLOW_ASYNC_LOGGING_BUFFERING_SECONDS=1 (whole seconds), which
 *   merges queued batches up to 1000 metrics;
 * - floor: the same points as log-batch JSON bodies of 1000, serialized before the clock
 *   starts, sent by undici with as many requests in flight as the tracker uses (4), then
 *   `runs/update`: what the server costs, with no client work at all.
 *
 * The clock runs from the first point to the end of the run (creating it is not timed). One
 * untimed warm-up round, then ROUNDS timed rounds; the order of the variants rotates from
 * round to round so that none always follows another. Every run is read back with the
 * Python client and must hold all points and be FINISHED. Then a child process
 * (bench/offline-memory.ts) measures the memory the tracker holds for 1M points it cannot
 * send (the server is SIGKILLed, its port closed). Prints a table of medians, writes
 * bench/results/latest.json and appends a dated entry to bench/RESULTS.md.
 *
 * Environment (all optional): BENCH_KEYS (default 100), BENCH_STEPS (1000), BENCH_ROUNDS (3),
 * BENCH_OFFLINE_KEYS (10), BENCH_OFFLINE_STEPS (100000), BENCH_PYTHON (<repo>/.venv/bin/python),
 * BENCH_VARIANTS (a comma-separated subset of tracker, log-batch, async, async-buffered, floor,
 * offline, e.g. to profile one of them with `node --cpu-prof`; such a partial run prints its
 * table and writes nothing).
 *
 * `bench/run.ts --memory-only` runs the offline memory child alone, BENCH_MEMORY_RUNS times
 * (default 3; a throwaway server, no Python peer, no timed rounds, about a minute per run),
 * prints the growth and writes nothing; it exits with 1 when the median misses the RSS target.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { createTracker } from '../src';
import { type OwnMlflowServer, startOwnMlflowServer } from '../test/support/own-mlflow-server';

const benchDirectory = dirname(fileURLToPath(import.meta.url));
const packageDirectory = resolve(benchDirectory, '..');
const repositoryRoot = resolve(benchDirectory, '../../..');
const keyCount = Number(process.env.BENCH_KEYS ?? 100);
const stepCount = Number(process.env.BENCH_STEPS ?? 1000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const offlineKeys = Number(process.env.BENCH_OFFLINE_KEYS ?? 10);
const offlineSteps = Number(process.env.BENCH_OFFLINE_STEPS ?? 100_000);
const python = process.env.BENCH_PYTHON ?? join(repositoryRoot, '.venv/bin/python');
const pointsPerRun = keyCount * stepCount;
const pointsPerBody = 1000;
/** The tracker's default `metricConcurrency`, which the floor copies. */
const concurrency = 4;
const firstTimestampMs = 1_700_000_000_000;
const offlineMemoryTargetBytes = 64 * 1024 * 1024;
const command =
  'cd packages/tracking && pnpm exec tsx --conditions=@dagnostics/source bench/run.ts';

const keys = Array.from(
  { length: keyCount },
  (_, index) => `metric_${String(index).padStart(3, '0')}`,
);

/** One timed run: wall time in ms and the server's id of the run it wrote. */
interface Timing {
  ms: number;
  runId: string;
}

/** The Python peer (mlflow_peer.py): one JSON request and one JSON reply per line. */
interface Peer {
  request<Result>(message: Record<string, unknown>): Promise<Result>;
  close(): void;
}

function startPeer(): Peer {
  const child = spawn(python, [join(benchDirectory, 'mlflow_peer.py')], {
    env: { ...process.env, MLFLOW_DISABLE_TELEMETRY: 'true', DO_NOT_TRACK: 'true' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async request<Result>(message: Record<string, unknown>): Promise<Result> {
      child.stdin.write(`${JSON.stringify(message)}\n`);
      const line = await lines.next();
      if (line.done === true) throw new Error(`The MLflow peer (${python}) exited early.`);
      const reply = JSON.parse(line.value) as { ok: boolean; result?: Result; error?: string };
      if (!reply.ok)
        throw new Error(`The MLflow peer failed on ${message.command}: ${reply.error}`);
      return reply.result as Result;
    },
    close(): void {
      child.stdin.end(`${JSON.stringify({ command: 'quit' })}\n`);
    },
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** (a) The tracker, as a training loop uses it. */
async function timeTracker(server: OwnMlflowServer, experimentName: string): Promise<Timing> {
  const localDir = await mkdtemp(join(tmpdir(), 'dagnostics-bench-'));
  const tracker = createTracker({ trackingUri: server.uri, localDir, handleSignals: false });
  try {
    const run = await tracker.startRun({ experimentName });
    const start = performance.now();
    for (let step = 0; step < stepCount; step++) {
      const values: Record<string, number> = {};
      for (let index = 0; index < keyCount; index++) {
        values[keys[index] as string] = (index + 1) / (step + 1);
      }
      run.logMetrics(values, { step, timestamp: firstTimestampMs + step });
    }
    await run.end();
    return { ms: performance.now() - start, runId: run.id };
  } finally {
    await tracker.close();
    await rm(localDir, { recursive: true, force: true });
  }
}

/** The metrics of the log-batch bodies, as JSON array text, in the order the tracker sends them. */
function serializeMetricChunks(): string[] {
  const chunks: string[] = [];
  let current: unknown[] = [];
  for (let step = 0; step < stepCount; step++) {
    for (let index = 0; index < keyCount; index++) {
      current.push({
        key: keys[index],
        value: (index + 1) / (step + 1),
        timestamp: firstTimestampMs + step,
        step,
      });
      if (current.length === pointsPerBody) {
        chunks.push(JSON.stringify(current));
        current = [];
      }
    }
  }
  if (current.length > 0) chunks.push(JSON.stringify(current));
  return chunks;
}

async function postJson(pool: Pool, path: string, body: string): Promise<unknown> {
  const response = await pool.request({
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json' },
    body,
  });
  const text = await response.body.text();
  if (response.statusCode !== 200) {
    throw new Error(`${path} answered ${response.statusCode}: ${text.slice(0, 300)}`);
  }
  return JSON.parse(text);
}

/** (d) The floor: pre-serialized bodies, `concurrency` requests in flight, nothing else. */
async function timeFloor(
  server: OwnMlflowServer,
  experimentId: string,
  metricChunks: readonly string[],
): Promise<Timing> {
  const pool = new Pool(server.uri, { connections: concurrency });
  try {
    const created = (await postJson(
      pool,
      '/api/2.0/mlflow/runs/create',
      JSON.stringify({ experiment_id: experimentId, start_time: Date.now() }),
    )) as { run: { info: { run_id: string } } };
    const runId = created.run.info.run_id;
    const bodies = metricChunks.map((metrics) => `{"run_id":"${runId}","metrics":${metrics}}`);
    const start = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < bodies.length) {
        const body = bodies[next++] as string;
        await postJson(pool, '/api/2.0/mlflow/runs/log-batch', body);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    await postJson(
      pool,
      '/api/2.0/mlflow/runs/update',
      JSON.stringify({ run_id: runId, status: 'FINISHED', end_time: Date.now() }),
    );
    return { ms: performance.now() - start, runId };
  } finally {
    await pool.close();
  }
}

interface OfflineMemory {
  points: number;
  loggedMs: number;
  settledMs: number;
  before: NodeJS.MemoryUsage;
  after: NodeJS.MemoryUsage;
  maxRssBytes: number;
  journalBytes: number;
}

/** Growth of the offline child's memory, in bytes: RSS and V8 heap after a full GC, and peak RSS. */
function memoryGrowth(offline: OfflineMemory): { rss: number; heap: number; peakRss: number } {
  return {
    rss: offline.after.rss - offline.before.rss,
    heap: offline.after.heapUsed - offline.before.heapUsed,
    peakRss: offline.maxRssBytes - offline.before.rss,
  };
}

/** Runs bench/offline-memory.ts against `server`, killing the server once the run exists. */
async function measureOfflineMemory(server: OwnMlflowServer): Promise<OfflineMemory> {
  const localDir = await mkdtemp(join(tmpdir(), 'dagnostics-bench-offline-'));
  let child: ChildProcess | undefined;
  try {
    child = spawn(
      process.execPath,
      [
        '--expose-gc',
        '--import',
        'tsx',
        '--conditions=@dagnostics/source',
        join(benchDirectory, 'offline-memory.ts'),
        server.uri,
        localDir,
        String(offlineKeys),
        String(offlineSteps),
      ],
      { cwd: packageDirectory, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const stdin = child.stdin;
    const stdout = child.stdout;
    if (stdin === null || stdout === null) throw new Error('offline-memory.ts has no pipes');
    const lines = createInterface({ input: stdout })[Symbol.asyncIterator]();
    const nextMessage = async () => {
      const line = await lines.next();
      if (line.done === true) throw new Error('offline-memory.ts exited early (see above)');
      return JSON.parse(line.value) as { stage: string } & Partial<OfflineMemory>;
    };
    const started = await nextMessage();
    if (started.stage !== 'started') throw new Error(`unexpected ${JSON.stringify(started)}`);
    await server.kill('SIGKILL');
    stdin.write('go\n');
    const measured = await nextMessage();
    if (measured.stage !== 'measured') throw new Error(`unexpected ${JSON.stringify(measured)}`);
    return measured as unknown as OfflineMemory;
  } finally {
    child?.kill('SIGKILL');
    await rm(localDir, { recursive: true, force: true });
  }
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('model name'));
    if (line !== undefined) return line.split(':')[1]?.trim() ?? 'unknown';
  } catch {
    // Not Linux: fall back to what Node reports.
  }
  return cpus()[0]?.model ?? 'unknown';
}

/** Formats the files this wrote with the repository's formatter, so that lint stays clean. */
function formatWithBiome(paths: string[]): void {
  const biome = join(repositoryRoot, 'node_modules/.bin/biome');
  spawnSync(biome, ['format', '--write', ...paths], { cwd: repositoryRoot, stdio: 'ignore' });
}

const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/** One way of logging the points; `time` logs them to a fresh run. */
interface Variant {
  id: VariantId;
  label: string;
  time: () => Promise<Timing>;
}

type VariantId = 'tracker' | 'log-batch' | 'async' | 'async-buffered' | 'floor';

function pythonTiming(reply: { ms: number; run_id: string }): Timing {
  return { ms: reply.ms, runId: reply.run_id };
}

function buildVariants(
  server: OwnMlflowServer,
  peer: Peer,
  experimentName: string,
  experimentId: string,
): Variant[] {
  const metricChunks = serializeMetricChunks();
  const request = {
    uri: server.uri,
    experiment_id: experimentId,
    keys: keyCount,
    steps: stepCount,
  };
  type Reply = { ms: number; run_id: string };
  return [
    { id: 'tracker', label: 'tracker', time: () => timeTracker(server, experimentName) },
    {
      id: 'log-batch',
      label: 'python log_batch',
      time: async () =>
        pythonTiming(
          await peer.request<Reply>({ command: 'log_batch', ...request, chunk: pointsPerBody }),
        ),
    },
    {
      id: 'async',
      label: 'python async',
      time: async () =>
        pythonTiming(
          await peer.request<Reply>({ command: 'async', ...request, buffering_seconds: null }),
        ),
    },
    {
      id: 'async-buffered',
      label: 'python async, buffered 1 s',
      time: async () =>
        pythonTiming(
          await peer.request<Reply>({ command: 'async', ...request, buffering_seconds: 1 }),
        ),
    },
    {
      id: 'floor',
      label: 'floor (undici)',
      time: () => timeFloor(server, experimentId, metricChunks),
    },
  ];
}

async function main(): Promise<void> {
  const selected = process.env.BENCH_VARIANTS?.split(',').map((id) => id.trim());
  const wanted = (id: string) => selected === undefined || selected.includes(id);
  console.log('Starting a dedicated MLflow server...');
  const server = await startOwnMlflowServer();
  const peer = startPeer();
  try {
    const experimentName = `bench-${randomUUID()}`;
    const setup = await peer.request<{ experiment_id: string; python: string; mlflow: string }>({
      command: 'setup',
      uri: server.uri,
      experiment_name: experimentName,
    });
    const variants = buildVariants(server, peer, experimentName, setup.experiment_id).filter(
      (variant) => wanted(variant.id),
    );
    const timings = new Map<VariantId, number[]>(variants.map((variant) => [variant.id, []]));
    const runIds: string[] = [];
    const loadBefore = loadavg()[0] as number;
    for (let round = 0; round <= rounds; round++) {
      const label = round === 0 ? 'warm-up round' : `round ${round}/${rounds}`;
      for (let index = 0; index < variants.length; index++) {
        const variant = variants[(index + round) % variants.length] as Variant;
        const { ms, runId } = await variant.time();
        runIds.push(runId);
        if (round > 0) timings.get(variant.id)?.push(ms);
        console.log(`${label}: ${variant.label.padEnd(28)} ${ms.toFixed(0).padStart(7)} ms`);
      }
    }
    const loadAfter = loadavg()[0] as number;

    console.log(`Reading back ${runIds.length} runs with the Python client...`);
    const verified = await peer.request<
      { run_id: string; status: string; keys: number; points: number }[]
    >({ command: 'verify', uri: server.uri, run_ids: runIds });
    const incomplete = verified.filter(
      (run) => run.points !== pointsPerRun || run.keys !== keyCount || run.status !== 'FINISHED',
    );

    let offline: OfflineMemory | undefined;
    if (wanted('offline')) {
      const points = (offlineKeys * offlineSteps).toLocaleString('en-US');
      console.log(`Queueing ${points} points for a server that is down...`);
      offline = await measureOfflineMemory(server);
    }

    const medians = new Map([...timings].map(([id, values]) => [id, median(values)]));
    const trackerMs = medians.get('tracker') ?? Number.NaN;
    const floorMs = medians.get('floor') ?? Number.NaN;
    const bestPythonMs = Math.min(
      medians.get('log-batch') ?? Number.NaN,
      medians.get('async') ?? Number.NaN,
    );
    const rows = variants.map((variant) => {
      const ms = medians.get(variant.id) as number;
      return {
        variant: variant.label,
        medianMs: ms,
        pointsPerSecond: pointsPerRun / (ms / 1000),
        versusTracker: ms / trackerMs,
        timingsMs: timings.get(variant.id),
      };
    });
    const growth = offline === undefined ? undefined : memoryGrowth(offline);
    const targets = {
      trackerVersusBestPython: {
        ratio: bestPythonMs / trackerMs,
        target: '≥ 2: the tracker at least 2x faster than the best of python log_batch and async',
        met: bestPythonMs / trackerMs >= 2,
      },
      trackerVersusFloor: {
        ratio: trackerMs / floorMs,
        target: '≤ 1.25',
        met: trackerMs / floorMs <= 1.25,
      },
      offlineMemory: {
        rssGrowthBytes: growth?.rss,
        target: '< 64 MB of RSS growth',
        met: growth !== undefined && growth.rss < offlineMemoryTargetBytes,
      },
    };

    const table = [
      '| Variant | median (ms) | points/s | time / tracker time |',
      '|---|---:|---:|---:|',
      ...rows.map(
        (row) =>
          `| ${row.variant} | ${row.medianMs.toFixed(0)} | ${Math.round(row.pointsPerSecond).toLocaleString('en-US')} | ${row.versusTracker.toFixed(2)} |`,
      ),
    ].join('\n');
    const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
    const targetLines = [
      `- Tracker vs the best of python log_batch and python async: ${targets.trackerVersusBestPython.ratio.toFixed(2)}x faster (target ≥ 2x): ${verdict(targets.trackerVersusBestPython.met)}`,
      `- Tracker / floor: ${targets.trackerVersusFloor.ratio.toFixed(2)} (target ≤ 1.25): ${verdict(targets.trackerVersusFloor.met)}`,
      ...(offline === undefined || growth === undefined
        ? []
        : [
            `- Offline, ${offline.points.toLocaleString('en-US')} points queued for a closed port: RSS +${megabytes(growth.rss)} MB and V8 heap +${megabytes(growth.heap)} MB after a full GC, peak RSS +${megabytes(growth.peakRss)} MB, journal ${megabytes(offline.journalBytes)} MB on disk; logging took ${offline.loggedMs.toFixed(0)} ms, journaling was done after ${offline.settledMs.toFixed(0)} ms (target RSS growth < 64 MB): ${verdict(targets.offlineMemory.met)}`,
          ]),
      `- Read back: ${verified.length - incomplete.length}/${verified.length} runs FINISHED with ${pointsPerRun.toLocaleString('en-US')} points in ${keyCount} keys`,
    ];
    console.log(`\n${table}\n\n${targetLines.join('\n')}\n`);
    if (incomplete.length > 0) {
      console.error(`Runs without every point: ${JSON.stringify(incomplete)}`);
      process.exitCode = 1;
    }
    if (selected !== undefined) {
      console.log('BENCH_VARIANTS is set: a partial run, nothing written.');
      return;
    }

    const machine = {
      cpu: cpuModel(),
      cores: cpus().length,
      node: process.version,
      python: setup.python,
      mlflow: setup.mlflow,
      loadAverage: [loadBefore, loadAfter],
    };
    const date = new Date().toISOString();
    const report = {
      date,
      command,
      keys: keyCount,
      steps: stepCount,
      rounds,
      concurrency,
      machine,
      rows,
      targets,
      offline,
      incompleteRuns: incomplete,
    };
    const resultsDirectory = join(benchDirectory, 'results');
    mkdirSync(resultsDirectory, { recursive: true });
    writeFileSync(join(resultsDirectory, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
    const entry = [
      `\n## ${date.slice(0, 10)}, ${machine.cpu}\n`,
      `- Machine: ${machine.cpu}, ${machine.cores} cores; Node ${machine.node}; Python ${machine.python}; mlflow ${machine.mlflow}; 1-minute load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`,
      `- Command: \`${command}\` (${keyCount} keys × ${stepCount} steps = ${pointsPerRun.toLocaleString('en-US')} points per run, a fresh run each time; median of ${rounds} rounds after a warm-up round)\n`,
      table,
      '',
      ...targetLines,
      '',
    ].join('\n');
    appendFileSync(join(benchDirectory, 'RESULTS.md'), entry);
    formatWithBiome([join(resultsDirectory, 'latest.json'), join(benchDirectory, 'RESULTS.md')]);
    const written = relative(repositoryRoot, join(resultsDirectory, 'latest.json'));
    const appended = relative(repositoryRoot, join(benchDirectory, 'RESULTS.md'));
    console.log(`Wrote ${written} and appended to ${appended}.`);
  } finally {
    peer.close();
    await server.stop();
  }
}

/**
 * `--memory-only`: only the offline memory child, BENCH_MEMORY_RUNS times (default 3, the
 * server restarted in between), against a throwaway server; prints each run and the medians,
 * writes nothing. Memory does not depend on the machine's load the way the timings do, but
 * RSS varies from run to run (V8 and glibc keep part of what was freed after the peak of
 * logging and journaling), hence the repeats. Exits with 1 when the median RSS growth misses the target.
 */
async function measureMemoryOnly(): Promise<void> {
  const runs = Number(process.env.BENCH_MEMORY_RUNS ?? 3);
  console.log('Starting a dedicated MLflow server...');
  const server = await startOwnMlflowServer();
  try {
    const points = (offlineKeys * offlineSteps).toLocaleString('en-US');
    const results: { rss: number; heap: number; external: number; peakRss: number }[] = [];
    for (let index = 1; index <= runs; index++) {
      if (!server.running) await server.restart();
      console.log(`Run ${index}/${runs}: queueing ${points} points for a server that is down...`);
      const offline = await measureOfflineMemory(server);
      const growth = memoryGrowth(offline);
      const external = offline.after.external - offline.before.external;
      results.push({ ...growth, external });
      console.log(
        `  RSS +${megabytes(growth.rss)} MB, V8 heap +${megabytes(growth.heap)} MB and external +${megabytes(external)} MB after a full GC, peak RSS +${megabytes(growth.peakRss)} MB; journal ${megabytes(offline.journalBytes)} MB; logging took ${offline.loggedMs.toFixed(0)} ms`,
      );
    }
    const medianOf = (pick: (result: (typeof results)[number]) => number) =>
      median(results.map(pick));
    const rss = medianOf((result) => result.rss);
    const held = medianOf((result) => result.heap + result.external);
    const range = (pick: (result: (typeof results)[number]) => number) =>
      `${megabytes(Math.min(...results.map(pick)))}..${megabytes(Math.max(...results.map(pick)))}`;
    const met = rss < offlineMemoryTargetBytes;
    const pointCount = offlineKeys * offlineSteps;
    console.log(
      `- Offline, ${points} points queued for a closed port, median of ${runs} runs: RSS +${megabytes(rss)} MB (${range((result) => result.rss)}), V8 heap + external +${megabytes(held)} MB (${range((result) => result.heap + result.external)}) after a full GC = ${(held / pointCount).toFixed(1)} bytes per point, peak RSS +${megabytes(medianOf((result) => result.peakRss))} MB (target RSS growth < 64 MB): ${met ? 'met' : 'NOT met'}`,
    );
    if (!met) process.exitCode = 1;
  } finally {
    await server.stop();
  }
}

if (process.argv.includes('--memory-only')) {
  await measureMemoryOnly();
} else {
  await main();
}
