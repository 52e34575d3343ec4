/**
 * Benchmark of train-gpu's trainers against PyTorch, on two models:
 *
 * - **MLP**: a dense MLP (64 inputs, hidden [256, 256], 10 classes) on seeded Gaussian
 *   clusters (BENCH_ROWS rows);
 * - **text classifier** (the reference application's model): EmbeddingBag(mean) over hashed
 *   token ids (vocabulary 65 536, dimension 32), hidden [64], 8 classes, on seeded bags of
 *   5 to 40 token ids whose distribution depends on the class (BENCH_TEXT_ROWS rows).
 *
 * Each model is trained from the same starting weights with the same batches (batch 256,
 * Adam lr 1e-3, BENCH_EPOCHS epochs) by
 *
 * - the native libtorch addon through Node (`trainNative`, timed around the call),
 * - PyTorch from Python (bench/torch_peer.py; only its training loop is timed, the data
 *   already tensors; a text batch's bags are gathered with tensor operations, no loop over
 *   rows; the embedding table has dense gradients, as in the addon),
 * - the TypeScript reference trainer (`trainReference`, on the first BENCH_REFERENCE_ROWS /
 *   BENCH_TEXT_REFERENCE_ROWS rows, since it is much slower; samples per second make the
 *   figures comparable).
 *
 * Native and PyTorch run single-threaded and with one thread per core (`threads` /
 * `torch.set_num_threads`), their rounds alternating so both see the same machine load:
 * one warm-up round each, then BENCH_ROUNDS timed rounds; the table gives medians in samples
 * per second (rows x epochs / seconds) and the ratios native / PyTorch (target >= 0.95, for
 * every native row of both models) and reference / PyTorch (single-threaded). It also checks
 * that native and PyTorch report the same epoch losses (same weights, same batches). It
 * writes latest.json and appends an entry to RESULTS.md.
 *
 * Run: `pnpm --filter @dagnostics/train-gpu exec tsx --conditions=@dagnostics/source bench/run.ts`
 * (the addon built first with scripts/build-native.sh).
 *
 * Environment (all optional): BENCH_MODELS (`mlp,text`: which models run), BENCH_ROWS
 * (50000, MLP), BENCH_TEXT_ROWS (20000), BENCH_EPOCHS (3), BENCH_ROUNDS (3),
 * BENCH_REFERENCE_ROWS (MLP, 5000; 0 skips the reference), BENCH_TEXT_REFERENCE_ROWS (500;
 * 0 skips), BENCH_THREADS (the multi-threaded count, default one per core), BENCH_PYTHON
 * (<repo>/.venv/bin/python), BENCH_TORCH_PEER (bench/torch_peer.py), BENCH_TORCH_CUDA=1
 * (adds PyTorch on CUDA, and the addon on CUDA where its libtorch sees the GPU, for the GPU
 * check), BENCH_RESULTS_DIR (bench/results), BENCH_RESULTS_MD (bench/RESULTS.md),
 * BENCH_COMMAND (the command recorded in the entry). TRAIN_GPU_NATIVE_ADDON picks the addon
 * file.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createRng, type Rng } from '@dagnostics/core';
import {
  type DenseMlpSpec,
  type Features,
  initWeights,
  loadNative,
  type ModelWeights,
  type NativeAddon,
  type TextClassifierSpec,
  type TokenBags,
  trainNative,
  trainReference,
} from '../src/index';

const benchDirectory = dirname(fileURLToPath(import.meta.url));
const repositoryRoot = resolve(benchDirectory, '../../..');
const environment = process.env;
const epochs = Number(environment.BENCH_EPOCHS ?? 3);
const rounds = Number(environment.BENCH_ROUNDS ?? 3);
const manyThreads = Number(environment.BENCH_THREADS ?? cpus().length);
const python = environment.BENCH_PYTHON ?? join(repositoryRoot, '.venv/bin/python');
const peerScript = environment.BENCH_TORCH_PEER ?? join(benchDirectory, 'torch_peer.py');
const torchCuda = environment.BENCH_TORCH_CUDA === '1';
const resultsDirectory = environment.BENCH_RESULTS_DIR ?? join(benchDirectory, 'results');
const resultsMarkdown = environment.BENCH_RESULTS_MD ?? join(benchDirectory, 'RESULTS.md');
const command =
  environment.BENCH_COMMAND ??
  'pnpm --filter @dagnostics/train-gpu exec tsx --conditions=@dagnostics/source bench/run.ts';
const batchSize = 256;
const learningRate = 1e-3;
const target = 0.95;
/** Largest difference allowed between native and PyTorch epoch losses (float32 math). */
const lossTolerance = 1e-3;

