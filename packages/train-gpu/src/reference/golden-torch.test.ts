import { describe, expect, it } from 'vitest';
import { readGolden } from '../../test/support/golden';
import type { Features, LinearWeights, ModelSpec, ModelWeights } from '../model/types';
import { backward, forward, zeroGradients } from './network';
import type { OptimizerOptions } from './optimizers';
import { predictReference } from './predict';
import { learningRateAt, type ScheduleOptions } from './schedules';
import { trainReference } from './train';

interface WeightsJson {
  embedding?: number[];
  layers: { weight: number[]; bias: number[] }[];
}
interface RunJson {
  optimizer: OptimizerOptions;
  schedule: ScheduleOptions;
  batchLosses: number[][];
  learningRates: number[];
  firstGradients: WeightsJson;
  weightsAfter: Record<'1' | '3', WeightsJson>;
}
interface CaseJson {
  spec: ModelSpec;
  batchSize: number;
  labels: number[];
  order: number[][];
  bags?: number[][];
  dense?: number[];
  initial: WeightsJson;
  probabilities: number[];
  runs: RunJson[];
}
interface Cases {
  text: CaseJson;
  mlp: CaseJson;
  schedules: { schedule: ScheduleOptions; base: number; rates: number[] }[];
}

const golden = readGolden<Cases>(
  new URL('./__fixtures__/train-reference-torch.json', import.meta.url),
);

/** Training tolerance (relative + absolute) against PyTorch float32; forward: 1e-6. */
const TOL = 1e-5;

function toWeights(spec: ModelSpec, json: WeightsJson): ModelWeights {
  const input = spec.kind === 'text-classifier' ? spec.embeddingDim : spec.inputs;
  const sizes = [input, ...spec.hidden, spec.classes];
  const layers: LinearWeights[] = json.layers.map((layer, l) => ({
    inFeatures: sizes[l] as number,
    outFeatures: sizes[l + 1] as number,
    weight: Float32Array.from(layer.weight),
    bias: Float32Array.from(layer.bias),
  }));
  return json.embedding === undefined
    ? { spec, layers }
    : { spec, embedding: Float32Array.from(json.embedding), layers };
}

function toFeatures(c: CaseJson): Features {
  if (c.bags !== undefined) {
    const offsets = new Int32Array(c.bags.length);
    let total = 0;
    c.bags.forEach((bag, r) => {
      offsets[r] = total;
      total += bag.length;
    });
    return { ids: Int32Array.from(c.bags.flat()), offsets };
  }
  return Float32Array.from(c.dense ?? []);
}

/** Largest violation ratio |a - e| / (tol + tol |e|); <= 1 passes. */
function worst(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): number {
  expect(actual.length).toBe(expected.length);
  let ratio = 0;
  for (let i = 0; i < expected.length; i += 1) {
    const e = expected[i] as number;
    const a = actual[i] as number;
    ratio = Math.max(ratio, Math.abs(a - e) / (tol + tol * Math.abs(e)));
    if (Number.isNaN(a)) return Number.POSITIVE_INFINITY;
  }
  return ratio;
}

function expectWeightsClose(
  actual:
    | ModelWeights
    | { embedding?: Float32Array; layers: readonly { weight: Float32Array; bias: Float32Array }[] },
  expected: WeightsJson,
  tol: number,
): void {
  if (expected.embedding !== undefined) {
    expect(worst(actual.embedding ?? [], expected.embedding, tol), 'embedding').toBeLessThanOrEqual(
      1,
    );
  }
  expected.layers.forEach((layer, l) => {
    const got = actual.layers[l];
    expect(
      worst(got?.weight ?? [], layer.weight, tol),
      `layer ${String(l)} weight`,
    ).toBeLessThanOrEqual(1);
    expect(worst(got?.bias ?? [], layer.bias, tol), `layer ${String(l)} bias`).toBeLessThanOrEqual(
      1,
    );
  });
}

describe.each(['text', 'mlp'] as const)('reference trainer vs PyTorch 2.13 float32: %s', (name) => {
  const c = golden.cases[name];
  const features = toFeatures(c);
  const labels = Int32Array.from(c.labels);
  const initial = toWeights(c.spec, c.initial);

  it('forward probabilities match torch.softmax(model(x)) within 1e-6', () => {
    const probs = predictReference(initial, features);
    expect(worst(probs, c.probabilities, 1e-6)).toBeLessThanOrEqual(1);
  });

  it('first-batch gradients match loss.backward() within 1e-5', () => {
    const rows = c.order[0]?.slice(0, c.batchSize) ?? [];
    const grads = zeroGradients(initial);
    backward(initial, features, labels, rows, forward(initial, features, rows), grads);
    expectWeightsClose(grads, c.runs[0]?.firstGradients as WeightsJson, TOL);
  });

  it.each(
    c.runs.map(
      (run, i) => [`${run.optimizer.kind} ${run.schedule.kind} #${String(i)}`, run] as const,
    ),
  )('%s: batch losses, learning rates and weights after epochs 1 and 3', async (_label, run) => {
    const losses: number[][] = [];
    const optimizer = run.optimizer;
    const result = await trainReference({
      weights: initial,
      features,
      labels,
      epochs: 1,
      batchSize: c.batchSize,
      optimizer,
      schedule: run.schedule,
      seed: 0,
      order: (epoch) => c.order[epoch] as number[],
    });
    expectWeightsClose(result.weights, run.weightsAfter['1'], TOL);
    const full = await trainReference({
      weights: initial,
      features,
      labels,
      epochs: 3,
      batchSize: c.batchSize,
      optimizer,
      schedule: run.schedule,
      seed: 0,
      order: (epoch) => c.order[epoch] as number[],
      onBatch: ({ epoch, loss }) => {
        losses[epoch] = [...(losses[epoch] ?? []), loss];
      },
    });
    expectWeightsClose(full.weights, run.weightsAfter['3'], TOL);
    expect(worst(losses.flat(), run.batchLosses.flat(), TOL)).toBeLessThanOrEqual(1);
    full.epochs.forEach((record, e) => {
      expect(record.learningRate).toBeCloseTo(run.learningRates[e] as number, 12);
      const batches = run.batchLosses[e] ?? [];
      const order = c.order[e] ?? [];
      // epoch loss = sample-weighted mean of torch's batch losses
      let sum = 0;
      batches.forEach((loss, b) => {
        sum += loss * Math.min(c.batchSize, order.length - b * c.batchSize);
      });
      expect(Math.abs(record.loss - sum / order.length)).toBeLessThanOrEqual(
        TOL * (1 + Math.abs(sum / order.length)),
      );
    });
    // the initial weights were copied, never modified
    expect(initial.layers[0]?.weight[0]).toBe(c.initial.layers[0]?.weight[0]);
  });
});

describe('schedules vs torch.optim.lr_scheduler (12 epochs)', () => {
  it.each(golden.cases.schedules.map((g) => [g.schedule.kind, g] as const))(
    '%s matches torch within 1e-12 relative',
    (_kind, g) => {
      g.rates.forEach((rate, epoch) => {
        const ours = learningRateAt(g.schedule, g.base, epoch);
        expect(Math.abs(ours - rate)).toBeLessThanOrEqual(1e-12 * Math.abs(rate) + 1e-15);
      });
    },
  );
});
