import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { describeWithPrerequisite } from '../../../../scripts/test-env/services';
import {
  addonMissingReason,
  addonNeed,
  maxWeightDifference,
} from '../../test/integration/fixtures/native-addon';
import { NativeUnavailableError, TrainingInputError } from '../errors';
import type { DenseMlpSpec, ModelWeights, TextClassifierSpec, TokenBags } from '../model/types';
import { loadNative } from '../native/load-native';
import type { NativeAddon, NativeMlpJob } from '../native/native-addon';
import { trainNative } from '../native/native-trainer';
import { exportOnnx } from '../onnx/export-onnx';
import { initWeights } from '../reference/init';
import { evaluateReference, predictReference } from '../reference/predict';
import { trainReference } from '../reference/train';
import {
  createTrainedModel,
  evaluate,
  predict,
  type TrainEpoch,
  type TrainOptions,
  train,
} from './index';

// Pass-through spies: every test runs the real functions unless it overrides one, so the
// routing (what train() hands the native trainer, and 'auto' without an addon) is observable.
vi.mock('../native/load-native', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../native/load-native')>();
  return { ...actual, loadNative: vi.fn(actual.loadNative) };
});
vi.mock('../native/native-trainer', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../native/native-trainer')>();
  return { ...actual, trainNative: vi.fn(actual.trainNative) };
});

beforeEach(() => {
  vi.mocked(loadNative).mockReset();
  vi.mocked(trainNative).mockReset();
});

const mlp: DenseMlpSpec = { kind: 'mlp', inputs: 2, hidden: [4], classes: 2 };

/** Two clusters around (-2, -1) and (2, 1): linearly separable. */
function clusters(rows: number, phase: number): { features: Float32Array; labels: Int32Array } {
  const features = new Float32Array(rows * 2);
  const labels = new Int32Array(rows);
  for (let row = 0; row < rows; row += 1) {
    const label = row % 2;
    const sign = label === 0 ? -1 : 1;
    features[row * 2] = sign * 2 + 0.5 * Math.sin(row * 1.3 + phase);
    features[row * 2 + 1] = sign + 0.5 * Math.cos(row * 0.7 + phase);
    labels[row] = label;
  }
  return { features, labels };
}

const text: TextClassifierSpec = {
  kind: 'text-classifier',
  vocabularySize: 12,
  embeddingDim: 4,
  hidden: [],
  classes: 3,
};

/** Class c uses only ids 4c .. 4c + 3: separable by the bag's ids. */
function textData(rows: number): { features: TokenBags; labels: Int32Array } {
  const ids: number[] = [];
  const offsets = new Int32Array(rows);
  const labels = new Int32Array(rows);
  for (let row = 0; row < rows; row += 1) {
    offsets[row] = ids.length;
    const label = row % 3;
    for (let k = 0; k < 1 + (row % 3); k += 1) ids.push(label * 4 + ((row + k) % 4));
    labels[row] = label;
  }
  return { features: { ids: Int32Array.from(ids), offsets }, labels };
}

const data = clusters(24, 0);
const base = {
  model: mlp,
  data,
  epochs: 3,
  batchSize: 8,
  optimizer: { kind: 'adam', learningRate: 0.05 },
} satisfies TrainOptions;

/** A fake addon: reports each epoch (checkpointed on odd epochs), returns the weights it got. */
function fakeAddon(cudaAvailable: boolean, jobs: NativeMlpJob[] = []): NativeAddon {
  return {
    version: () => ({
      torchVersion: '0.0.0',
      cxx11Abi: true,
      cudaAvailable,
      cudaDeviceCount: cudaAvailable ? 1 : 0,
      threads: 1,
      distributed: { gloo: true, nccl: false },
    }),
    trainMlp: (job, onEpoch) => {
      jobs.push(job);
      const losses = Array.from({ length: job.epochs }, (_, epoch) => 1 / (epoch + 2));
      for (const [epoch, loss] of losses.entries()) {
        onEpoch?.({ epoch, loss, checkpointed: epoch % 2 === 1 });
      }
      return {
        promise: Promise.resolve({
          layers: job.layers.map((layer) => ({
            ...layer,
            weight: layer.weight.slice(),
            bias: layer.bias.slice(),
          })),
          epochLosses: Float64Array.from(losses),
        }),
        cancel: () => {},
      };
    },
  };
}

