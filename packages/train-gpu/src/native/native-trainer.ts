/**
 * `trainNative` / `trainMlpNative`: trains a dense MLP or a text classifier (EmbeddingBag(mean)
 * + MLP) in libtorch through the native addon, with the same inputs, batch order and loss
 * bookkeeping as `trainReference`, so the two can be compared weight for weight; optionally
 * writes checkpoints and resumes from one.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRng, type RngSeed } from '@dagnostics/core';
import { CheckpointMismatchError, DistributedTrainingError, TrainingInputError } from '../errors';
import type { Features, Labels, ModelWeights } from '../model/types';
import { checkOptimizer, type OptimizerOptions } from '../reference/optimizers';
import { checkSchedule, learningRateAt, type ScheduleOptions } from '../reference/schedules';
import { checkWeights } from '../reference/spec';
import { checkFeatures, checkLabels, checkPositiveInt } from '../reference/validate';
import type { DistributedOptions } from './distributed';
import { loadNative } from './load-native';
import type { NativeAddon, NativeEpoch, NativeMlpJob, NativeMlpResult } from './native-addon';

/** Settings of `trainNative()`. */
export interface TrainNativeOptions {
  /** Starting weights of an MLP or a text classifier (copied, never modified). */
  readonly weights: ModelWeights;
  /** Dense `[rows, inputs]` row-major (MLP) or token bags (text classifier). */
  readonly features: Features;
  readonly labels: Labels;
  readonly epochs: number;
  readonly batchSize: number;
  readonly optimizer: OptimizerOptions;
  /** Learning-rate schedule over epochs, as in `trainReference` (default constant). */
  readonly schedule?: ScheduleOptions;
  /**
   * `'fp32'` (default) or `'bf16'`: the forward pass runs under libtorch's autocast in
   * bfloat16 (weights, gradients and optimizer state stay float32). CPU and CUDA.
   */
  readonly precision?: 'fp32' | 'bf16';
  /**
   * Data-parallel training: this process is rank `rank` of `worldSize`; each global batch
   * is split between the ranks and gradients are all-reduced (Gloo on CPU, NCCL on CUDA).
   * Every rank passes the same data, seed and settings. See `launchDistributed()`.
   */
  readonly distributed?: DistributedOptions;
  /**
   * Row order of each epoch (a permutation of `0 .. rows - 1`). Default: with `seed`, the
   * reference trainer's shuffle (`createRng(seed).fork('shuffle')`, one permutation per
   * epoch); without, rows in order. Native training draws no random numbers itself, so the
   * order is a pure function of the epoch and a resumed run replays it exactly.
   */
  readonly order?: (epoch: number) => ArrayLike<number>;
  /** Seeds the default batch order, as in `trainReference`. */
  readonly seed?: RngSeed;
  /** `'cpu'` (default) or `'cuda'` (a `TrainingInputError` where CUDA is not available). */
  readonly device?: 'cpu' | 'cuda';
  /**
   * Write a checkpoint to `path` after every `every` epochs: parameters, optimizer state,
   * the next epoch and the losses so far, atomically (temporary file, fsync, rename).
   */
  readonly checkpoint?: { readonly path: string; readonly every: number };
  /**
   * Continue from a checkpoint written by a run with the same data and settings (a
   * `CheckpointMismatchError` otherwise: the checkpoint holds a fingerprint of the data,
   * batch size, optimizer, schedule, precision and the first epoch's order). `epochs` may be
   * larger than the run that wrote it.
   */
  readonly resumeFrom?: string;
  /** libtorch intra-op threads. Default 1 (bitwise reproducible on CPU, §3.4). */
  readonly threads?: number;
  /** Stops training before the next batch; the promise then rejects with `signal.reason`. */
  readonly signal?: AbortSignal;
  /** Called on the JS thread after each epoch (and its checkpoint), in order, before settling. */
  readonly onEpoch?: (record: NativeEpoch) => void;
  /** The addon; default `loadNative()` (throws `NativeUnavailableError` when absent). */
  readonly addon?: NativeAddon;
}

/** What `trainNative()` resolves to. */
export interface TrainNativeResult {
  /** New arrays, same spec as the input weights. */
  readonly weights: ModelWeights;
  /** Mean training cross-entropy of each epoch (resumed runs: from epoch 0, checkpoint included). */
  readonly epochLosses: number[];
}

/** Settings of `trainMlpNative()`: those of `trainNative()` with dense features. */
export interface TrainMlpNativeOptions extends TrainNativeOptions {
  readonly features: Float32Array;
}

