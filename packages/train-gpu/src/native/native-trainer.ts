/**
 * `trainMlpNative`: trains a dense MLP in libtorch through the native addon, with the same
 * inputs, batch order and loss bookkeeping as `trainReference`, so the two can be compared
 * weight for weight.
 */
import { TrainingInputError } from '../errors';
import type { DenseMlpSpec, Labels, ModelWeights } from '../model/types';
import { checkOptimizer, type OptimizerOptions } from '../reference/optimizers';
import { checkWeights } from '../reference/spec';
import { checkFeatures, checkLabels, checkPositiveInt } from '../reference/validate';
import { loadNative } from './load-native';
import type { NativeAddon, NativeEpoch, NativeMlpResult } from './native-addon';

/** Settings of `trainMlpNative()`. */
export interface TrainMlpNativeOptions {
  /** Starting weights of an MLP (copied, never modified). */
  readonly weights: ModelWeights;
  /** `[rows, inputs]` row-major. */
  readonly features: Float32Array;
  readonly labels: Labels;
  readonly epochs: number;
  readonly batchSize: number;
  readonly optimizer: OptimizerOptions;
  /**
   * Row order of each epoch (a permutation of `0 .. rows - 1`). Default: rows in order. Native
   * training draws no random numbers, so this makes it reproducible.
   */
  readonly order?: (epoch: number) => ArrayLike<number>;
  /** libtorch intra-op threads. Default 1 (bitwise reproducible on CPU, §3.4). */
  readonly threads?: number;
  /** Stops training before the next batch; the promise then rejects with `signal.reason`. */
  readonly signal?: AbortSignal;
  /** Called on the JS thread after each epoch, in order, before the promise settles. */
  readonly onEpoch?: (record: NativeEpoch) => void;
  /** The addon; default `loadNative()` (throws `NativeUnavailableError` when absent). */
  readonly addon?: NativeAddon;
}

/** What `trainMlpNative()` resolves to. */
export interface TrainMlpNativeResult {
  /** New arrays, same spec as the input weights. */
  readonly weights: ModelWeights;
  /** Mean training cross-entropy of each epoch (each batch before its update). */
  readonly epochLosses: number[];
}

function epochOrders(
  order: ((epoch: number) => ArrayLike<number>) | undefined,
  epochs: number,
  rows: number,
): Int32Array {
  const all = new Int32Array(epochs * rows);
  for (let epoch = 0; epoch < epochs; epoch += 1) {
    if (order === undefined) {
      for (let row = 0; row < rows; row += 1) all[epoch * rows + row] = row;
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

/**
 * Trains a dense MLP with mini-batches in libtorch (CPU), off the JS thread. Validates
 * everything first (`TrainingInputError`); throws `NativeUnavailableError` when the addon is
 * not built; a libtorch failure rejects with its message.
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
  const { weights, features, labels, epochs, batchSize, optimizer } = options;
  checkWeights(weights);
  if (weights.spec.kind !== 'mlp') {
    throw new TrainingInputError({
      argument: 'weights',
      message: 'trainMlpNative() trains a dense MLP; this spec is a text classifier.',
    });
  }
  const spec: DenseMlpSpec = weights.spec;
  const rows = checkFeatures(spec, features);
  checkLabels(spec, labels, rows);
  if (rows === 0) {
    throw new TrainingInputError({ argument: 'features', message: 'No training rows.' });
  }
  checkPositiveInt('epochs', epochs);
  checkPositiveInt('batchSize', batchSize);
  checkOptimizer(optimizer);
  const threads = options.threads ?? 1;
  checkPositiveInt('threads', threads);
  const order = epochOrders(options.order, epochs, rows);
  options.signal?.throwIfAborted();
  const addon = options.addon ?? loadNative();
  const run = addon.trainMlp(
    {
      layers: weights.layers,
      features,
      labels,
      order,
      epochs,
      batchSize,
      threads,
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
    weights: { spec, layers: result.layers },
    epochLosses: Array.from(result.epochLosses),
  };
}
