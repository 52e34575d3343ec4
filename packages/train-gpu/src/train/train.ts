/**
 * `train()`: the package's front door. Picks a backend (libtorch on CUDA or CPU through the
 * native addon, or the TypeScript reference trainer where the addon is absent), trains, and
 * returns the final metrics with a `TrainedModel` handle.
 */
import type { RngSeed } from '@dagnostics/core';
import { NativeUnavailableError, TrainingInputError } from '../errors';
import type { Features, Labels, ModelSpec, ModelWeights } from '../model/types';
import type { DistributedOptions } from '../native/distributed';
import { loadNative } from '../native/load-native';
import type { NativeAddon } from '../native/native-addon';
import { type TrainNativeOptions, trainNative } from '../native/native-trainer';
import { initWeights } from '../reference/init';
import type { OptimizerOptions } from '../reference/optimizers';
import type { Evaluation } from '../reference/predict';
import { checkSchedule, learningRateAt, type ScheduleOptions } from '../reference/schedules';
import { checkSpec, checkWeights } from '../reference/spec';
import { trainReference } from '../reference/train';
import { checkFeatures, checkLabels } from '../reference/validate';
import { adoptTrainedModel, type TrainedModel } from './trained-model';

/**
 * Where to train. `'auto'`: native CUDA if the addon's libtorch sees a GPU, else native CPU,
 * else (no addon) the TypeScript reference trainer. `'cpu'` / `'cuda'`: native only (a
 * missing addon is a `NativeUnavailableError`). `'reference'`: the TypeScript trainer.
 */
export type TrainDevice = 'auto' | 'cpu' | 'cuda' | 'reference';

/** Labelled rows: token bags or dense features, and one class index per row. */
export interface TrainData {
  readonly features: Features;
  readonly labels: Labels;
}

/** Settings of `train()`. */
export interface TrainOptions {
  /**
   * A spec (initialised with `initWeights(spec, seed ?? 0)`) or starting weights (copied,
   * never modified).
   */
  readonly model: ModelSpec | ModelWeights;
  /** Training rows (at least one). */
  readonly data: TrainData;
  /**
   * Held-out rows, evaluated on the final model (`metrics.validation`); the trainers do not
   * hand out the weights of intermediate epochs.
   */
  readonly validation?: TrainData;
  /** Passes over the training rows (a positive integer). */
  readonly epochs: number;
  /** Rows per optimizer step (a positive integer; the last batch of an epoch may be smaller). */
  readonly batchSize: number;
  /** SGD or Adam with `torch.optim`'s update rules. */
  readonly optimizer: OptimizerOptions;
  /** Learning rate over epochs. Default constant. */
  readonly schedule?: ScheduleOptions;
  /**
   * Default `'auto'`: native CUDA if the addon sees a GPU, else native CPU, else the
   * TypeScript reference trainer (then `fallbackReason` says why).
   */
  readonly device?: TrainDevice;
  /** Seeds the initialisation (when `model` is a spec) and the batch order. Default 0. */
  readonly seed?: RngSeed;
  /** Stops training before the next batch; `train()` then rejects with `signal.reason`. */
  readonly signal?: AbortSignal;
  /** Called after each epoch, in order, before `train()` settles. */
  readonly onEpoch?: (record: TrainEpoch) => void;
  /** Native backends only: write a checkpoint to `path` after every `every` epochs. */
  readonly checkpoint?: TrainNativeOptions['checkpoint'];
  /** Native backends only: continue from a checkpoint written by a run with the same settings. */
  readonly resumeFrom?: string;
  /** Native backends only: libtorch intra-op threads. Default 1 (bitwise reproducible on CPU). */
  readonly threads?: number;
  /** Native backends only: `'fp32'` (default) or `'bf16'` autocast of the forward pass. */
  readonly precision?: 'fp32' | 'bf16';
  /** Native backends only: data-parallel training, this process being one rank. */
  readonly distributed?: DistributedOptions;
  /** For tests and embedding: the addon to use instead of `loadNative()`. */
  readonly addon?: NativeAddon;
}

/** One finished epoch, as `onEpoch` receives it and `metrics.epochs` keeps it. */
export interface TrainEpoch {
  /** 0-based (a resumed native run continues the numbering of its checkpoint). */
  readonly epoch: number;
  /** Mean training cross-entropy of the epoch (each batch before its update). */
  readonly loss: number;
  /** The learning rate the schedule gave this epoch. */
  readonly learningRate: number;
  /** Whether a checkpoint was written (completely) before this report; never on `'reference'`. */
  readonly checkpointed: boolean;
  /** Milliseconds since training started (wall clock), at this report. */
  readonly elapsedMs: number;
}

