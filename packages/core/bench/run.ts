/**
 * Benchmark of the array kernels of @dagnostics/core/stats against numpy, on the same
 * 10 million float64 values.
 *
 * Run with `pnpm --filter @dagnostics/core bench`. It writes the data to a temporary file
 * and starts packages/core/bench/numpy_peer.py (with the repository's .venv Python), which
 * loads the same data. It checks that `quantiles` / `histogramBinEdges` and
 * `np.quantile` / `np.histogram_bin_edges` return the same numbers, then alternates timed
 * rounds of ours and numpy's (so that both see the same machine load), prints a table of
 * medians with the ratio ours / numpy, writes bench/results/latest.json and appends a dated
 * entry to bench/RESULTS.md.
 *
 * Environment (all optional): BENCH_SIZE (default 10000000), BENCH_REPETITIONS (timed
 * rounds, default 9), BENCH_PYTHON (default <repo>/.venv/bin/python).
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type BinEstimator, histogramBinEdges, quantiles } from '@dagnostics/core/stats';

const benchDirectory = dirname(fileURLToPath(import.meta.url));
const repositoryRoot = resolve(benchDirectory, '../../..');
const size = Number(process.env.BENCH_SIZE ?? 10_000_000);
const repetitions = Number(process.env.BENCH_REPETITIONS ?? 9);
/** Untimed rounds first, so that both sides run warm (JIT-compiled, caches and pages hot). */
const warmUpRounds = 5;
const python = process.env.BENCH_PYTHON ?? join(repositoryRoot, '.venv/bin/python');
const qs = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];
const binChoices: (BinEstimator | number)[] = ['auto', 'fd', 'sturges', 'doane', 50];

/**
 * Deterministic data: a 64-bit xorshift* generator feeding a mixture of a normal body
 * (Box–Muller) and a lognormal right tail, so that quantiles and skewness-based bin rules
 * see something less regular than uniform noise.
 */
function generateData(count: number): Float64Array {
  let state = 0x9e3779b97f4a7c15n;
  const mask = (1n << 64n) - 1n;
  const uniform = (): number => {
    state ^= state >> 12n;
    state ^= (state << 25n) & mask;
    state ^= state >> 27n;
    const output = (state * 0x2545f4914f6cdd1dn) & mask;
    return (Number(output >> 11n) + 0.5) / 2 ** 53;
  };
  const data = new Float64Array(count);
  for (let i = 0; i < count; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(uniform()));
    const angle = 2 * Math.PI * uniform();
    const first = radius * Math.cos(angle);
    const second = radius * Math.sin(angle);
    data[i] = i % 10 === 0 ? Math.exp(1.5 + first) : 100 + 15 * first;
    if (i + 1 < count) data[i + 1] = 100 + 15 * second;
  }
  return data;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** A numpy process answering one JSON line per command (see numpy_peer.py). */
interface Peer {
  request<Reply>(command: string): Promise<Reply>;
  close(): void;
}

interface PeerOutputs {
  numpy: string;
  size: number;
  outputs: Record<string, number[]>;
}