function argmax(probabilities: Float32Array, classes: number): number[] {
  const out: number[] = [];
  for (let row = 0; row * classes < probabilities.length; row += 1) {
    const slice = Array.from(probabilities.subarray(row * classes, (row + 1) * classes));
    out.push(slice.indexOf(Math.max(...slice)));
  }
  return out;
}

function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('train() on the reference backend', () => {
  it('separates two clusters (accuracy 1) and reports every epoch', async () => {
    const validation = clusters(10, 0.4);
    const epochs: TrainEpoch[] = [];
    const result = await train({
      ...base,
      validation,
      epochs: 12,
      batchSize: 4,
      optimizer: { kind: 'sgd', learningRate: 0.5, momentum: 0.5 },
      schedule: { kind: 'step', stepSize: 5, gamma: 0.5 },
      device: 'reference',
      seed: 3,
      onEpoch: (record) => epochs.push(record),
    });
    expect(result.backend).toBe('reference');
    expect(result.device).toBe('cpu');
    expect(result.fallbackReason).toBeUndefined();
    expect(result.metrics.train.accuracy).toBe(1);
    expect(result.metrics.train.samples).toBe(24);
    expect(result.metrics.validation).toEqual(
      evaluateReference(result.model.weights, validation.features, validation.labels),
    );
    expect(result.metrics.validation?.accuracy).toBe(1);
    expect(result.metrics.epochs).toEqual(epochs);
    expect(epochs.map((record) => record.epoch)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(epochs.map((record) => record.learningRate)).toEqual([
      0.5, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.25, 0.125, 0.125,
    ]);
    expect(epochs.every((record) => !record.checkpointed)).toBe(true);
    const elapsed = epochs.map((record) => record.elapsedMs);
    expect(elapsed).toEqual([...elapsed].sort((a, b) => a - b));
    expect(result.metrics.loss).toBe(epochs.at(-1)?.loss);
    expect(result.metrics.durationMs).toBeGreaterThanOrEqual(elapsed.at(-1) ?? 0);
    expect(trainNative).not.toHaveBeenCalled();
  });

  it('separates token bags with a text classifier', async () => {
    const { features, labels } = textData(30);
    const result = await train({
      model: text,
      data: { features, labels },
      epochs: 30,
      batchSize: 5,
      optimizer: { kind: 'adam', learningRate: 0.1 },
      device: 'reference',
      seed: 5,
    });
    expect(result.metrics.train.accuracy).toBe(1);
    expect(Array.from(result.model.predictClasses(features))).toEqual(Array.from(labels));
  });

  it('gives trainReference()’s weights for the same seed (default 0), from a spec or weights', async () => {
    const fromSpec = await train({ ...base, device: 'reference' });
    const direct = await trainReference({ ...base, ...data, spec: mlp, seed: 0 });
    expect(maxWeightDifference(fromSpec.model.weights, direct.weights)).toBe(0);

    const start = initWeights(mlp, 99);
    const before = structuredClone(start);
    const fromWeights = await train({ ...base, model: start, device: 'reference', seed: 4 });
    const directFromWeights = await trainReference({ ...base, ...data, weights: start, seed: 4 });
    expect(maxWeightDifference(fromWeights.model.weights, directFromWeights.weights)).toBe(0);
    expect(maxWeightDifference(start, before)).toBe(0);
    expect(maxWeightDifference(fromWeights.model.weights, start)).toBeGreaterThan(1e-3);
  });

  it.each([
    ['checkpoint', { checkpoint: { path: 'run.ckpt', every: 1 } }],
    ['resumeFrom', { resumeFrom: 'run.ckpt' }],
    ['threads', { threads: 2 }],
    ['precision', { precision: 'bf16' }],
    ['distributed', { distributed: { rank: 0, worldSize: 2, store: { kind: 'file', path: 's' } } }],
  ] as const)(
    'rejects the native-only option %s with a TrainingInputError',
    async (name, extra) => {
      const onEpoch = vi.fn();
      const error = await rejection(train({ ...base, ...extra, device: 'reference', onEpoch }));
      expect(TrainingInputError.isInstance(error)).toBe(true);
      expect((error as TrainingInputError).argument).toBe(name);
      expect((error as TrainingInputError).message).toContain('native backend');
      expect(onEpoch).not.toHaveBeenCalled();
    },
  );

  it('stops at the next batch when the signal aborts, rejecting with its reason', async () => {
    const controller = new AbortController();
    const reason = new Error('stop here');
    const seen: number[] = [];
    const error = await rejection(
      train({
        ...base,
        epochs: 5,
        device: 'reference',
        signal: controller.signal,
        onEpoch: (record) => {
          seen.push(record.epoch);
          controller.abort(reason);
        },
      }),
    );
    expect(error).toBe(reason);
    expect(seen).toEqual([0]);
  });

  it('rejects an already aborted signal before training', async () => {
    const onEpoch = vi.fn();
    const reason = new Error('never started');
    const error = await rejection(
      train({ ...base, device: 'reference', signal: AbortSignal.abort(reason), onEpoch }),
    );
    expect(error).toBe(reason);
    expect(onEpoch).not.toHaveBeenCalled();
  });
});

describe('train() checks its inputs before training', () => {
  it.each<[string, Partial<TrainOptions>]>([
    ['model.classes', { model: { ...mlp, classes: 1 } }],
    ['model.layers', { model: { spec: mlp, layers: [] } }],
    ['model', { model: undefined as unknown as DenseMlpSpec }],
    ['data', { data: undefined as unknown as TrainOptions['data'] }],
    ['data.features', { data: { features: new Float32Array(3), labels: new Int32Array(1) } }],
    ['data.labels', { data: { features: data.features, labels: new Int32Array(3) } }],
    ['data.features', { data: { features: new Float32Array(0), labels: new Int32Array(0) } }],
    [
      'validation.labels',
      { validation: { features: data.features, labels: new Int32Array(24).fill(2) } },
    ],
    [
      'validation.features',
      { validation: { features: textData(2).features, labels: data.labels } },
    ],
    ['device', { device: 'tpu' as unknown as 'cpu' }],
    ['schedule.stepSize', { schedule: { kind: 'step', stepSize: 0, gamma: 0.5 } }],
  ])('%s', async (argument, change) => {
    const onEpoch = vi.fn();
    const addon = fakeAddon(false);
    const trainMlp = vi.spyOn(addon, 'trainMlp');
    const error = await rejection(train({ ...base, ...change, onEpoch, addon }));
    expect(TrainingInputError.isInstance(error)).toBe(true);
    expect((error as TrainingInputError).argument).toBe(argument);
    expect(onEpoch).not.toHaveBeenCalled();
    expect(trainMlp).not.toHaveBeenCalled();
    expect(trainNative).not.toHaveBeenCalled();
  });
});

describe('train() on the native backends', () => {
  const temporary = mkdtempSync(join(tmpdir(), 'train-gpu-train-'));
  afterAll(() => rmSync(temporary, { recursive: true, force: true }));

  it("'auto' falls back to the reference trainer when loadNative() throws NativeUnavailableError", async () => {
    const unavailable = new NativeUnavailableError({
      message: 'no libtorch was found (test)',
      tried: [],
    });
    vi.mocked(loadNative).mockImplementation(() => {
      throw unavailable;
    });
    const result = await train({ ...base, device: 'auto' });
    expect(result.backend).toBe('reference');
    expect(result.device).toBe('cpu');
    expect(result.fallbackReason).toBe(unavailable.message);
    expect(trainNative).not.toHaveBeenCalled();
    const reference = await train({ ...base, device: 'reference' });
    expect(maxWeightDifference(result.model.weights, reference.model.weights)).toBe(0);
  });

  it("'auto' is the default device and falls back the same way", async () => {
    vi.mocked(loadNative).mockImplementation(() => {
      throw new NativeUnavailableError({ message: 'not built (test)', tried: [] });
    });
    const result = await train(base);
    expect(result.backend).toBe('reference');
    expect(result.fallbackReason).toBe('not built (test)');
  });

  it("'auto' without the addon rejects native-only options, saying why the addon is missing", async () => {
    vi.mocked(loadNative).mockImplementation(() => {
      throw new NativeUnavailableError({ message: 'no libtorch was found (test)', tried: [] });
    });
    const error = await rejection(train({ ...base, threads: 2 }));
    expect(TrainingInputError.isInstance(error)).toBe(true);
    expect((error as TrainingInputError).argument).toBe('threads');
    expect((error as TrainingInputError).message).toContain('no libtorch was found (test)');
  });

  it("'auto' does not swallow other loadNative() failures", async () => {
    const broken = new Error('something else');
    vi.mocked(loadNative).mockImplementation(() => {
      throw broken;
    });
    await expect(train(base)).rejects.toBe(broken);
  });

  it.each([
    [true, 'cuda'],
    [false, 'cpu'],
  ] as const)(
    "'auto' with an addon whose cudaAvailable is %s trains natively on %s",
    async (cuda, device) => {
      const jobs: NativeMlpJob[] = [];
      const result = await train({ ...base, addon: fakeAddon(cuda, jobs) });
      expect(result.backend).toBe('native');
      expect(result.device).toBe(device);
      expect(result.fallbackReason).toBeUndefined();
      expect(jobs.map((job) => job.device)).toEqual([device]);
      expect(vi.mocked(trainNative).mock.lastCall?.[0].device).toBe(device);
      expect(loadNative).not.toHaveBeenCalled();
    },
  );

  it("'auto' uses loadNative()'s addon when none is given", async () => {
    const jobs: NativeMlpJob[] = [];
    vi.mocked(loadNative).mockImplementation(() => fakeAddon(true, jobs));
    const result = await train(base);
    expect(result.backend).toBe('native');
    expect(result.device).toBe('cuda');
    expect(jobs).toHaveLength(1);
  });

  it("'cpu' hands trainNative every native option and maps its epochs", async () => {
    const resumeFrom = join(temporary, 'resume.ckpt');
    writeFileSync(resumeFrom, '');
    const jobs: NativeMlpJob[] = [];
    const addon = fakeAddon(false, jobs);
    const controller = new AbortController();
    const validation = clusters(6, 1);
    const epochs: TrainEpoch[] = [];
    const options = {
      ...base,
      epochs: 4,
      validation,
      schedule: { kind: 'step', stepSize: 2, gamma: 0.1 },
      device: 'cpu',
      seed: 'run-7',
      signal: controller.signal,
      checkpoint: { path: join(temporary, 'run.ckpt'), every: 2 },
      resumeFrom,
      threads: 2,
      precision: 'bf16',
      distributed: { rank: 0, worldSize: 1, store: { kind: 'file', path: join(temporary, 's') } },
      addon,
      onEpoch: (record: TrainEpoch) => epochs.push(record),
    } satisfies TrainOptions;
    const result = await train(options);
    const call = vi.mocked(trainNative).mock.lastCall?.[0];
    expect(call).toMatchObject({
      features: data.features,
      labels: data.labels,
      epochs: 4,
      batchSize: 8,
      optimizer: options.optimizer,
      schedule: options.schedule,
      seed: 'run-7',
      device: 'cpu',
      signal: controller.signal,
      checkpoint: options.checkpoint,
      resumeFrom,
      threads: 2,
      precision: 'bf16',
      distributed: options.distributed,
      addon,
    });
    expect(maxWeightDifference(call?.weights as ModelWeights, initWeights(mlp, 'run-7'))).toBe(0);
    expect(jobs[0]?.threads).toBe(2);
    expect(jobs[0]?.checkpointEvery).toBe(2);

    expect(result.backend).toBe('native');
    expect(result.device).toBe('cpu');
    expect(
      epochs.map(({ epoch, loss, learningRate, checkpointed }) => ({
        epoch,
        loss,
        learningRate,
        checkpointed,
      })),
    ).toEqual([
      { epoch: 0, loss: 1 / 2, learningRate: 0.05, checkpointed: false },
      { epoch: 1, loss: 1 / 3, learningRate: 0.05, checkpointed: true },
      {
        epoch: 2,
        loss: 1 / 4,
        learningRate: 0.05 * 0.1,
        checkpointed: false,
        validation: undefined,
      },
      {
        epoch: 3,
        loss: 1 / 5,
        learningRate: 0.05 * 0.1,
        checkpointed: true,
        validation: undefined,
      },
    ]);
    expect(result.metrics.epochs).toEqual(epochs);
    expect(result.metrics.loss).toBe(1 / 5);
    // The fake addon returns the weights it was given: the model is the initialisation.
    expect(maxWeightDifference(result.model.weights, initWeights(mlp, 'run-7'))).toBe(0);
    expect(result.metrics.train).toEqual(
      evaluateReference(initWeights(mlp, 'run-7'), data.features, data.labels),
    );
    expect(result.metrics.validation).toEqual(
      evaluateReference(initWeights(mlp, 'run-7'), validation.features, validation.labels),
    );
  });

  it('passes only the options that are set', async () => {
    await train({ ...base, device: 'cpu', addon: fakeAddon(false) });
    const call = vi.mocked(trainNative).mock.lastCall?.[0] ?? {};
    for (const name of [
      'schedule',
      'checkpoint',
      'resumeFrom',
      'threads',
      'precision',
      'distributed',
      'signal',
    ]) {
      expect(Object.hasOwn(call, name), name).toBe(false);
    }
    expect(call).toMatchObject({ seed: 0, device: 'cpu' });
  });

  it("'cuda' where the addon sees no GPU is trainNative's TrainingInputError", async () => {
    const error = await rejection(train({ ...base, device: 'cuda', addon: fakeAddon(false) }));
    expect(TrainingInputError.isInstance(error)).toBe(true);
    expect((error as TrainingInputError).argument).toBe('device');
  });

  it("'cpu' does not fall back: loadNative()'s NativeUnavailableError propagates", async () => {
    const unavailable = new NativeUnavailableError({ message: 'not built (test)', tried: [] });
    vi.mocked(loadNative).mockImplementation(() => {
      throw unavailable;
    });
    await expect(train({ ...base, device: 'cpu' })).rejects.toBe(unavailable);
  });
});

describe('TrainedModel, predict and evaluate', () => {
  const weights = initWeights({ kind: 'mlp', inputs: 2, hidden: [5], classes: 3 }, 21);
  const labels = Int32Array.from({ length: 24 }, (_, row) => row % 3);

  it('predicts what predictReference predicts, and predictClasses is its argmax', () => {
    const model = createTrainedModel(weights);
    const probabilities = model.predict(data.features);
    expect(probabilities).toEqual(predictReference(weights, data.features));
    expect(predict(model, data.features)).toEqual(probabilities);
    expect(predict(weights, data.features)).toEqual(probabilities);
    const classes = model.predictClasses(data.features);
    expect(classes).toBeInstanceOf(Int32Array);
    expect(Array.from(classes)).toEqual(argmax(probabilities, 3));
    expect(new Set(classes).size).toBeGreaterThan(1);
  });

  it('evaluates as evaluateReference does', () => {
    const model = createTrainedModel(weights);
    const expected = evaluateReference(weights, data.features, labels);
    expect(model.evaluate(data.features, labels)).toEqual(expected);
    expect(evaluate(model, data.features, labels)).toEqual(expected);
    expect(evaluate(weights, data.features, labels)).toEqual(expected);
  });

  it('owns a frozen copy of the weights', () => {
    const source = initWeights(mlp, 8);
    const model = createTrainedModel(source);
    const before = model.predict(data.features);
    (source.layers[0] as { weight: Float32Array }).weight.fill(0);
    expect(model.predict(data.features)).toEqual(before);
    expect(Object.isFrozen(model.weights)).toBe(true);
    expect(Object.isFrozen(model.weights.layers)).toBe(true);
    expect(Object.isFrozen(model.weights.layers[0])).toBe(true);
    expect(Object.isFrozen(model.spec)).toBe(true);
    expect(model.weights.spec).toBe(model.spec);
  });

  it('exports the ONNX model exportOnnx writes', () => {
    const model = createTrainedModel(weights);
    expect(model.toOnnx({ opset: 21 })).toEqual(exportOnnx(weights, { opset: 21 }));
    expect(model.toOnnx()).toEqual(exportOnnx(weights));
  });

  it('rejects weights that do not fit their spec, and features that do not fit the model', () => {
    expect(() => createTrainedModel({ spec: mlp, layers: [] })).toThrow(TrainingInputError);
    const model = createTrainedModel(weights);
    expect(() => model.predict(new Float32Array(3))).toThrow(TrainingInputError);
  });
});

describeWithPrerequisite(
  "train({ device: 'cpu' }) through libtorch against device 'reference'",
  addonNeed,
  addonMissingReason,
  () => {
    it.each([
      ['an MLP', { model: mlp, data }],
      ['a text classifier', { model: text, data: textData(30) }],
    ] as const)('ends with the same weights (within 1e-5) for %s', async (_, setup) => {
      const options = {
        ...setup,
        epochs: 3,
        batchSize: 4,
        optimizer: { kind: 'adam', learningRate: 0.02 },
        seed: 17,
      } satisfies TrainOptions;
      const native = await train({ ...options, device: 'cpu' });
      const reference = await train({ ...options, device: 'reference' });
      expect(native.backend).toBe('native');
      expect(native.device).toBe('cpu');
      expect(reference.backend).toBe('reference');
      expect(maxWeightDifference(native.model.weights, reference.model.weights)).toBeLessThan(1e-5);
      expect(
        maxWeightDifference(native.model.weights, initWeights(setup.model, 17)),
      ).toBeGreaterThan(1e-3);
      expect(Math.abs(native.metrics.loss - reference.metrics.loss)).toBeLessThan(1e-5);
    });
  },
);
