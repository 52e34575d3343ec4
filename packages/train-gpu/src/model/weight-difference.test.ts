import { describe, expect, it } from 'vitest';
import { cloneWeights, initWeights } from '../reference/init';
import { weightDifference } from './weight-difference';

describe('weightDifference', () => {
  const spec = {
    kind: 'text-classifier',
    vocabularySize: 7,
    embeddingDim: 3,
    hidden: [4],
    classes: 2,
  } as const;

  it('is 0 for equal weights and the largest absolute difference otherwise', () => {
    const weights = initWeights(spec, 1);
    const other = cloneWeights(weights);
    expect(weightDifference(weights, other)).toBe(0);
    (other.embedding as Float32Array)[5] = (weights.embedding?.[5] ?? 0) - 0.25;
    (other.layers[1] as { bias: Float32Array }).bias[0] = (weights.layers[1]?.bias[0] ?? 0) + 0.5;
    expect(weightDifference(weights, other)).toBeCloseTo(0.5, 6);
    expect(weightDifference(other, weights)).toBe(weightDifference(weights, other));
  });

  it('is Infinity for weights of other shapes', () => {
    expect(weightDifference(initWeights(spec, 1), initWeights({ ...spec, hidden: [] }, 1))).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(
      weightDifference(
        initWeights(spec, 1),
        initWeights({ kind: 'mlp', inputs: 3, hidden: [4], classes: 2 }, 1),
      ),
    ).toBe(Number.POSITIVE_INFINITY);
  });
});