/** What `trainMlpNative()` resolves to. */
export type TrainMlpNativeResult = TrainNativeResult;

function epochOrders(
  order: ((epoch: number) => ArrayLike<number>) | undefined,
  seed: RngSeed | undefined,
  epochs: number,
  rows: number,
): Int32Array {
  const all = new Int32Array(epochs * rows);
  const shuffle = seed === undefined ? undefined : createRng(seed).fork('shuffle');
  for (let epoch = 0; epoch < epochs; epoch += 1) {
    if (order === undefined) {
      const permutation = shuffle?.permutation(rows);
      for (let row = 0; row < rows; row += 1) all[epoch * rows + row] = permutation?.[row] ?? row;
      continue;
    }
    const rowsOfEpoch = order(epoch);
    const seen = new Uint8Array(rows);
    let valid = rowsOfEpoch.length === rows;
    for (let index = 0; valid && index < rows; index += 1) {
      const row = rowsOfEpoch[index] as number;
      valid = Number.isInteger(row) && row >= 0 && row < rows && seen[row] === 0;
      if (valid) {
        seen[row] = 1;
        all[epoch * rows + index] = row;
      }
    }
    if (!valid) {
      throw new TrainingInputError({
        argument: 'order',
        message: `order(${String(epoch)}) must be a permutation of 0 .. ${String(rows - 1)}.`,
      });
    }
  }
  return all;
}

function fail(argument: string, message: string): never {
  throw new TrainingInputError({ argument, message });
}

/** Throws `TrainingInputError` unless `distributed` describes a rank of a run. */
function checkDistributed(
  distributed: DistributedOptions | undefined,
  device: 'cpu' | 'cuda',
  addon: NativeAddon,
): NativeMlpJob['distributed'] {
  if (distributed === undefined) return undefined;
  const { rank, worldSize, store } = distributed;
  if (!Number.isInteger(worldSize) || worldSize < 1) {
    fail('distributed.worldSize', 'distributed.worldSize must be an integer >= 1.');
  }
  if (!Number.isInteger(rank) || rank < 0 || rank >= worldSize) {
    fail(
      'distributed.rank',
      `distributed.rank must be an integer in 0 .. ${String(worldSize - 1)}.`,
    );
  }
  const timeoutMs = distributed.timeoutMs ?? 300_000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    fail('distributed.timeoutMs', 'distributed.timeoutMs must be a positive number.');
  }
  const backend = distributed.backend ?? (device === 'cuda' ? 'nccl' : 'gloo');
  if (backend !== 'gloo' && backend !== 'nccl') {
    fail('distributed.backend', `Unknown backend ${String(backend)}: expected 'gloo' or 'nccl'.`);
  }
  if (backend === 'nccl' && device !== 'cuda') {
    fail('distributed.backend', "NCCL all-reduces CUDA tensors: use device 'cuda' or 'gloo'.");
  }
  let rendezvous:
    | { storeKind: 'file'; storePath: string }
    | { storeKind: 'tcp'; storeHost: string; storePort: number };
  if (store?.kind === 'file') {
    if (typeof store.path !== 'string' || store.path === '') {
      fail('distributed.store.path', 'distributed.store.path must be a non-empty file path.');
    }
    rendezvous = { storeKind: 'file', storePath: store.path };
  } else if (store?.kind === 'tcp') {
    if (typeof store.host !== 'string' || store.host === '') {
      fail('distributed.store.host', 'distributed.store.host must be a host name or address.');
    }
    if (!Number.isInteger(store.port) || store.port < 1 || store.port > 65_535) {
      fail('distributed.store.port', 'distributed.store.port must be an integer in 1 .. 65535.');
    }
    rendezvous = { storeKind: 'tcp', storeHost: store.host, storePort: store.port };
  } else {
    fail(
      'distributed.store',
      "distributed.store must be { kind: 'file', path } or { kind: 'tcp', host, port }.",
    );
  }
  if (worldSize > 1 && !addon.version().distributed[backend]) {
    fail(
      'distributed.backend',
      backend === 'gloo'
        ? 'This addon was built without Gloo: install Gloo headers (Debian: apt-get install libgloo-dev, or set TRAIN_GPU_GLOO_INCLUDE) and rebuild with `pnpm --filter @dagnostics/train-gpu build:native`.'
        : 'This addon was built without NCCL: build it against a CUDA libtorch with nccl.h and the CUDA runtime headers (TRAIN_GPU_NCCL_INCLUDE, TRAIN_GPU_CUDA_INCLUDE).',
    );
  }
  return { rank, worldSize, backend, timeoutMs, ...rendezvous };
}

