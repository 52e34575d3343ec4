import { expect, it } from 'vitest';
import { describeWithPrerequisite } from '../../../../scripts/test-env/services';
import type { TextClassifierSpec, TokenBags } from '../../src/model/types';
import { trainNative } from '../../src/native/native-trainer';
import { initWeights } from '../../src/reference/init';
import type { OptimizerOptions } from '../../src/reference/optimizers';
import { trainReference } from '../../src/reference/train';
import { addonMissingReason, addonNeed, maxWeightDifference } from './fixtures/native-addon';

const spec: TextClassifierSpec = {
  kind: 'text-classifier',
  vocabularySize: 23,
  embeddingDim: 6,
  hidden: [7],
  classes: 3,
};
const rows = 29;

/** Token bags of 0-5 ids (some empty, some repeated ids); the class follows the ids' sum. */
function dataset(): { features: TokenBags; labels: Int32Array } {
  const ids: number[] = [];
  const offsets = new Int32Array(rows);
  const labels = new Int32Array(rows);
  for (let row = 0; row < rows; row += 1) {
    offsets[row] = ids.length;
    const length = (row * 7) % 6;
    let sum = 0;
    for (let k = 0; k < length; k += 1) {
      const id = (row * 5 + k * k * 3) % spec.vocabularySize;
      ids.push(id);
      sum += id;
    }
    labels[row] = length === 0 ? 0 : sum % 3;
  }
  return { features: { ids: Int32Array.from(ids), offsets }, labels };
}

function order(epoch: number): number[] {
  return Array.from({ length: rows }, (_, row) => (row * 12 + epoch * 7) % rows);
}

describeWithPrerequisite(
  'native text classifier (libtorch) against the TypeScript reference trainer',
  addonNeed,
  addonMissingReason,
  () => {
    const { features, labels } = dataset();
    const initial = initWeights(spec, 20261127);

    it.each<[string, OptimizerOptions]>([
      [
        'SGD with momentum and weight decay',
        { kind: 'sgd', learningRate: 0.2, momentum: 0.9, weightDecay: 0.01 },
      ],
      [
        'Adam with weight decay',
        { kind: 'adam', learningRate: 0.02, betas: [0.8, 0.99], weightDecay: 0.001 },
      ],
    ])('matches within 1e-5 after one epoch and after three: %s', async (_, optimizer) => {
      for (const epochs of [1, 3]) {
        const common = {
          weights: initial,
          features,
          labels,
          epochs,
          batchSize: 4,
          optimizer,
          order,
        };
        const native = await trainNative(common);
        const reference = await trainReference({ ...common, seed: 1 });
        expect(maxWeightDifference(native.weights, reference.weights)).toBeLessThan(1e-5);
        // Training moved the embedding and the layers: the comparison is not vacuous.
        expect(native.weights.embedding).toBeDefined();
        expect(maxWeightDifference(native.weights, initial)).toBeGreaterThan(1e-3);
        native.epochLosses.forEach((loss, epoch) => {
          expect(Math.abs(loss - (reference.epochs[epoch]?.loss ?? Number.NaN))).toBeLessThan(1e-5);
        });
      }
      expect(initial.embedding).toEqual(initWeights(spec, 20261127).embedding);
    });

    it('uses the reference shuffle for a seed, and rows in order without one', async () => {
      const common = {
        weights: initial,
        features,
        labels,
        epochs: 2,
        batchSize: 5,
        optimizer: { kind: 'sgd', learningRate: 0.1 } as const,
      };
      const seeded = await trainNative({ ...common, seed: 42 });
      const reference = await trainReference({ ...common, seed: 42 });
      expect(maxWeightDifference(seeded.weights, reference.weights)).toBeLessThan(1e-5);
      const inOrder = await trainNative(common);
      const referenceInOrder = await trainReference({ ...common, seed: 42, shuffle: false });
      expect(maxWeightDifference(inOrder.weights, referenceInOrder.weights)).toBeLessThan(1e-5);
      expect(maxWeightDifference(inOrder.weights, seeded.weights)).toBeGreaterThan(1e-4);
    });
  },
);
