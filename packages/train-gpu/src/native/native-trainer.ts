/**
 * `trainNative` / `trainMlpNative`: trains a dense MLP or a text classifier (EmbeddingBag(mean)
 * + MLP) in libtorch through the native addon, with the same inputs, batch order and loss
 * bookkeeping as `trainReference`, so the two can be compared weight for weight; optionally
 * writes checkpoints and resumes from one.
 */
import { existsSync } from 'node:fs';
import { createRng, type RngSeed } from '@dagnostics/core';
import { TrainingInputError } from '../errors';
import type { Features, Labels, ModelWeights } from '../model/types';
import { checkOptimizer, type OptimizerOptions } from '../reference/optimizers';
import { checkWeights } from '../reference/spec';
import { checkFeatures, checkLabels, checkPositiveInt } from '../reference/validate';
import { loadNative } from './load-native';
import type { NativeAddon, NativeEpoch, NativeMlpResult } from './native-addon';

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
  /** Continue from a checkpoint written by a run with the same settings. */
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
  const device = checkDeviceName(options.device);
  const order = epochOrders(options.order, options.seed, epochs, rows);
  options.signal?.throwIfAborted();
  const addon = options.addon ?? loadNative();
  checkDeviceAvailable(device, addon);
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
    throw error;
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