function bytesOf(array: ArrayBufferView): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

/**
 * SHA-256 (hex) of what decides the trajectory besides the starting weights: the model spec,
 * the data, the batch size, optimizer, schedule and precision, and the first epoch's order
 * (which the seed or `order` decides). Stored in checkpoints; compared between ranks.
 */
function trainingFingerprint(
  options: TrainNativeOptions,
  order: Int32Array,
  rows: number,
  precision: 'fp32' | 'bf16',
): string {
  const hash = createHash('sha256');
  const { features } = options;
  hash.update(
    JSON.stringify({
      spec: options.weights.spec,
      rows,
      batchSize: options.batchSize,
      optimizer: options.optimizer,
      schedule: options.schedule ?? { kind: 'constant' },
      precision,
    }),
  );
  if (features instanceof Float32Array) {
    hash.update(bytesOf(features));
  } else {
    hash.update(bytesOf(features.ids));
    hash.update(bytesOf(features.offsets));
  }
  hash.update(bytesOf(options.labels));
  hash.update(bytesOf(order.subarray(0, rows)));
  return hash.digest('hex');
}

/** Turns the addon's coded rejections into the package's typed errors. */
function typedRejection(error: unknown, options: TrainNativeOptions): unknown {
  const code = (error as { code?: unknown }).code;
  const message = (error as { message?: unknown }).message;
  const text = typeof message === 'string' ? message : String(error);
  if (code === 'TRAIN_GPU_NATIVE_CHECKPOINT') {
    return new CheckpointMismatchError({
      path: options.resumeFrom ?? '',
      message: `Cannot resume from ${options.resumeFrom ?? '(none)'}: ${text}. Start without resumeFrom, or point it at a checkpoint written by this run's data and settings.`,
      cause: error,
    });
  }
  if (code === 'TRAIN_GPU_NATIVE_DISTRIBUTED' && options.distributed !== undefined) {
    return new DistributedTrainingError({
      rank: options.distributed.rank,
      worldSize: options.distributed.worldSize,
      message: `Rank ${String(options.distributed.rank)} of ${String(options.distributed.worldSize)}: ${text}. Restart every rank (with resumeFrom to continue from the last checkpoint).`,
      cause: error,
    });
  }
  return error;
}

/** Throws `TrainingInputError` unless `device` is `'cpu'`, `'cuda'` or absent. */
function checkDeviceName(device: unknown): 'cpu' | 'cuda' {
  if (device === undefined || device === 'cpu') return 'cpu';
  if (device !== 'cuda') {
    fail('device', `Unknown device ${String(device)}: expected 'cpu' or 'cuda'.`);
  }
  return 'cuda';
}

/** Throws `TrainingInputError` when `device` is CUDA and the addon's libtorch sees none. */
function checkDeviceAvailable(device: 'cpu' | 'cuda', addon: NativeAddon): void {
  if (device === 'cuda' && !addon.version().cudaAvailable) {
    fail('device', "device 'cuda' was asked for, but this libtorch sees no CUDA device.");
  }
}

/**
 * Trains a dense MLP or a text classifier with mini-batches in libtorch, off the JS thread.
 * Validates everything first (`TrainingInputError`: lengths, labels, empty data, NaN
 * features, device, checkpoint settings); throws `NativeUnavailableError` when the addon is
 * not built; a libtorch failure rejects with its message.
 *
 * @example
 * const { weights } = await trainNative({
 *   weights: initWeights({ kind: 'text-classifier', vocabularySize: 1024, embeddingDim: 16,
 *     hidden: [], classes: 2 }, 7),
 *   features: { ids, offsets }, labels, epochs: 5, batchSize: 32, seed: 7,
 *   optimizer: { kind: 'adam', learningRate: 1e-3 },
 *   checkpoint: { path: 'run.ckpt', every: 1 },
 * });
 */
