import { expect, it } from 'vitest';
import { describeWithPrerequisite } from '../../../../scripts/test-env/services';
import type { DenseMlpSpec } from '../../src/model/types';
import { loadNative } from '../../src/native/load-native';
import { trainMlpNative } from '../../src/native/native-trainer';
import { initWeights } from '../../src/reference/init';
import type { OptimizerOptions } from '../../src/reference/optimizers';
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
