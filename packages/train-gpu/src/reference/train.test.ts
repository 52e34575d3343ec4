import { createRng } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import { TrainingInputError } from '../errors';
import type { ModelSpec, TokenBags } from '../model/types';
import { initWeights } from './init';
import { evaluateReference, predictReference } from './predict';
import { type TrainReferenceOptions, trainReference } from './train';

/** Three Gaussian blobs in 4 dimensions. */
function blobs(rows: number, seed: number): { features: Float32Array; labels: Int32Array } {
  const rng = createRng(seed);
  const features = new Float32Array(rows * 4);
  const labels = new Int32Array(rows);
  for (let r = 0; r < rows; r += 1) {
    const y = r % 3;
    labels[r] = y;
    for (let d = 0; d < 4; d += 1) features[r * 4 + d] = (d === y ? 3 : 0) + rng.normal(0, 0.5);
  }
  return { features, labels };
}

const mlp: ModelSpec = { kind: 'mlp', inputs: 4, hidden: [8], classes: 3 };
const data = blobs(90, 1);
const base: TrainReferenceOptions = {
  spec: mlp,
  ...data,
  epochs: 5,
  batchSize: 16,
  optimizer: { kind: 'adam', learningRate: 0.05 },
  seed: 5,
};

describe('trainReference', () => {
  it('learns separable data and reports each epoch', async () => {
    const seen: number[] = [];
    const result = await trainReference({
      ...base,
      epochs: 15,
      onEpoch: (r) => seen.push(r.epoch),
    });
    expect(seen).toEqual(Array.from({ length: 15 }, (_, i) => i));
    const first = result.epochs[0];
    const last = result.epochs.at(-1);
    expect(last?.loss).toBeLessThan((first?.loss ?? 0) / 3);
    expect(last?.accuracy).toBeGreaterThan(0.95);
    expect(last?.samples).toBe(90);
    expect(last?.durationMs).toBeGreaterThanOrEqual(0);
    const evaluation = evaluateReference(result.weights, data.features, data.labels);
    expect(evaluation.accuracy).toBeGreaterThan(0.95);
    expect(evaluation.samples).toBe(90);
  });

  it('is deterministic per seed; the seed changes the batch order', async () => {
    const a = await trainReference(base);
    const b = await trainReference(base);
    const c = await trainReference({ ...base, weights: initWeights(mlp, 5), seed: 6 });
    expect(a.weights.layers[0]?.weight).toEqual(b.weights.layers[0]?.weight);
    expect(a.epochs.map((e) => e.loss)).toEqual(b.epochs.map((e) => e.loss));
    expect(c.weights.layers[0]?.weight).not.toEqual(a.weights.layers[0]?.weight);
  });

  it('with shuffle false, or one full batch, does not depend on the seed', async () => {
    const one = { ...base, weights: initWeights(mlp, 1), shuffle: false };
    const a = await trainReference({ ...one, seed: 1 });
    const b = await trainReference({ ...one, seed: 2 });
    expect(a.weights.layers[1]?.weight).toEqual(b.weights.layers[1]?.weight);
  });

  it('applies the schedule per epoch', async () => {
    const result = await trainReference({
      ...base,
      epochs: 4,
      schedule: { kind: 'step', stepSize: 2, gamma: 0.1 },
    });
    expect(result.epochs.map((e) => e.learningRate)).toEqual([0.05, 0.05, 0.05 * 0.1, 0.05 * 0.1]);
  });

  it('trains a text classifier on token bags, empty bags included', async () => {
    const spec: ModelSpec = {
      kind: 'text-classifier',
      vocabularySize: 20,
      embeddingDim: 4,
      hidden: [],
      classes: 2,
    };
    // class 0 uses ids 0..9, class 1 ids 10..19; row 5 is an empty bag
    const ids: number[] = [];
    const offsets: number[] = [];
    const labels: number[] = [];
    for (let r = 0; r < 40; r += 1) {
      offsets.push(ids.length);
      labels.push(r % 2);
      if (r !== 5) ids.push((r % 2) * 10 + (r % 10), (r % 2) * 10 + ((r * 3) % 10));
    }
    const bags: TokenBags = { ids: Int32Array.from(ids), offsets: Int32Array.from(offsets) };
    const result = await trainReference({
      spec,
      features: bags,
      labels: Int32Array.from(labels),
      epochs: 30,
      batchSize: 8,
      optimizer: { kind: 'sgd', learningRate: 0.5, momentum: 0.9 },
      seed: 3,
    });
    expect(result.epochs.at(-1)?.accuracy).toBeGreaterThanOrEqual(0.95);
    const probs = predictReference(result.weights, bags);
    expect(probs.length).toBe(80);
    // the empty bag's logits are the bias path only; probabilities still sum to 1
    expect((probs[10] as number) + (probs[11] as number)).toBeCloseTo(1, 6);
  });

  it('rejects bad input before training', async () => {
    const bad = async (patch: Partial<TrainReferenceOptions>, argument: string) => {
      const error = await trainReference({ ...base, ...patch }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TrainingInputError);
      expect((error as TrainingInputError).argument).toBe(argument);
    };
    await bad({ labels: new Int32Array(89) }, 'labels');
    await bad({ labels: new Int32Array(90).fill(3) }, 'labels');
    await bad({ features: new Float32Array(0), labels: new Int32Array(0) }, 'features');
    await bad({ features: data.features.map((v, i) => (i === 7 ? Number.NaN : v)) }, 'features');
    await bad({ features: new Float32Array(10) }, 'features');
    await bad({ epochs: 0 }, 'epochs');
    await bad({ batchSize: 1.5 }, 'batchSize');
    await bad({ optimizer: { kind: 'sgd', learningRate: -1 } }, 'optimizer.learningRate');
    await bad({ optimizer: { kind: 'sgd', learningRate: 0.1, momentum: 1 } }, 'optimizer.momentum');
    await bad(
      { optimizer: { kind: 'adam', learningRate: 0.1, betas: [1, 0.9] } },
      'optimizer.betas[0]',
    );
    await bad(
      { optimizer: { kind: 'adam', learningRate: 0.1, weightDecay: -1 } },
      'optimizer.weightDecay',
    );
    await bad({ spec: undefined }, 'weights');
    await bad({ order: () => [0, 0, 1] }, 'order');
    await bad({ features: { ids: Int32Array.of(0), offsets: Int32Array.of(0) } }, 'features');
    const text: ModelSpec = {
      kind: 'text-classifier',
      vocabularySize: 4,
      embeddingDim: 2,
      hidden: [],
      classes: 3,
    };
    await bad(
      {
        spec: text,
        features: { ids: Int32Array.of(4), offsets: Int32Array.of(0) },
        labels: Int32Array.of(0),
      },
      'features.ids',
    );
    await bad(
      {
        spec: text,
        features: { ids: Int32Array.of(1), offsets: Int32Array.of(0, 2) },
        labels: Int32Array.of(0, 1),
      },
      'features.offsets',
    );
  });

  it('rejects with the signal reason when aborted', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(trainReference({ ...base, signal: controller.signal })).rejects.toBe(reason);
    const later = new AbortController();
    let batches = 0;
    const run = trainReference({
      ...base,
      epochs: 50,
      signal: later.signal,
      onBatch: () => {
        batches += 1;
        if (batches === 3) later.abort(reason);
      },
    });
    await expect(run).rejects.toBe(reason);
    expect(batches).toBe(3);
  });

  it('never modifies the weights it is given', async () => {
    const start = initWeights(mlp, 2);
    const before = start.layers[0]?.weight.slice();
    await trainReference({ ...base, weights: start });
    expect(start.layers[0]?.weight).toEqual(before);
  });
});
