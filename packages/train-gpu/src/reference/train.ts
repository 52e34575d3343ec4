/**
 * `trainReference`: the TypeScript reference trainer (mini-batch training in float32 with
 * PyTorch's initialisation, losses, gradients, optimizers and schedules). It is the oracle
 * the native (libtorch) trainer is tested against, and the fallback where libtorch is absent.
 */
import { createRng, type RngSeed } from '@dagnostics/core';
import { TrainingInputError } from '../errors';
import type { Features, Labels, ModelSpec, ModelWeights } from '../model/types';
import { cloneWeights, initWeights } from './init';
import { backward, crossEntropy, forward, zeroGradients } from './network';
import { checkOptimizer, createOptimizer, type OptimizerOptions } from './optimizers';
import { checkSchedule, learningRateAt, type ScheduleOptions } from './schedules';
import { checkSpec, checkWeights } from './spec';
import { checkFeatures, checkLabels, checkPositiveInt } from './validate';

/** One epoch's summary. */
export interface EpochRecord {
  /** 0-based. */
  readonly epoch: number;
  /** Mean training cross-entropy over the epoch's samples (each batch before its update). */
  readonly loss: number;
  /** Training accuracy over the epoch (each batch before its update). */
  readonly accuracy: number;
  readonly learningRate: number;
  readonly samples: number;
  readonly durationMs: number;
}

/** One batch's loss, for `onBatch`. */
export interface BatchRecord {
  readonly epoch: number;
  /** 0-based within the epoch. */
  readonly batch: number;
  readonly loss: number;
  readonly size: number;
}

/** Settings of `trainReference()`. Give `weights`, or `spec` (initialised with `seed`). */
export interface TrainReferenceOptions {
  /** Starting weights (copied, never modified). */
  readonly weights?: ModelWeights;
  /** Model to initialise with `initWeights(spec, seed)` when `weights` is absent. */
  readonly spec?: ModelSpec;
  readonly features: Features;
  readonly labels: Labels;
  readonly epochs: number;
  readonly batchSize: number;
  readonly optimizer: OptimizerOptions;
  /** Default constant. */
  readonly schedule?: ScheduleOptions;
  /**
   * Seeds the batch order (`createRng(seed).fork('shuffle')`, one `permutation(rows)` per
   * epoch) and, without `weights`, the initialisation (`initWeights(spec, seed)`).
   */
  readonly seed: RngSeed;
  /** Shuffle each epoch (default true); false: rows in order. */
  readonly shuffle?: boolean;
  /**
   * Explicit row order of each epoch (a permutation of `0 .. rows - 1`), overriding
   * `shuffle`; for replaying another trainer's batches (tests against PyTorch).
   */
  readonly order?: (epoch: number) => ArrayLike<number>;
  /** Checked before every batch; training rejects with its reason. */
  readonly signal?: AbortSignal;
  readonly onEpoch?: (record: EpochRecord) => void;
  readonly onBatch?: (record: BatchRecord) => void;
}

/** What `trainReference()` resolves to. */
export interface TrainReferenceResult {
  readonly weights: ModelWeights;
  readonly epochs: EpochRecord[];
}

function checkOrder(order: ArrayLike<number>, rows: number, epoch: number): void {
  const seen = new Uint8Array(rows);
  let ok = order.length === rows;
  for (let i = 0; ok && i < order.length; i += 1) {
    const r = order[i] as number;
    ok = Number.isInteger(r) && r >= 0 && r < rows && seen[r] === 0;
    if (ok) seen[r] = 1;
  }
  if (!ok) {
    throw new TrainingInputError({
      argument: 'order',
      message: `order(${String(epoch)}) must be a permutation of 0 .. ${String(rows - 1)}.`,
    });
  }
}

const yieldEveryMs = 20;
const nextTurn = (): Promise<void> =>
  new Promise((resolve) => {
    setImmediate(resolve);
  });

/**
 * Trains with mini-batches; resolves with the trained weights (new arrays) and per-epoch
 * records. Validates everything first (`TrainingInputError`). Yields to the event loop
 * between epochs and about every 20 ms, so an `AbortSignal` can fire while it runs.
 *
 * @example
 * const { weights, epochs } = await trainReference({
 *   spec: { kind: 'mlp', inputs: 4, hidden: [16], classes: 3 },
 *   features, labels, epochs: 10, batchSize: 32, seed: 7,
 *   optimizer: { kind: 'adam', learningRate: 1e-3 },
 * });
 */
export async function trainReference(
  options: TrainReferenceOptions,
): Promise<TrainReferenceResult> {
  const { features, labels, epochs, batchSize, optimizer, signal } = options;
  const schedule = options.schedule ?? { kind: 'constant' };
  let weights: ModelWeights;
  if (options.weights !== undefined) {
    checkWeights(options.weights);
    weights = cloneWeights(options.weights);
  } else if (options.spec !== undefined) {
    checkSpec(options.spec);
    weights = initWeights(options.spec, options.seed);
  } else {
    throw new TrainingInputError({
      argument: 'weights',
      message: 'trainReference() needs weights or a spec.',
    });
  }
  const rows = checkFeatures(weights.spec, features);
  checkLabels(weights.spec, labels, rows);
  if (rows === 0)
    throw new TrainingInputError({ argument: 'features', message: 'No training rows.' });
  checkPositiveInt('epochs', epochs);
  checkPositiveInt('batchSize', batchSize);
  checkOptimizer(optimizer);
  checkSchedule(schedule);
  signal?.throwIfAborted();

  const shuffleRng = createRng(options.seed).fork('shuffle');
  const opt = createOptimizer(weights, optimizer);
  const grads = zeroGradients(weights);
  const dim = weights.spec.kind === 'text-classifier' ? weights.spec.embeddingDim : 0;
  const records: EpochRecord[] = [];
  let lastYield = Date.now();
  for (let epoch = 0; epoch < epochs; epoch += 1) {
    const started = performance.now();
    const learningRate = learningRateAt(schedule, optimizer.learningRate, epoch);
    let order: ArrayLike<number>;
    if (options.order !== undefined) {
      order = options.order(epoch);
      checkOrder(order, rows, epoch);
    } else {
      order =
        options.shuffle === false
          ? Array.from({ length: rows }, (_, i) => i)
          : shuffleRng.permutation(rows);
    }
    let lossSum = 0;
    let correct = 0;
    for (let start = 0, batch = 0; start < rows; start += batchSize, batch += 1) {
      signal?.throwIfAborted();
      const batchRows = Array.prototype.slice.call(
        order,
        start,
        Math.min(rows, start + batchSize),
      ) as number[];
      const cache = forward(weights, features, batchRows);
      const result = crossEntropy(cache, labels, batchRows, weights.spec.classes);
      const touched = backward(weights, features, labels, batchRows, cache, grads);
      opt.step(grads, learningRate);
      if (grads.embedding !== undefined) {
        for (const id of touched) grads.embedding.fill(0, id * dim, (id + 1) * dim);
      }
      lossSum += result.loss * batchRows.length;
      correct += result.correct;
      options.onBatch?.({ epoch, batch, loss: result.loss, size: batchRows.length });
      if (Date.now() - lastYield > yieldEveryMs) {
        await nextTurn();
        lastYield = Date.now();
      }
    }
    const record: EpochRecord = {
      epoch,
      loss: lossSum / rows,
      accuracy: correct / rows,
      learningRate,
      samples: rows,
      durationMs: performance.now() - started,
    };
    records.push(record);
    options.onEpoch?.(record);
    await nextTurn();
    lastYield = Date.now();
  }
  signal?.throwIfAborted();
  return { weights, epochs: records };
}
