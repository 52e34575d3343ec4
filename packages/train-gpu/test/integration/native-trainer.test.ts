import { expect, it } from 'vitest';
import { describeWithPrerequisite } from '../../../../scripts/test-env/services';
import type { DenseMlpSpec } from '../../src/model/types';
import { loadNative } from '../../src/native/load-native';
import { trainMlpNative } from '../../src/native/native-trainer';
import { initWeights } from '../../src/reference/init';
import type { OptimizerOptions } from '../../src/reference/optimizers';
import type { ScheduleOptions } from '../../src/reference/schedules';
import { trainReference } from '../../src/reference/train';
import { addonMissingReason, addonNeed, maxWeightDifference } from './fixtures/native-addon';

const spec: DenseMlpSpec = { kind: 'mlp', inputs: 5, hidden: [8, 6], classes: 3 };
const rows = 37;

/** Deterministic, roughly separable data: the class follows the sign pattern of sums. */
function dataset(): { features: Float32Array; labels: Int32Array } {
  const features = new Float32Array(rows * spec.inputs);
  const labels = new Int32Array(rows);
  for (let row = 0; row < rows; row += 1) {
    let sum = 0;
    for (let column = 0; column < spec.inputs; column += 1) {
      const value = Math.sin(row * 1.7 + column * 0.9) * (1 + column / 4);
      features[row * spec.inputs + column] = value;
      sum += value;
    }
    labels[row] = sum < -0.5 ? 0 : sum < 0.8 ? 1 : 2;
  }
  return { features, labels };
}

/** A fixed shuffle per epoch, shared by both trainers. */
function order(epoch: number): number[] {
  return Array.from({ length: rows }, (_, row) => (row * 11 + epoch * 5) % rows);
}