/** The models the benchmark knows, by the names BENCH_MODELS and the Python peer use. */
const modelNames = ['mlp', 'text'] as const;
type ModelName = (typeof modelNames)[number];
const modelTitles: Record<ModelName, string> = { mlp: 'MLP', text: 'text classifier' };

/** One model's benchmark: its spec, starting weights, data and each epoch's row order. */
interface Workload {
  readonly name: ModelName;
  readonly weights: ModelWeights;
  readonly rows: number;
  readonly referenceRows: number;
  readonly features: Features;
  readonly labels: Int32Array;
  /** `[epochs * rows]`: each epoch's row order, shared by every trainer but the reference. */
  readonly order: Int32Array;
}

function selectedModels(): ModelName[] {
  const names = (environment.BENCH_MODELS ?? modelNames.join(','))
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => !(modelNames as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new Error(
      `BENCH_MODELS=${environment.BENCH_MODELS ?? ''}: expected a comma-separated list of ${modelNames.join(', ')}.`,
    );
  }
  return modelNames.filter((name) => names.includes(name));
}

function epochOrders(rng: Rng, rows: number): Int32Array {
  const order = new Int32Array(epochs * rows);
  const shuffle = rng.fork('shuffle');
  for (let epoch = 0; epoch < epochs; epoch += 1)
    order.set(shuffle.permutation(rows), epoch * rows);
  return order;
}

/** Ten Gaussian clusters in 64 dimensions, overlapping enough that the loss keeps falling. */
function mlpWorkload(): Workload {
  const spec: DenseMlpSpec = { kind: 'mlp', inputs: 64, hidden: [256, 256], classes: 10 };
  const rows = Number(environment.BENCH_ROWS ?? 50_000);
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
  return {
    name: 'mlp',
    weights: initWeights(spec, 7),
    rows,
    referenceRows: Math.min(rows, Number(environment.BENCH_REFERENCE_ROWS ?? 5_000)),
    features,
    labels,
    order: epochOrders(rng, rows),
  };
}

/**
 * Bags of 5 to 40 token ids, like hashed log lines: each id is, with probability 0.4, one
 * of its class's 256 topic ids, with 0.3 one of 2048 ids common to every class, else any
 * id of the vocabulary, so that the loss falls but the classes overlap.
 */
function textWorkload(): Workload {
  const spec: TextClassifierSpec = {
    kind: 'text-classifier',
    vocabularySize: 65_536,
    embeddingDim: 32,
    hidden: [64],
    classes: 8,
  };
  const rows = Number(environment.BENCH_TEXT_ROWS ?? 20_000);
  const rng = createRng(20261128);
  const anyId = (): number => rng.int(0, spec.vocabularySize - 1);
  const topics = Int32Array.from({ length: spec.classes * 256 }, anyId);
  const common = Int32Array.from({ length: 2048 }, anyId);
  const labels = new Int32Array(rows);
  const offsets = new Int32Array(rows);
  const ids: number[] = [];
  for (let row = 0; row < rows; row += 1) {
    const label = rng.int(0, spec.classes - 1);
    labels[row] = label;
    offsets[row] = ids.length;
    const length = rng.int(5, 40);
    for (let token = 0; token < length; token += 1) {
      const draw = rng.float();
      ids.push(
        draw < 0.4
          ? (topics[label * 256 + rng.int(0, 255)] as number)
          : draw < 0.7
            ? (common[rng.int(0, common.length - 1)] as number)
            : anyId(),
      );
    }
  }
  return {
    name: 'text',
    weights: initWeights(spec, 7),
    rows,
    referenceRows: Math.min(rows, Number(environment.BENCH_TEXT_REFERENCE_ROWS ?? 500)),
    features: { ids: Int32Array.from(ids), offsets },
    labels,
    order: epochOrders(rng, rows),
  };
}

