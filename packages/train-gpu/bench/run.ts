/**
 * Benchmark of train-gpu's trainers against PyTorch: the same dense MLP (64 inputs, hidden
 * [256, 256], 10 classes), the same seeded synthetic data (50 000 rows), the same starting
 * weights and the same batches (batch 256, Adam lr 1e-3, 3 epochs), trained by
 *
 * - the native libtorch addon through Node (`trainMlpNative`, timed around the call),
 * - PyTorch from Python (bench/torch_peer.py; only its training loop is timed, the data
 *   already tensors),
 * - the TypeScript reference trainer (`trainReference`, on the first BENCH_REFERENCE_ROWS
 *   rows, since it is much slower; samples per second make the figures comparable).
 *
 * Native and PyTorch run single-threaded and with one thread per core (`threads` /
 * `torch.set_num_threads`), their rounds alternating so both see the same machine load:
 * one warm-up round each, then BENCH_ROUNDS timed rounds; the table gives medians in samples
 * per second (rows x epochs / seconds) and the ratios native / PyTorch (target >= 0.95) and
 * reference / PyTorch (single-threaded). It also checks that native and PyTorch report the
 * same epoch losses (same weights, same batches). It writes latest.json and appends an entry
 * to RESULTS.md.
 *
 * Run: `pnpm --filter @dagnostics/train-gpu exec tsx --conditions=@dagnostics/source bench/run.ts`
 * (the addon built first with scripts/build-native.sh).
 *
 * Environment (all optional): BENCH_ROWS (50000), BENCH_EPOCHS (3), BENCH_ROUNDS (3),
 * BENCH_REFERENCE_ROWS (5000; 0 skips the reference), BENCH_THREADS (the multi-threaded
 * count, default one per core), BENCH_PYTHON (<repo>/.venv/bin/python), BENCH_TORCH_PEER
 * (bench/torch_peer.py), BENCH_TORCH_CUDA=1 (adds PyTorch on CUDA, for the GPU check),
 * BENCH_RESULTS_DIR (bench/results), BENCH_RESULTS_MD (bench/RESULTS.md), BENCH_COMMAND (the
 * command recorded in the entry). TRAIN_GPU_NATIVE_ADDON picks the addon file.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createRng } from '@dagnostics/core';
import {
  type DenseMlpSpec,
  initWeights,
  loadNative,
  type ModelWeights,
  trainMlpNative,
  trainReference,
} from '../src/index';

const benchDirectory = dirname(fileURLToPath(import.meta.url));
const repositoryRoot = resolve(benchDirectory, '../../..');
const environment = process.env;
const rows = Number(environment.BENCH_ROWS ?? 50_000);
const epochs = Number(environment.BENCH_EPOCHS ?? 3);
const rounds = Number(environment.BENCH_ROUNDS ?? 3);
const referenceRows = Math.min(rows, Number(environment.BENCH_REFERENCE_ROWS ?? 5_000));
const manyThreads = Number(environment.BENCH_THREADS ?? cpus().length);
const python = environment.BENCH_PYTHON ?? join(repositoryRoot, '.venv/bin/python');
const peerScript = environment.BENCH_TORCH_PEER ?? join(benchDirectory, 'torch_peer.py');
const torchCuda = environment.BENCH_TORCH_CUDA === '1';
const resultsDirectory = environment.BENCH_RESULTS_DIR ?? join(benchDirectory, 'results');
const resultsMarkdown = environment.BENCH_RESULTS_MD ?? join(benchDirectory, 'RESULTS.md');
const command =
  environment.BENCH_COMMAND ??
  'pnpm --filter @dagnostics/train-gpu exec tsx --conditions=@dagnostics/source bench/run.ts';
const spec: DenseMlpSpec = { kind: 'mlp', inputs: 64, hidden: [256, 256], classes: 10 };
const batchSize = 256;
const learningRate = 1e-3;
const target = 0.95;
/** Largest difference allowed between native and PyTorch epoch losses (float32 math). */
const lossTolerance = 1e-3;