export async function trainNative(options: TrainNativeOptions): Promise<TrainNativeResult> {
  const { weights, features, labels, epochs, batchSize, optimizer } = options;
  checkWeights(weights);
  const { spec } = weights;
  const rows = checkFeatures(spec, features);
  checkLabels(spec, labels, rows);
  if (rows === 0) fail('features', 'No training rows.');
  checkPositiveInt('epochs', epochs);
  checkPositiveInt('batchSize', batchSize);
  checkOptimizer(optimizer);
  const threads = options.threads ?? 1;
  checkPositiveInt('threads', threads);
  if (options.checkpoint !== undefined) {
    checkPositiveInt('checkpoint.every', options.checkpoint.every);
    if (typeof options.checkpoint.path !== 'string' || options.checkpoint.path === '') {
      fail('checkpoint.path', 'checkpoint.path must be a non-empty file path.');
    }
  }
  if (options.resumeFrom !== undefined && !existsSync(options.resumeFrom)) {
    fail('resumeFrom', `No checkpoint at ${options.resumeFrom}.`);
  }
  const schedule = options.schedule ?? { kind: 'constant' };
  checkSchedule(schedule);
  const precision = options.precision ?? 'fp32';
  if (precision !== 'fp32' && precision !== 'bf16') {
    fail('precision', `Unknown precision ${String(precision)}: expected 'fp32' or 'bf16'.`);
  }
  const device = checkDeviceName(options.device);
  const order = epochOrders(options.order, options.seed, epochs, rows);
  options.signal?.throwIfAborted();
  const addon = options.addon ?? loadNative();
  checkDeviceAvailable(device, addon);
  const distributed = checkDistributed(options.distributed, device, addon);
  const learningRates =
    options.schedule === undefined
      ? undefined
      : Float64Array.from({ length: epochs }, (_, epoch) =>
          learningRateAt(schedule, optimizer.learningRate, epoch),
        );
  const data =
    features instanceof Float32Array
      ? { features }
      : {
          features: new Float32Array(0),
          embedding: weights.embedding,
          ids: features.ids,
          offsets: features.offsets,
        };
  const run = addon.trainMlp(
    {
      layers: weights.layers,
      ...data,
      labels,
      order,
      epochs,
      batchSize,
      threads,
      device,
      ...(options.checkpoint === undefined
        ? {}
        : { checkpointPath: options.checkpoint.path, checkpointEvery: options.checkpoint.every }),
      ...(options.resumeFrom === undefined ? {} : { resumeFrom: options.resumeFrom }),
      fingerprint: trainingFingerprint(options, order, rows, precision),
      precision,
      ...(learningRates === undefined ? {} : { learningRates }),
      ...(distributed === undefined ? {} : { distributed }),
      optimizer: {
        kind: optimizer.kind,
        learningRate: optimizer.learningRate,
        momentum: optimizer.kind === 'sgd' ? (optimizer.momentum ?? 0) : 0,
        weightDecay: optimizer.weightDecay ?? 0,
        beta1: optimizer.kind === 'adam' ? (optimizer.betas?.[0] ?? 0.9) : 0.9,
        beta2: optimizer.kind === 'adam' ? (optimizer.betas?.[1] ?? 0.999) : 0.999,
        epsilon: optimizer.kind === 'adam' ? (optimizer.eps ?? 1e-8) : 1e-8,
      },
    },
    options.onEpoch,
  );
  const { signal } = options;
  const cancel = (): void => run.cancel();
  signal?.addEventListener('abort', cancel, { once: true });
  let result: NativeMlpResult;
  try {
    result = await run.promise;
  } catch (error) {
    if (signal?.aborted && (error as { code?: unknown }).code === 'TRAIN_GPU_NATIVE_CANCELLED') {
      throw signal.reason;
    }
    throw typedRejection(error, options);
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
  return {
    weights:
      result.embedding === undefined
        ? { spec, layers: result.layers }
        : { spec, embedding: result.embedding, layers: result.layers },
    epochLosses: Array.from(result.epochLosses),
  };
}

/**
 * `trainNative()` for a dense MLP only (a text-classifier spec is a `TrainingInputError`).
 *
 * @example
 * const { weights, epochLosses } = await trainMlpNative({
 *   weights: initWeights({ kind: 'mlp', inputs: 4, hidden: [16], classes: 3 }, 7),
 *   features, labels, epochs: 10, batchSize: 32,
 *   optimizer: { kind: 'adam', learningRate: 1e-3 },
 * });
 */
export async function trainMlpNative(
  options: TrainMlpNativeOptions,
): Promise<TrainMlpNativeResult> {
  checkWeights(options.weights);
  if (options.weights.spec.kind !== 'mlp') {
    fail('weights', 'trainMlpNative() trains a dense MLP; this spec is a text classifier.');
  }
  return trainNative(options);
}