describeWithPrerequisite(
  'native MLP trainer (libtorch) against the TypeScript reference trainer',
  addonNeed,
  addonMissingReason,
  () => {
    const { features, labels } = dataset();
    const initial = initWeights(spec, 20261127);

    it('reports the libtorch it was built against', () => {
      const version = loadNative().version();
      expect(version.torchVersion).toMatch(/^\d+\.\d+\.\d+/);
      expect(typeof version.cxx11Abi).toBe('boolean');
      expect(version.cudaDeviceCount).toBeGreaterThanOrEqual(0);
      expect(typeof version.distributed.gloo).toBe('boolean');
    });

    it.each<[string, OptimizerOptions]>([
      [
        'SGD with momentum and weight decay',
        {
          kind: 'sgd',
          learningRate: 0.1,
          momentum: 0.9,
          weightDecay: 0.01,
        },
      ],
      ['Adam', { kind: 'adam', learningRate: 0.01, betas: [0.8, 0.99], eps: 1e-7 }],
    ])('matches after one epoch and after three: %s', async (_, optimizer) => {
      for (const epochs of [1, 3]) {
        const common = {
          weights: initial,
          features,
          labels,
          epochs,
          batchSize: 8,
          optimizer,
          order,
        };
        const native = await trainMlpNative(common);
        const reference = await trainReference({ ...common, seed: 1 });
        // float32 kernels summing in different orders: measured 3e-8 after one epoch.
        expect(maxWeightDifference(native.weights, reference.weights)).toBeLessThan(1e-6);
        expect(maxWeightDifference(native.weights, initial)).toBeGreaterThan(1e-3);
        expect(native.epochLosses).toHaveLength(epochs);
        native.epochLosses.forEach((loss, epoch) => {
          expect(Math.abs(loss - (reference.epochs[epoch]?.loss ?? Number.NaN))).toBeLessThan(1e-6);
        });
      }
      // The inputs are copied, never trained in place.
      expect(initial.layers[0]?.weight).toEqual(initWeights(spec, 20261127).layers[0]?.weight);
    });

    it.each<[string, ScheduleOptions]>([
      ['a step schedule', { kind: 'step', stepSize: 1, gamma: 0.5 }],
      ['a cosine schedule', { kind: 'cosine', tMax: 3, etaMin: 0.001 }],
    ])('follows %s as the reference trainer does', async (_, schedule) => {
      const common = {
        weights: initial,
        features,
        labels,
        epochs: 3,
        batchSize: 8,
        optimizer: { kind: 'sgd' as const, learningRate: 0.2, momentum: 0.9 },
        order,
      };
      const native = await trainMlpNative({ ...common, schedule });
      const reference = await trainReference({ ...common, schedule, seed: 1 });
      const constant = await trainMlpNative(common);
      expect(maxWeightDifference(native.weights, reference.weights)).toBeLessThan(1e-6);
      // The schedule changed the trajectory (epochs 2 and 3 ran at other rates).
      expect(maxWeightDifference(native.weights, constant.weights)).toBeGreaterThan(1e-3);
    });

    it('trains the forward pass in bfloat16 under autocast, keeping float32 weights', async () => {
      const common = {
        weights: initial,
        features,
        labels,
        epochs: 5,
        batchSize: 8,
        optimizer: { kind: 'adam' as const, learningRate: 0.01 },
        order,
      };
      const fp32 = await trainMlpNative(common);
      const bf16 = await trainMlpNative({ ...common, precision: 'bf16' });
      const again = await trainMlpNative({ ...common, precision: 'bf16' });
      expect(bf16.weights.layers[0]?.weight).toBeInstanceOf(Float32Array);
      // bfloat16 keeps 8 bits of mantissa: the trajectory differs from float32 (autocast was
      // on) but stays close, and it is deterministic.
      const difference = maxWeightDifference(bf16.weights, fp32.weights);
      expect(difference).toBeGreaterThan(1e-5);
      expect(difference).toBeLessThan(5e-2);
      expect(maxWeightDifference(bf16.weights, again.weights)).toBe(0);
      bf16.epochLosses.forEach((loss, epoch) => {
        expect(Math.abs(loss - (fp32.epochLosses[epoch] as number))).toBeLessThan(2e-2);
      });
      expect(bf16.epochLosses.at(-1)).toBeLessThan(bf16.epochLosses[0] as number);
    });

    it('is bitwise reproducible with one thread', async () => {
      const run = () =>
        trainMlpNative({
          weights: initial,
          features,
          labels,
          epochs: 2,
          batchSize: 5,
          optimizer: { kind: 'adam', learningRate: 0.01 },
          order,
        });
      const [first, second] = [await run(), await run()];
      expect(maxWeightDifference(first.weights, second.weights)).toBe(0);
    });

    it('trains off the JS thread: timers fire while it runs', async () => {
      const bigRows = 20_000;
      const bigSpec: DenseMlpSpec = { kind: 'mlp', inputs: 32, hidden: [128], classes: 4 };
      const bigFeatures = new Float32Array(bigRows * bigSpec.inputs).map((_, i) => Math.sin(i));
      const bigLabels = new Int32Array(bigRows).map((_, i) => i % 4);
      let ticks = 0;
      const timer = setInterval(() => {
        ticks += 1;
      }, 1);
      try {
        await trainMlpNative({
          weights: initWeights(bigSpec, 3),
          features: bigFeatures,
          labels: bigLabels,
          epochs: 3,
          batchSize: 16,
          optimizer: { kind: 'sgd', learningRate: 0.01 },
        });
      } finally {
        clearInterval(timer);
      }
      expect(ticks).toBeGreaterThan(0);
    });

    it('reports every epoch in order before resolving', async () => {
      const seen: { epoch: number; loss: number }[] = [];
      let resolvedAfter = -1;
      const result = await trainMlpNative({
        weights: initial,
        features,
        labels,
        epochs: 6,
        batchSize: 4,
        optimizer: { kind: 'sgd', learningRate: 0.05 },
        order,
        onEpoch: (record) => {
          seen.push(record);
        },
      }).then((value) => {
        resolvedAfter = seen.length;
        return value;
      });
      expect(resolvedAfter).toBe(6);
      expect(seen.map((record) => record.epoch)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(seen.map((record) => record.loss)).toEqual(result.epochLosses);
    });

    it('stops on abort and rejects with the signal reason; a throwing onEpoch rejects too', async () => {
      const controller = new AbortController();
      const reason = new Error('enough');
      let epochsSeen = 0;
      const training = trainMlpNative({
        weights: initial,
        features,
        labels,
        epochs: 1_000_000,
        batchSize: 1,
        optimizer: { kind: 'sgd', learningRate: 0.01 },
        onEpoch: () => {
          epochsSeen += 1;
          if (epochsSeen === 3) controller.abort(reason);
        },
        signal: controller.signal,
      });
      await expect(training).rejects.toBe(reason);
      expect(epochsSeen).toBeLessThan(1000);

      const thrown = new Error('from onEpoch');
      await expect(
        trainMlpNative({
          weights: initial,
          features,
          labels,
          epochs: 1_000_000,
          batchSize: 1,
          optimizer: { kind: 'sgd', learningRate: 0.01 },
          onEpoch: () => {
            throw thrown;
          },
        }),
      ).rejects.toBe(thrown);
    });

    it('turns a libtorch c10::Error and a C++ exception into rejections', async () => {
      const addon = loadNative();
      const job = {
        layers: initial.layers,
        features,
        labels,
        order: Int32Array.from(order(0)),
        epochs: 1,
        batchSize: 8,
        threads: 1,
        optimizer: {
          kind: 'sgd' as const,
          learningRate: -1,
          momentum: 0,
          weightDecay: 0,
          beta1: 0.9,
          beta2: 0.999,
          epsilon: 1e-8,
        },
      };
      await expect(addon.trainMlp(job).promise).rejects.toMatchObject({
        code: 'TRAIN_GPU_NATIVE_TORCH',
        message: expect.stringMatching(/Invalid learning rate/),
      });
      await expect(
        addon.trainMlp({ ...job, optimizer: { ...job.optimizer, kind: 'lbfgs' as 'sgd' } }).promise,
      ).rejects.toMatchObject({ code: 'TRAIN_GPU_NATIVE', message: 'unknown optimizer `lbfgs`' });
      expect(() => addon.trainMlp({ ...job, order: new Int32Array(3) })).toThrow(
        '`order` must hold epochs * rows row indexes',
      );
    });
  },
);