/** Ten Gaussian clusters in 64 dimensions, overlapping enough that the loss keeps falling. */
function generateData(): { features: Float32Array; labels: Int32Array; order: Int32Array } {
  const rng = createRng(20261127);
  const centres = Float32Array.from({ length: spec.classes * spec.inputs }, () => rng.normal());
  const features = new Float32Array(rows * spec.inputs);
  const labels = new Int32Array(rows);
  for (let row = 0; row < rows; row += 1) {
    const label = rng.int(0, spec.classes - 1);
    labels[row] = label;
    for (let column = 0; column < spec.inputs; column += 1) {
      const centre = centres[label * spec.inputs + column] as number;
      features[row * spec.inputs + column] = centre + 4 * rng.normal();
    }
  }
  const order = new Int32Array(epochs * rows);
  const shuffle = rng.fork('shuffle');
  for (let epoch = 0; epoch < epochs; epoch += 1)
    order.set(shuffle.permutation(rows), epoch * rows);
  return { features, labels, order };
}

interface PeerAnswer {
  readonly seconds: number;
  readonly epochLosses: number[];
  readonly threads: number;
}

interface PeerInfo {
  readonly torch: string;
  readonly numpy: string;
  readonly python: string;
  readonly cuda: boolean;
  readonly cudaDevice: string | null;
}

/** The Python side: one process, asked for one training run (or its versions) at a time. */
function startPeer(headerPath: string): {
  ask: <T>(line: string) => Promise<T>;
  close: () => void;
} {
  const child = spawn(python, [peerScript, headerPath], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    ask: async <T>(line: string): Promise<T> => {
      child.stdin.write(`${line}\n`);
      const next = await lines.next();
      if (next.done === true) throw new Error(`torch_peer.py exited while answering "${line}"`);
      const answer = JSON.parse(next.value) as T & { error?: string };
      if (answer.error !== undefined) throw new Error(`torch_peer.py: ${answer.error}`);
      return answer;
    },
    close: () => {
      child.stdin.end('quit\n');
    },
  };
}