/** The outcome of a `train()` run. */
export interface TrainMetrics {
  /** Mean training cross-entropy of the last epoch, as the trainer measured it. */
  readonly loss: number;
  /** Training-set evaluation of the final model. */
  readonly train: Evaluation;
  /** Evaluation of the final model on `validation`, when given. */
  readonly validation?: Evaluation;
  /** The epochs this call trained, in order (a resumed run: only those after its checkpoint). */
  readonly epochs: readonly TrainEpoch[];
  /** Wall-clock milliseconds of the whole call: checks, training and final evaluations. */
  readonly durationMs: number;
}

/** What `train()` resolves to. */
export interface TrainResult {
  readonly model: TrainedModel;
  readonly metrics: TrainMetrics;
  /** Which trainer ran: libtorch through the addon, or the TypeScript reference trainer. */
  readonly backend: 'native' | 'reference';
  /** Where it ran; the reference trainer runs on the CPU. */
  readonly device: 'cpu' | 'cuda';
  /** Why `'auto'` fell back to the reference trainer (the `NativeUnavailableError` message). */
  readonly fallbackReason?: string;
}

const devices: readonly TrainDevice[] = ['auto', 'cpu', 'cuda', 'reference'];
const nativeOnlyOptions = [
  'checkpoint',
  'resumeFrom',
  'threads',
  'precision',
  'distributed',
] as const;
type NativeOnlyOption = (typeof nativeOnlyOptions)[number];

type Backend =
  | { readonly kind: 'reference'; readonly fallbackReason?: string }
  | { readonly kind: 'native'; readonly device: 'cpu' | 'cuda'; readonly addon?: NativeAddon };

function fail(argument: string, message: string): never {
  throw new TrainingInputError({ argument, message });
}

/** Runs `check`, renaming the argument of a `TrainingInputError` it throws. */
function renamed<T>(check: () => T, rename: (argument: string) => string, prefix = ''): T {
  try {
    return check();
  } catch (error) {
    if (!TrainingInputError.isInstance(error)) throw error;
    fail(rename(error.argument), `${prefix}${error.message}`);
  }
}

/** Checks `model` and returns the starting weights (the caller's weights are never modified). */
function startingWeights(model: ModelSpec | ModelWeights, seed: RngSeed): ModelWeights {
  if (typeof model !== 'object' || model === null) {
    fail('model', 'model must be a model spec or model weights.');
  }
  if ('layers' in model) {
    renamed(
      () => checkWeights(model),
      (argument) => argument.replace(/^weights\./, 'model.').replace(/^spec\./, 'model.spec.'),
    );
    return model;
  }
  renamed(
    () => checkSpec(model),
    (argument) => argument.replace(/^spec\./, 'model.'),
  );
  return initWeights(model, seed);
}

/** Checks `data` (named `name`) against `spec`; returns its number of rows. */
function checkData(name: string, spec: ModelSpec, data: TrainData | undefined): number {
  if (typeof data !== 'object' || data === null) {
    fail(name, `${name} must be { features, labels }.`);
  }
  const rows = renamed(
    () => {
      const count = checkFeatures(spec, data.features);
      checkLabels(spec, data.labels, count);
      return count;
    },
    (argument) => `${name}.${argument}`,
    `${name}: `,
  );
  if (rows === 0) fail(`${name}.features`, `${name} has no rows.`);
  return rows;
}

function checkNativeOnlyOptions(options: TrainOptions, fallbackReason: string | undefined): void {
  for (const name of nativeOnlyOptions) {
    if (options[name] === undefined) continue;
    fail(
      name,
      fallbackReason === undefined
        ? `${name} needs a native backend (device 'auto', 'cpu' or 'cuda'); the reference trainer does not support it.`
        : `${name} needs the native trainer, which is unavailable: ${fallbackReason}`,
    );
  }
}

function resolveBackend(device: TrainDevice, addon: NativeAddon | undefined): Backend {
  if (device === 'reference') return { kind: 'reference' };
  if (device !== 'auto')
    return addon === undefined ? { kind: 'native', device } : { kind: 'native', device, addon };
  let resolved: NativeAddon;
  try {
    resolved = addon ?? loadNative();
  } catch (error) {
    if (!NativeUnavailableError.isInstance(error)) throw error;
    return { kind: 'reference', fallbackReason: error.message };
  }
  return {
    kind: 'native',
    device: resolved.version().cudaAvailable ? 'cuda' : 'cpu',
    addon: resolved,
  };
}