/** The first `rows` rows of the features, for the reference trainer. */
function firstRows(workload: Workload, rows: number): Features {
  const { features, weights } = workload;
  if (features instanceof Float32Array) {
    const inputs = weights.layers[0]?.inFeatures ?? 0;
    return features.subarray(0, rows * inputs);
  }
  const bags: TokenBags = features;
  const end = rows < bags.offsets.length ? (bags.offsets[rows] as number) : bags.ids.length;
  return { ids: bags.ids.subarray(0, end), offsets: bags.offsets.subarray(0, rows) };
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

/** Writes each workload's arrays as raw files and the header torch_peer.py reads. */
function writeJobs(directory: string, workloads: readonly Workload[]): string {
  const jobs: Record<string, unknown> = {};
  for (const workload of workloads) {
    const { name, weights, features } = workload;
    const file = (suffix: string, array: Float32Array | Int32Array): string => {
      const path = join(directory, `${name}-${suffix}`);
      writeFileSync(path, new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
      return path;
    };
    const flat: number[] = [];
    for (const layer of weights.layers) flat.push(...layer.weight, ...layer.bias);
    const layers = Float32Array.from(flat);
    const parameters = new Float32Array((weights.embedding?.length ?? 0) + layers.length);
    parameters.set(weights.embedding ?? new Float32Array(0));
    parameters.set(layers, weights.embedding?.length ?? 0);
    const { spec } = weights;
    jobs[name] = {
      kind: spec.kind,
      rows: workload.rows,
      epochs,
      batchSize,
      learningRate,
      ...(features instanceof Float32Array
        ? {
            inputs: spec.kind === 'mlp' ? spec.inputs : 0,
            features: file('features.f32', features),
          }
        : {
            vocabularySize: spec.kind === 'text-classifier' ? spec.vocabularySize : 0,
            embeddingDim: spec.kind === 'text-classifier' ? spec.embeddingDim : 0,
            ids: file('ids.i32', features.ids),
            offsets: file('offsets.i32', features.offsets),
          }),
      labels: file('labels.i32', workload.labels),
      order: file('order.i32', workload.order),
      weights: file('weights.f32', parameters),
      layers: weights.layers.map((layer) => [layer.inFeatures, layer.outFeatures]),
    };
  }
  const headerPath = join(directory, 'job.json');
  writeFileSync(headerPath, JSON.stringify({ jobs }));
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
  readonly model: ModelName;
  readonly trainer: string;
  readonly threads: number;
  readonly rows: number;
  readonly seconds: number[];
  readonly samplesPerSecond: number;
  readonly epochLosses: number[];
}

interface LossCheck {
  readonly model: ModelName;
  /** 0 for the GPU rows. */
  readonly threads: number;
  readonly maxDifference: number;
}

function toRow(
  model: ModelName,
  trainer: string,
  threads: number,
  trainedRows: number,
  seconds: number[],
  losses: number[],
): Row {
  const samplesPerSecond = (trainedRows * epochs) / median(seconds);
  return {
    model,
    trainer,
    threads,
    rows: trainedRows,
    seconds,
    samplesPerSecond,
    epochLosses: losses,
  };
}

const maxLossDifference = (ours: readonly number[], theirs: readonly number[]): number =>
  Math.max(...ours.map((loss, epoch) => Math.abs(loss - (theirs[epoch] ?? Number.NaN))));

/**
 * A Markdown table laid out as Biome formats it: the first `leftColumns` columns
 * left-aligned, the others right-aligned.
 */
function markdownTable(
  header: readonly string[],
  body: readonly string[][],
  leftColumns: number,
): string[] {
  const widths = header.map((title, column) =>
    Math.max(3, title.length, ...body.map((cells) => (cells[column] ?? '').length)),
  );
  // Right-aligned columns pad their header on the left too, as the Markdown formatter does.
  const line = (cells: readonly string[]): string =>
    `| ${cells
      .map((cell, column) => {
        const width = widths[column] as number;
        return column < leftColumns ? cell.padEnd(width) : cell.padStart(width);
      })
      .join(' | ')} |`;
  const rule = `| ${widths
    .map((width, column) =>
      column < leftColumns ? '-'.repeat(width) : `${'-'.repeat(width - 1)}:`,
    )
    .join(' | ')} |`;
  return [line(header), rule, ...body.map((cells) => line(cells))];
}

function machine(): string {
  const lscpu = spawnSync('lscpu', [], { encoding: 'utf8' });
  const model = /Model name:\s*(.+)/.exec(lscpu.stdout ?? '')?.[1]?.trim() ?? cpus()[0]?.model;
  return `${model ?? 'unknown CPU'}, ${String(cpus().length)} cores`;
}

type Peer = ReturnType<typeof startPeer>;

/** One model: native vs PyTorch on the CPU (and CUDA), then the reference; rows and checks. */
async function benchmark(
  workload: Workload,
  peer: Peer,
  info: PeerInfo,
  addon: NativeAddon,
): Promise<{ rows: Row[]; lossChecks: LossCheck[] }> {
  const { name, weights, rows } = workload;
  const rowsOut: Row[] = [];
  const lossChecks: LossCheck[] = [];
  const native = async (
    threads: number,
    device: 'cpu' | 'cuda' = 'cpu',
  ): Promise<{ seconds: number; losses: number[] }> => {
    const started = performance.now();
    const result = await trainNative({
      device,
      weights,
      features: workload.features,
      labels: workload.labels,
      epochs,
      batchSize,
      threads,
      order: (epoch) => workload.order.subarray(epoch * rows, (epoch + 1) * rows),
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
      const theirs = await peer.ask<PeerAnswer>(`train ${String(threads)} cpu ${name}`);
      if (round === 0) continue; // warm-up
      nativeSeconds.push(ours.seconds);
      torchSeconds.push(theirs.seconds);
      nativeLosses = ours.losses;
      torchLosses = theirs.epochLosses;
    }
    lossChecks.push({
      model: name,
      threads,
      maxDifference: maxLossDifference(nativeLosses, torchLosses),
    });
    rowsOut.push(
      toRow(name, 'native (libtorch via Node)', threads, rows, nativeSeconds, nativeLosses),
    );
    rowsOut.push(toRow(name, 'PyTorch (Python)', threads, rows, torchSeconds, torchLosses));
    console.log(`${modelTitles[name]}, threads ${String(threads)}: done`);
  }
  if (torchCuda && info.cuda) {
    // On the GPU: PyTorch on CUDA, and the addon on CUDA when its libtorch sees the GPU,
    // rounds alternating as on the CPU (threads 0 marks a GPU row).
    const nativeCuda = addon.version().cudaAvailable;
    const seconds: number[] = [];
    const nativeSeconds: number[] = [];
    let losses: number[] = [];
    let nativeLosses: number[] = [];
    for (let round = 0; round <= rounds; round += 1) {
      const ours = nativeCuda ? await native(manyThreads, 'cuda') : undefined;
      const answer = await peer.ask<PeerAnswer>(`train ${String(manyThreads)} cuda ${name}`);
      if (round > 0) {
        seconds.push(answer.seconds);
        if (ours) nativeSeconds.push(ours.seconds);
      }
      losses = answer.epochLosses;
      nativeLosses = ours?.losses ?? [];
    }
    const device = info.cudaDevice ?? 'cuda';
    if (nativeCuda) {
      lossChecks.push({
        model: name,
        threads: 0,
        maxDifference: maxLossDifference(nativeLosses, losses),
      });
      rowsOut.push(
        toRow(name, `native (libtorch via Node, ${device})`, 0, rows, nativeSeconds, nativeLosses),
      );
    }
    rowsOut.push(toRow(name, `PyTorch (Python, ${device})`, 0, rows, seconds, losses));
    console.log(`${modelTitles[name]}, GPU: done`);
  }
  if (workload.referenceRows > 0) {
    const seconds: number[] = [];
    let losses: number[] = [];
    for (let round = 0; round <= rounds; round += 1) {
      const started = performance.now();
      const result = await trainReference({
        weights,
        features: firstRows(workload, workload.referenceRows),
        labels: workload.labels.subarray(0, workload.referenceRows),
        epochs,
        batchSize,
        seed: 7,
        optimizer: { kind: 'adam', learningRate },
      });
      if (round > 0) seconds.push((performance.now() - started) / 1000);
      losses = result.epochs.map((record) => record.loss);
    }
    rowsOut.push(toRow(name, 'TypeScript reference', 1, workload.referenceRows, seconds, losses));
  }
  return { rows: rowsOut, lossChecks };
}

async function main(): Promise<void> {
  const models = selectedModels();
  const addon = loadNative();
  const nativeVersion = addon.version();
  const workloads = models.map((name) => (name === 'mlp' ? mlpWorkload() : textWorkload()));
  const workDirectory = join(tmpdir(), `train-gpu-bench-${String(process.pid)}`);
  mkdirSync(workDirectory, { recursive: true });
  const peer = startPeer(writeJobs(workDirectory, workloads));
  const load = { before: loadavg()[0] ?? 0, after: 0 };
  const rowsOut: Row[] = [];
  const lossChecks: LossCheck[] = [];
  try {
    const info = await peer.ask<PeerInfo>('info');
    for (const workload of workloads) {
      const result = await benchmark(workload, peer, info, addon);
      rowsOut.push(...result.rows);
      lossChecks.push(...result.lossChecks);
    }
    load.after = loadavg()[0] ?? 0;
    report(info, nativeVersion.torchVersion, workloads, rowsOut, lossChecks, load);
  } finally {
    peer.close();
    rmSync(workDirectory, { recursive: true, force: true });
  }
}

const threadsLabel = (threads: number): string =>
  threads === 0 ? 'GPU' : `${String(threads)} thread${threads === 1 ? '' : 's'}`;

function report(
  info: PeerInfo,
  nativeTorch: string,
  workloads: readonly Workload[],
  rowsOut: readonly Row[],
  lossChecks: readonly LossCheck[],
  load: { before: number; after: number },
): void {
  const torchAt = (model: ModelName, threads: number): number =>
    rowsOut.find(
      (row) =>
        row.model === model && row.trainer.startsWith('PyTorch (Python') && row.threads === threads,
    )?.samplesPerSecond ?? Number.NaN;
  const ratioOf = (row: Row): number => row.samplesPerSecond / torchAt(row.model, row.threads);
  const nativeRatios = rowsOut
    .filter((row) => row.trainer.startsWith('native'))
    .map((row) => ({ model: row.model, threads: row.threads, ratio: ratioOf(row) }));
  const lossesAgree = lossChecks.every((check) => check.maxDifference <= lossTolerance);
  const met = nativeRatios.every((entry) => entry.ratio >= target);
  const ratiosText = workloads
    .map(
      ({ name }) =>
        `${modelTitles[name]} ${nativeRatios
          .filter((entry) => entry.model === name)
          .map((entry) => `${entry.ratio.toFixed(2)} (${threadsLabel(entry.threads)})`)
          .join(', ')}`,
    )
    .join('; ');
  const differencesText = workloads
    .map(({ name }) => {
      const differences = lossChecks
        .filter((check) => check.model === name)
        .map((check) => check.maxDifference);
      return `${modelTitles[name]} ${Math.max(...differences).toExponential(1)}`;
    })
    .join(', ');
  const verdict = `${met ? 'MET' : 'NOT MET'}: native / PyTorch ${ratiosText}; target >= ${String(target)}; epoch losses native vs PyTorch ${
    lossesAgree ? 'agree' : 'DIFFER'
  } (max difference ${differencesText}; tolerance ${String(lossTolerance)})`;
  const lines = markdownTable(
    ['Model', 'Trainer', 'threads', 'rows', 'samples/s (median)', 'vs PyTorch', 'last epoch loss'],
    rowsOut.map((row) => [
      modelTitles[row.model],
      row.trainer,
      row.threads === 0 ? 'GPU' : String(row.threads),
      String(row.rows),
      Math.round(row.samplesPerSecond).toLocaleString('en-US'),
      row.trainer.startsWith('PyTorch (Python,') ? '—' : ratioOf(row).toFixed(2),
      (row.epochLosses.at(-1) ?? Number.NaN).toFixed(4),
    ]),
    2,
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
    settings: {
      models: Object.fromEntries(
        workloads.map((workload) => [
          workload.name,
          {
            spec: workload.weights.spec,
            rows: workload.rows,
            referenceRows: workload.referenceRows,
          },
        ]),
      ),
      epochs,
      batchSize,
      learningRate,
      rounds,
      warmUp: 1,
    },
    load,
    rows: rowsOut,
    nativeRatios,
    lossChecks,
    verdict,
  };
  const sizes = workloads
    .map(
      (workload) =>
        `${modelTitles[workload.name]}: ${String(workload.rows)} rows, reference on ${String(workload.referenceRows)}`,
    )
    .join('; ');
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
      `- Command: \`${command}\` (${sizes}; ${String(epochs)} epochs; median of ${String(rounds)} rounds after 1 warm-up)`,
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
(bench/run.ts) benchmarks two models (BENCH_MODELS, default both):

- **MLP**: a dense MLP (64 inputs, hidden [256, 256], ReLU, 10 classes) on seeded synthetic
  data (50 000 rows, ten Gaussian clusters);
- **text classifier**, the reference application's model: EmbeddingBag(mean) over hashed
  token ids (vocabulary 65 536, dimension 32), hidden [64], ReLU, 8 classes, on seeded
  synthetic bags (20 000 rows of 5 to 40 token ids, whose distribution depends on the class).

Each is trained from the same starting weights and with the same batches (batch 256, each
epoch's row order shared), with Adam (lr 1e-3) for 3 epochs, three ways in one run:

- **native**: the libtorch addon through Node (\`trainNative\`), timed around the call
  (validation, copies into and out of libtorch included);
- **PyTorch**: bench/torch_peer.py in the repository's .venv, timing only the training loop
  (data already tensors; \`nn.EmbeddingBag(mode='mean')\` with dense gradients, as native,
  each batch's bags gathered with tensor operations, no loop over rows);
- **TypeScript reference** (\`trainReference\`), on the first 5 000 (MLP) or 500 (text
  classifier: it updates the whole embedding table every step) rows only, since it is much
  slower; samples per second make it comparable.

Native and PyTorch run with 1 thread and with one thread per core (\`threads\` /
\`torch.set_num_threads\`), their rounds alternating so that both see the same load: one
warm-up round, then the median of 3 rounds, in samples per second (rows x epochs / s).
"vs PyTorch" is samples/s over PyTorch's for the same model at the same thread count (the
reference against single-threaded PyTorch); the target for every native row of both models
is >= 0.95. Since both start from the same weights and see the same batches, their epoch
losses must agree (to 1e-3), which the run checks. Compare entries only from the same
machine; results/latest.json keeps every round. Entries from the GPU machine come from
scripts/gpu-check.sh (its RESULTS-entry.md, pasted here); they add PyTorch on CUDA and the
addon on CUDA (rows marked GPU). Entries before the text classifier was added (without a
Model column) cover the MLP only.
`;

await main();