function writeJob(
  directory: string,
  data: ReturnType<typeof generateData>,
  weights: ModelWeights,
): string {
  const file = (name: string, array: Float32Array | Int32Array): string => {
    const path = join(directory, name);
    writeFileSync(path, new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
    return path;
  };
  const flat: number[] = [];
  for (const layer of weights.layers) flat.push(...layer.weight, ...layer.bias);
  const header = {
    rows,
    inputs: spec.inputs,
    epochs,
    batchSize,
    learningRate,
    features: file('features.f32', data.features),
    labels: file('labels.i32', data.labels),
    order: file('order.i32', data.order),
    weights: file('weights.f32', Float32Array.from(flat)),
    layers: weights.layers.map((layer) => [layer.inFeatures, layer.outFeatures]),
  };
  const headerPath = join(directory, 'job.json');
  writeFileSync(headerPath, JSON.stringify(header));
  return headerPath;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

interface Row {
  readonly trainer: string;
  readonly threads: number;
  readonly rows: number;
  readonly seconds: number[];
  readonly samplesPerSecond: number;
  readonly epochLosses: number[];
}

function toRow(
  trainer: string,
  threads: number,
  trainedRows: number,
  seconds: number[],
  losses: number[],
): Row {
  const samplesPerSecond = (trainedRows * epochs) / median(seconds);
  return { trainer, threads, rows: trainedRows, seconds, samplesPerSecond, epochLosses: losses };
}

/** A Markdown table laid out as Biome formats it: first column left-aligned, others right. */
function markdownTable(header: readonly string[], body: readonly string[][]): string[] {
  const widths = header.map((title, column) =>
    Math.max(3, title.length, ...body.map((cells) => (cells[column] ?? '').length)),
  );
  const line = (cells: readonly string[], header = false): string =>
    `| ${cells
      .map((cell, column) => {
        const width = widths[column] as number;
        return column === 0 || header ? cell.padEnd(width) : cell.padStart(width);
      })
      .join(' | ')} |`;
  const rule = `| ${widths
    .map((width, column) => (column === 0 ? '-'.repeat(width) : `${'-'.repeat(width - 1)}:`))
    .join(' | ')} |`;
  return [line(header, true), rule, ...body.map((cells) => line(cells))];
}

function machine(): string {
  const lscpu = spawnSync('lscpu', [], { encoding: 'utf8' });
  const model = /Model name:\s*(.+)/.exec(lscpu.stdout ?? '')?.[1]?.trim() ?? cpus()[0]?.model;
  return `${model ?? 'unknown CPU'}, ${String(cpus().length)} cores`;
}

async function main(): Promise<void> {
  const addon = loadNative();
  const nativeVersion = addon.version();
  const data = generateData();
  const weights = initWeights(spec, 7);
  const workDirectory = join(tmpdir(), `train-gpu-bench-${String(process.pid)}`);
  mkdirSync(workDirectory, { recursive: true });
  const peer = startPeer(writeJob(workDirectory, data, weights));
  const load = { before: loadavg()[0] ?? 0, after: 0 };
  const rowsOut: Row[] = [];
  const lossChecks: { threads: number; maxDifference: number }[] = [];
  try {
    const info = await peer.ask<PeerInfo>('info');
    const native = async (threads: number): Promise<{ seconds: number; losses: number[] }> => {
      const started = performance.now();
      const result = await trainMlpNative({
        weights,
        features: data.features,
        labels: data.labels,
        epochs,
        batchSize,
        threads,
        order: (epoch) => data.order.subarray(epoch * rows, (epoch + 1) * rows),
        optimizer: { kind: 'adam', learningRate },
        addon,
      });
      return { seconds: (performance.now() - started) / 1000, losses: result.epochLosses };
    };
    for (const threads of [...new Set([1, manyThreads])]) {
      const nativeSeconds: number[] = [];
      const torchSeconds: number[] = [];
      let nativeLosses: number[] = [];
      let torchLosses: number[] = [];
      for (let round = 0; round <= rounds; round += 1) {
        const ours = await native(threads);
        const theirs = await peer.ask<PeerAnswer>(`train ${String(threads)} cpu`);
        if (round === 0) continue; // warm-up
        nativeSeconds.push(ours.seconds);
        torchSeconds.push(theirs.seconds);
        nativeLosses = ours.losses;
        torchLosses = theirs.epochLosses;
      }
      const maxDifference = Math.max(
        ...nativeLosses.map((loss, epoch) => Math.abs(loss - (torchLosses[epoch] ?? Number.NaN))),
      );
      lossChecks.push({ threads, maxDifference });
      rowsOut.push(toRow('native (libtorch via Node)', threads, rows, nativeSeconds, nativeLosses));
      rowsOut.push(toRow('PyTorch (Python)', threads, rows, torchSeconds, torchLosses));
      console.log(`threads ${String(threads)}: done`);
    }
    if (torchCuda && info.cuda) {
      const seconds: number[] = [];
      let losses: number[] = [];
      for (let round = 0; round <= rounds; round += 1) {
        const answer = await peer.ask<PeerAnswer>(`train ${String(manyThreads)} cuda`);
        if (round > 0) seconds.push(answer.seconds);
        losses = answer.epochLosses;
      }
      rowsOut.push(
        toRow(`PyTorch (Python, ${info.cudaDevice ?? 'cuda'})`, 0, rows, seconds, losses),
      );
    }
    if (referenceRows > 0) {
      const seconds: number[] = [];
      let losses: number[] = [];
      for (let round = 0; round <= rounds; round += 1) {
        const started = performance.now();
        const result = await trainReference({
          weights,
          features: data.features.subarray(0, referenceRows * spec.inputs),
          labels: data.labels.subarray(0, referenceRows),
          epochs,
          batchSize,
          seed: 7,
          optimizer: { kind: 'adam', learningRate },
        });
        if (round > 0) seconds.push((performance.now() - started) / 1000);
        losses = result.epochs.map((record) => record.loss);
      }
      rowsOut.push(toRow('TypeScript reference', 1, referenceRows, seconds, losses));
    }
    load.after = loadavg()[0] ?? 0;
    report(info, nativeVersion.torchVersion, rowsOut, lossChecks, load);
  } finally {
    peer.close();
    rmSync(workDirectory, { recursive: true, force: true });
  }
}

function report(
  info: PeerInfo,
  nativeTorch: string,
  rowsOut: readonly Row[],
  lossChecks: readonly { threads: number; maxDifference: number }[],
  load: { before: number; after: number },
): void {
  const torchAt = (threads: number): number =>
    rowsOut.find((row) => row.trainer === 'PyTorch (Python)' && row.threads === threads)
      ?.samplesPerSecond ?? Number.NaN;
  const ratioOf = (row: Row): number => row.samplesPerSecond / torchAt(row.threads);
  const nativeRatios = rowsOut
    .filter((row) => row.trainer.startsWith('native'))
    .map((row) => ({ threads: row.threads, ratio: ratioOf(row) }));
  const lossesAgree = lossChecks.every((check) => check.maxDifference <= lossTolerance);
  const met = nativeRatios.every((entry) => entry.ratio >= target);
  const verdict = `${met ? 'MET' : 'NOT MET'}: native / PyTorch ${nativeRatios
    .map(
      (entry) =>
        `${entry.ratio.toFixed(2)} (${String(entry.threads)} thread${entry.threads === 1 ? '' : 's'})`,
    )
    .join(', ')}, target >= ${String(target)}; epoch losses native vs PyTorch ${
    lossesAgree ? 'agree' : 'DIFFER'
  } (max difference ${Math.max(...lossChecks.map((check) => check.maxDifference)).toExponential(1)}, tolerance ${String(lossTolerance)})`;
  const lines = markdownTable(
    ['Trainer', 'threads', 'rows', 'samples/s (median)', 'vs PyTorch', 'last epoch loss'],
    rowsOut.map((row) => [
      row.trainer,
      row.threads === 0 ? 'GPU' : String(row.threads),
      String(row.rows),
      Math.round(row.samplesPerSecond).toLocaleString('en-US'),
      row.trainer.startsWith('PyTorch (Python,') ? '—' : ratioOf(row).toFixed(2),
      (row.epochLosses.at(-1) ?? Number.NaN).toFixed(4),
    ]),
  );
  console.log(lines.join('\n'));
  console.log(verdict);
  const versions = `Node ${process.version}; native addon on libtorch ${nativeTorch}; Python ${info.python}, torch ${info.torch}, numpy ${info.numpy}`;
  const entry = {
    date: new Date().toISOString(),
    machine: machine(),
    cudaDevice: info.cudaDevice,
    versions,
    command,
    settings: { spec, rows, referenceRows, epochs, batchSize, learningRate, rounds, warmUp: 1 },
    load,
    rows: rowsOut,
    nativeRatios,
    lossChecks,
    verdict,
  };
  mkdirSync(resultsDirectory, { recursive: true });
  writeFileSync(join(resultsDirectory, 'latest.json'), `${JSON.stringify(entry, null, 2)}\n`);
  if (!existsSync(resultsMarkdown)) writeFileSync(resultsMarkdown, resultsHeader);
  appendFileSync(
    resultsMarkdown,
    [
      '',
      `## ${entry.date.slice(0, 10)}, ${entry.machine}${info.cudaDevice ? ` + ${info.cudaDevice}` : ''}`,
      '',
      `- Machine: ${entry.machine}; 1-minute load average ${load.before.toFixed(2)} before, ${load.after.toFixed(2)} after`,
      `- Versions: ${versions}`,
      `- Command: \`${command}\` (${String(rows)} rows, reference on ${String(referenceRows)}; ${String(epochs)} epochs; median of ${String(rounds)} rounds after 1 warm-up)`,
      '',
      ...lines,
      '',
      `Verdict: ${verdict}.`,
      '',
    ].join('\n'),
  );
}

const resultsHeader = `# Benchmark results: train-gpu trainers vs PyTorch

\`pnpm --filter @dagnostics/train-gpu exec tsx --conditions=@dagnostics/source bench/run.ts\`
(bench/run.ts) trains one dense MLP (64 inputs, hidden [256, 256], ReLU, 10 classes) on the
same seeded synthetic data (50 000 rows, ten Gaussian clusters), from the same starting
weights and with the same batches (batch 256, each epoch's row order shared), with Adam
(lr 1e-3) for 3 epochs, three ways in one run:

- **native**: the libtorch addon through Node (\`trainMlpNative\`), timed around the call
  (validation, copies into and out of libtorch included);
- **PyTorch**: bench/torch_peer.py in the repository's .venv, timing only the training loop
  (data already tensors);
- **TypeScript reference** (\`trainReference\`), on the first 5 000 rows only (it is much
  slower); samples per second make it comparable.

Native and PyTorch run with 1 thread and with one thread per core (\`threads\` /
\`torch.set_num_threads\`), their rounds alternating so that both see the same load: one
warm-up round, then the median of 3 rounds, in samples per second (rows x epochs / s).
"vs PyTorch" is samples/s over PyTorch's at the same thread count (the reference against
single-threaded PyTorch); the target for native is >= 0.95. Since both start from the same
weights and see the same batches, their epoch losses must agree (to 1e-3), which the run
checks. Compare entries only from the same machine; results/latest.json keeps every round.
Entries from the GPU machine come from scripts/gpu-check.sh (its RESULTS-entry.md, pasted
here); they add PyTorch on CUDA, and native on CUDA once the addon has a CUDA path.
`;

await main();