/**
 * Trains a text classifier or a dense MLP and returns the final metrics with a `TrainedModel`.
 *
 * Checks the model, the data, the validation data, the device and the schedule first
 * (`TrainingInputError`, nothing trained); the trainers check the rest. With the same seed
 * the native CPU backend and the reference backend end with the same weights (within 1e-5).
 * Validation is evaluated once, on the final model (`metrics.validation`), by the TypeScript
 * forward pass, as are `metrics.train` and the handle's `predict` / `evaluate`.
 * `checkpoint`, `resumeFrom`, `threads`, `precision` and `distributed` need a native backend:
 * with the reference trainer (asked for, or `'auto'` without the addon) they are a
 * `TrainingInputError` naming the option.
 *
 * @example
 * const tokenizer = createTokenizer({ vocabularySize: 4096 });
 * const { model, metrics, backend } = await train({
 *   model: {
 *     kind: 'text-classifier',
 *     vocabularySize: 4096,
 *     embeddingDim: 16,
 *     hidden: [32],
 *     classes: 3,
 *   },
 *   data: { features: tokenizer.encode(logs), labels },
 *   validation: { features: tokenizer.encode(heldOutLogs), labels: heldOutLabels },
 *   epochs: 30,
 *   batchSize: 32,
 *   optimizer: { kind: 'adam', learningRate: 0.01 },
 *   schedule: { kind: 'cosine', tMax: 30 },
 *   seed: 7,
 *   onEpoch: ({ epoch, loss }) => console.log(epoch, loss.toFixed(4)),
 * });
 * console.log(backend, metrics.validation?.accuracy);
 * const classes = model.predictClasses(tokenizer.encode(['OOMKilled']));
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const started = performance.now();
  const seed = options.seed ?? 0;
  const weights = startingWeights(options.model, seed);
  checkData('data', weights.spec, options.data);
  if (options.validation !== undefined) checkData('validation', weights.spec, options.validation);
  const device = options.device ?? 'auto';
  if (!devices.includes(device)) {
    fail(
      'device',
      `Unknown device ${String(device)}: expected 'auto', 'cpu', 'cuda' or 'reference'.`,
    );
  }
  const schedule: ScheduleOptions = options.schedule ?? { kind: 'constant' };
  checkSchedule(schedule);
  const backend = resolveBackend(device, options.addon);
  if (backend.kind === 'reference') checkNativeOnlyOptions(options, backend.fallbackReason);

  const { data, epochs, batchSize, optimizer, signal } = options;
  const records: TrainEpoch[] = [];
  const trainingStarted = performance.now();
  const report = (record: Omit<TrainEpoch, 'elapsedMs'>): void => {
    const full: TrainEpoch = { ...record, elapsedMs: performance.now() - trainingStarted };
    records.push(full);
    options.onEpoch?.(full);
  };
  const common = {
    weights,
    features: data.features,
    labels: data.labels,
    epochs,
    batchSize,
    optimizer,
    seed,
    ...(options.schedule === undefined ? {} : { schedule: options.schedule }),
    ...(signal === undefined ? {} : { signal }),
  };

  let trained: ModelWeights;
  let loss: number;
  if (backend.kind === 'reference') {
    const result = await trainReference({
      ...common,
      onEpoch: (record) =>
        report({
          epoch: record.epoch,
          loss: record.loss,
          learningRate: record.learningRate,
          checkpointed: false,
        }),
    });
    trained = result.weights;
    loss = result.epochs.at(-1)?.loss ?? Number.NaN;
  } else {
    const nativeOnly: Pick<TrainNativeOptions, NativeOnlyOption> = Object.fromEntries(
      nativeOnlyOptions
        .filter((name) => options[name] !== undefined)
        .map((name) => [name, options[name]]),
    );
    const result = await trainNative({
      ...common,
      ...nativeOnly,
      device: backend.device,
      ...(backend.addon === undefined ? {} : { addon: backend.addon }),
      onEpoch: (record) =>
        report({
          epoch: record.epoch,
          loss: record.loss,
          learningRate: learningRateAt(schedule, optimizer.learningRate, record.epoch),
          checkpointed: record.checkpointed,
        }),
    });
    trained = result.weights;
    loss = result.epochLosses.at(-1) ?? Number.NaN;
  }

  const model = adoptTrainedModel(trained);
  const trainEvaluation = model.evaluate(data.features, data.labels);
  const validation =
    options.validation === undefined
      ? undefined
      : model.evaluate(options.validation.features, options.validation.labels);
  const metrics: TrainMetrics = {
    loss,
    train: trainEvaluation,
    ...(validation === undefined ? {} : { validation }),
    epochs: records,
    durationMs: performance.now() - started,
  };
  return backend.kind === 'reference'
    ? {
        model,
        metrics,
        backend: 'reference',
        device: 'cpu',
        ...(backend.fallbackReason === undefined ? {} : { fallbackReason: backend.fallbackReason }),
      }
    : { model, metrics, backend: 'native', device: backend.device };
}
