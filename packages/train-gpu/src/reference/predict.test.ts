import { describe, expect, it } from 'vitest';
import { TrainingInputError } from '../errors';
import type { ModelWeights } from '../model/types';
import { evaluateReference, predictReference } from './predict';

// Linear(2 -> 2) with W = [[1, 0], [0, 1]], b = [0, ln 3]: logits = x + [0, ln 3]
const weights: ModelWeights = {
  spec: { kind: 'mlp', inputs: 2, hidden: [], classes: 2 },
  layers: [
    {
      inFeatures: 2,
      outFeatures: 2,
      weight: Float32Array.of(1, 0, 0, 1),
      bias: Float32Array.of(0, Math.log(3)),
    },
  ],
};

describe('predictReference / evaluateReference', () => {
  it('returns softmax probabilities [rows, classes]', () => {
    const probs = predictReference(weights, Float32Array.of(0, 0, Math.log(3), 0));
    expect(Array.from(probs)).toEqual([0.25, 0.75, 0.5, 0.5].map(Math.fround));
  });

  it('averages the cross-entropy and counts argmax hits (first on ties)', () => {
    const result = evaluateReference(
      weights,
      Float32Array.of(0, 0, Math.log(3), 0),
      Int32Array.of(1, 0),
    );
    expect(result.loss).toBeCloseTo((-Math.log(0.75) - Math.log(0.5)) / 2, 6);
    expect(result.accuracy).toBe(1);
    expect(result.samples).toBe(2);
  });

  it('embeds an empty bag to zeros', () => {
    const text: ModelWeights = {
      spec: { kind: 'text-classifier', vocabularySize: 2, embeddingDim: 2, hidden: [], classes: 2 },
      embedding: Float32Array.of(5, 0, 0, 5),
      layers: weights.layers,
    };
    const probs = predictReference(text, {
      ids: Int32Array.of(0, 1),
      offsets: Int32Array.of(0, 2),
    });
    // row 0: mean of rows 0 and 1 = [2.5, 2.5] -> equal + ln 3; row 1: empty -> bias only
    expect(probs[1]).toBeCloseTo(0.75, 6);
    expect(probs[3]).toBeCloseTo(0.75, 6);
    const one = predictReference(text, { ids: Int32Array.of(0), offsets: Int32Array.of(0) });
    expect(one[0]).toBeCloseTo(Math.exp(5) / (Math.exp(5) + 3), 6);
  });

  it('rejects weights that do not fit their spec', () => {
    const broken = {
      ...weights,
      layers: [{ ...weights.layers[0], bias: new Float32Array(3) }],
    } as ModelWeights;
    expect(() => predictReference(broken, new Float32Array(2))).toThrow(TrainingInputError);
  });
});