function startPeer(dataFile: string): Peer {
  const environment = { ...process.env };
  // Leave BLAS to detect the machine itself.
  delete environment.OPENBLAS_CORETYPE;
  delete environment.OPENBLAS_L2_SIZE;
  const child = spawn(
    python,
    [
      join(benchDirectory, 'numpy_peer.py'),
      dataFile,
      '--qs',
      qs.join(','),
      '--bins',
      binChoices.join(','),
    ],
    { env: environment, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async request<Reply>(command: string): Promise<Reply> {
      child.stdin.write(`${command}\n`);
      const line = await lines.next();
      if (line.done === true) {
        throw new Error(`The numpy peer (${python}) exited early; is the .venv installed?`);
      }
      return JSON.parse(line.value) as Reply;
    },
    close(): void {
      child.stdin.end('quit\n');
    },
  };
}

/** Largest relative difference between two outputs, or Infinity when their lengths differ. */
function largestDifference(ours: ArrayLike<number>, theirs: readonly number[]): number {
  if (ours.length !== theirs.length) return Number.POSITIVE_INFINITY;
  let largest = 0;
  for (let i = 0; i < theirs.length; i++) {
    const a = ours[i] as number;
    const b = theirs[i] as number;
    const difference = a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(b), Number.MIN_VALUE);
    largest = Math.max(largest, difference);
  }
  return largest;
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

/**
 * Runs the repository's formatter over the files this wrote, so that `pnpm lint` stays
 * clean (Biome also formats Markdown tables and JSON). Skipped if Biome is not installed.
 */
function formatWithBiome(paths: string[]): void {
  const biome = join(repositoryRoot, 'node_modules/.bin/biome');
  spawnSync(biome, ['format', '--write', ...paths], { cwd: repositoryRoot, stdio: 'ignore' });
}

async function main(): Promise<void> {
  console.log(`Generating ${size.toLocaleString('en-US')} float64 values...`);
  const data = generateData(size);
  const dataFile = join(tmpdir(), `dagnostics-bench-${process.pid}.bin`);
  writeFileSync(dataFile, new Uint8Array(data.buffer));

  const tasks = new Map<string, () => ArrayLike<number>>([
    ['quantiles', () => quantiles(data, qs)],
  ]);
  for (const bins of binChoices) {
    tasks.set(`histogramBinEdges(${bins})`, () => histogramBinEdges(data, bins));
  }
  const ourTimings = new Map<string, number[]>([...tasks.keys()].map((name) => [name, []]));
  const numpyTimings = new Map<string, number[]>([...tasks.keys()].map((name) => [name, []]));
  const loadBefore = loadavg()[0] as number;

  const peer = startPeer(dataFile);
  let reference: PeerOutputs;
  try {
    reference = await peer.request<PeerOutputs>('outputs');
    for (let round = 0; round < warmUpRounds + repetitions; round++) {
      for (const [name, task] of tasks) {
        const start = performance.now();
        task();
        if (round >= warmUpRounds) ourTimings.get(name)?.push(performance.now() - start);
      }
      const theirs = await peer.request<Record<string, number>>('round');
      if (round >= warmUpRounds) {
        for (const name of tasks.keys()) numpyTimings.get(name)?.push(theirs[name] as number);
      }
    }
  } finally {
    peer.close();
    rmSync(dataFile, { force: true });
  }
  const loadAfter = loadavg()[0] as number;

  const rows = [...tasks].map(([task, run]) => {
    const oursMs = median(ourTimings.get(task) ?? []);
    const numpyMs = median(numpyTimings.get(task) ?? []);
    const difference = largestDifference(run(), reference.outputs[task] ?? []);
    return {
      task,
      oursMs,
      numpyMs,
      ratio: oursMs / numpyMs,
      agree: difference <= 1e-12,
      largestRelativeDifference: difference,
      oursTimingsMs: ourTimings.get(task),
      numpyTimingsMs: numpyTimings.get(task),
    };
  });

  const header = '| Task | ours (ms) | numpy (ms) | ours / numpy | outputs agree |';
  const separator = '|---|---:|---:|---:|---|';
  const lines = rows.map((row) => {
    const agreement = row.agree
      ? 'yes'
      : `NO (max rel diff ${row.largestRelativeDifference.toExponential(2)})`;
    return `| ${row.task} | ${row.oursMs.toFixed(1)} | ${row.numpyMs.toFixed(1)} | ${row.ratio.toFixed(2)} | ${agreement} |`;
  });
  const table = [header, separator, ...lines].join('\n');
  console.log(`\n${table}\n`);

  const machine = {
    cpu: cpuModel(),
    cores: cpus().length,
    node: process.version,
    numpy: reference.numpy,
    loadAverage: [loadBefore, loadAfter],
  };
  const command = 'pnpm --filter @dagnostics/core bench';
  const date = new Date().toISOString();
  const report = { date, command, size, repetitions, warmUpRounds, qs, machine, rows };
  const resultsDirectory = join(benchDirectory, 'results');
  mkdirSync(resultsDirectory, { recursive: true });
  writeFileSync(join(resultsDirectory, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);

  const entry = [
    `\n## ${date.slice(0, 10)}, ${machine.cpu}\n`,
    `- Machine: ${machine.cpu}, ${machine.cores} cores; Node ${machine.node}; numpy ${machine.numpy}; 1-minute load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`,
    `- Command: \`${command}\` (${size.toLocaleString('en-US')} float64 values; median of ${repetitions} alternating rounds after ${warmUpRounds} warm-up rounds)`,
    `- Quantiles: ${qs.join(', ')}\n`,
    table,
    '',
  ].join('\n');
  appendFileSync(join(benchDirectory, 'RESULTS.md'), entry);
  formatWithBiome([join(resultsDirectory, 'latest.json'), join(benchDirectory, 'RESULTS.md')]);
  const written = relative(repositoryRoot, join(resultsDirectory, 'latest.json'));
  const appended = relative(repositoryRoot, join(benchDirectory, 'RESULTS.md'));
  console.log(`Wrote ${written} and appended to ${appended}.`);
  if (rows.some((row) => !row.agree)) process.exitCode = 1;
}

await main();
