import { describe, expect, it } from 'vitest';
import { TrainingInputError } from '../errors';
import { cloneWeights, initWeights } from './init';

describe('initWeights', () => {
  const spec = {
    kind: 'text-classifier',
    vocabularySize: 500,
    embeddingDim: 20,
    hidden: [64],
    classes: 5,
  } as const;

  it('is deterministic per seed and has the PyTorch layouts', () => {
    const a = initWeights(spec, 3);
    const b = initWeights(spec, 3);
    const c = initWeights(spec, 4);
    expect(a.embedding).toEqual(b.embedding);
    expect(a.layers[1]?.weight).toEqual(b.layers[1]?.weight);
    expect(a.embedding).not.toEqual(c.embedding);
    expect(a.embedding?.length).toBe(500 * 20);
    expect(
      a.layers.map((l) => [l.inFeatures, l.outFeatures, l.weight.length, l.bias.length]),
    ).toEqual([
      [20, 64, 1280, 64],
      [64, 5, 320, 5],
    ]);
  });

  it('draws Linear from U(-1/sqrt(in), 1/sqrt(in)) and the embedding from N(0, 1)', () => {
    const w = initWeights(spec, 9);
    const emb = w.embedding as Float32Array;
    const mean = emb.reduce((s, v) => s + v, 0) / emb.length;
    const variance = emb.reduce((s, v) => s + (v - mean) ** 2, 0) / emb.length;
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    for (const layer of w.layers) {
      const bound = 1 / Math.sqrt(layer.inFeatures);
      const all = [...layer.weight, ...layer.bias];
      expect(Math.max(...all)).toBeLessThanOrEqual(bound);
      expect(Math.min(...all)).toBeGreaterThanOrEqual(-bound);
      // uniform: variance bound^2 / 3
      const v = layer.weight.reduce((s, x) => s + x * x, 0) / layer.weight.length;
      expect(Math.abs(v / ((bound * bound) / 3) - 1)).toBeLessThan(0.15);
    }
  });

  it('makes an MLP without embedding; clones deeply', () => {
    const w = initWeights({ kind: 'mlp', inputs: 3, hidden: [], classes: 2 }, 1);
    expect(w.embedding).toBeUndefined();
    expect(w.layers).toHaveLength(1);
    const copy = cloneWeights(w);
    (copy.layers[0] as { weight: Float32Array }).weight[0] = 42;
    expect(w.layers[0]?.weight[0]).not.toBe(42);
  });

  it('rejects bad specs', () => {
    expect(() => initWeights({ kind: 'mlp', inputs: 0, hidden: [], classes: 2 }, 1)).toThrow(
      TrainingInputError,
    );
    expect(() => initWeights({ kind: 'mlp', inputs: 2, hidden: [2.5], classes: 2 }, 1)).toThrow(
      TrainingInputError,
    );
    expect(() => initWeights({ kind: 'mlp', inputs: 2, hidden: [], classes: 1 }, 1)).toThrow(
      TrainingInputError,
    );
  });
});
