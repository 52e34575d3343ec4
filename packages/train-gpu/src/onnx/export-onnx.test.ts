import { fromBinary } from '@bufbuild/protobuf';
import { InvalidArgumentError } from '@dagnostics/core';
import fc from 'fast-check';
import { ModelProtoSchema } from 'onnx-buf';
import { InferenceSession } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import type { DenseMlpSpec, ModelWeights, TextClassifierSpec, TokenBags } from '../model/types';
import { exportOnnx, modelSpecMetadataKey, type OnnxOpset, onnxProducerName } from './index';
import {
  mlpFeeds,
  randomBags,
  randomFeatures,
  randomWeights,
  runInOnnxRuntimeNode,
  textFeeds,
} from './onnx.test-support';

// An independent float64 forward pass, written plainly from PyTorch's definitions:
// EmbeddingBag(mode='mean') (empty bag → zeros), Linear (y = x Wᵀ + b), ReLU, softmax.
function linear(x: number[], weights: ModelWeights['layers'][number]): number[] {
  return Array.from({ length: weights.outFeatures }, (_, out) => {
    let sum = weights.bias[out] as number;
    for (let k = 0; k < weights.inFeatures; k += 1) {
      sum += (weights.weight[out * weights.inFeatures + k] as number) * (x[k] as number);
    }
    return sum;
  });
}

function head(weights: ModelWeights, x: number[]): { logits: number[]; probabilities: number[] } {
  let h = x;
  weights.layers.forEach((layer, index) => {
    h = linear(h, layer);
    if (index < weights.layers.length - 1) h = h.map((value) => Math.max(value, 0));
  });
  const top = Math.max(...h);
  const exps = h.map((value) => Math.exp(value - top));
  const total = exps.reduce((a, b) => a + b, 0);
  return { logits: h, probabilities: exps.map((value) => value / total) };
}

function embeddingBagMean(weights: ModelWeights, bags: TokenBags, row: number): number[] {
  const spec = weights.spec as TextClassifierSpec;
  const table = weights.embedding as Float32Array;
  const start = bags.offsets[row] as number;
  const end = row + 1 < bags.offsets.length ? (bags.offsets[row + 1] as number) : bags.ids.length;
  const sum = new Array<number>(spec.embeddingDim).fill(0);
  for (let index = start; index < end; index += 1) {
    const id = bags.ids[index] as number;
    for (let d = 0; d < spec.embeddingDim; d += 1) {
      sum[d] = (sum[d] as number) + (table[id * spec.embeddingDim + d] as number);
    }
  }
  return end > start ? sum.map((value) => value / (end - start)) : sum;
}

function referenceText(weights: ModelWeights, bags: TokenBags) {
  return Array.from(bags.offsets, (_, row) => head(weights, embeddingBagMean(weights, bags, row)));
}

function referenceMlp(weights: ModelWeights, features: Float32Array) {
  const inputs = (weights.spec as DenseMlpSpec).inputs;
  return Array.from({ length: features.length / inputs }, (_, row) =>
    head(weights, Array.from(features.subarray(row * inputs, (row + 1) * inputs))),
  );
}

function expectRowsClose(actual: number[][], expected: number[][], tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, r) => {
    expect(row.length).toBe(expected[r]?.length);
    row.forEach((value, c) => {
      expect(Math.abs(value - (expected[r]?.[c] as number)), `[${r}][${c}]`).toBeLessThan(
        tolerance,
      );
    });
  });
}

/** Probabilities within 1e-5 and logits within 1e-4 of the float64 forward pass. */
function expectOutputsClose(
  actual: { probabilities: number[][]; logits: number[][] },
  expected: readonly { probabilities: number[]; logits: number[] }[],
): void {
  expectRowsClose(
    actual.probabilities,
    expected.map((row) => row.probabilities),
    1e-5,
  );
  expectRowsClose(
    actual.logits,
    expected.map((row) => row.logits),
    1e-4,
  );
}

const textSpec: TextClassifierSpec = {
  kind: 'text-classifier',
  vocabularySize: 50,
  embeddingDim: 8,
  hidden: [16, 6],
  classes: 3,
};
const mlpSpec: DenseMlpSpec = { kind: 'mlp', inputs: 5, hidden: [7], classes: 4 };
const opsets: OnnxOpset[] = [17, 21];

describe('exportOnnx: text classifier in onnxruntime-node', () => {
  it.each(opsets)(
    'matches a float64 EmbeddingBag(mean) + MLP within 1e-5 (opset %i)',
    async (opset) => {
      const weights = randomWeights(textSpec, 11);
      // Bags of 0 to 9 tokens, so padding and empty bags both occur.
      const bags = randomBags(24, textSpec.vocabularySize, 9, 12);
      expect(bags.ids.length).toBeGreaterThan(0);
      const actual = await runInOnnxRuntimeNode(exportOnnx(weights, { opset }), textFeeds(bags));
      expectOutputsClose(actual, referenceText(weights, bags));
    },
  );

  it('gives the bias-only output for empty bags', async () => {
    const spec: TextClassifierSpec = { ...textSpec, hidden: [] };
    const weights = randomWeights(spec, 3);
    const bags: TokenBags = { ids: Int32Array.of(4, 5), offsets: Int32Array.of(0, 0, 2, 2) };
    const { logits, probabilities } = await runInOnnxRuntimeNode(
      exportOnnx(weights),
      textFeeds(bags),
    );
    const bias = Array.from(weights.layers[0]?.bias as Float32Array);
    for (const row of [0, 2, 3]) expect(logits[row]).toEqual(bias);
    expect(logits[1]).not.toEqual(bias);
    expectRowsClose(
      [probabilities[0] as number[]],
      [head(weights, [0, 0, 0, 0, 0, 0, 0, 0]).probabilities],
      1e-6,
    );
  });

  it('gives an empty bag the output of a zero embedding when there are hidden layers', async () => {
    const weights = randomWeights(textSpec, 4);
    const bags: TokenBags = { ids: new Int32Array(0), offsets: Int32Array.of(0, 0) };
    const { probabilities } = await runInOnnxRuntimeNode(exportOnnx(weights), textFeeds(bags));
    const zero = head(weights, new Array<number>(textSpec.embeddingDim).fill(0)).probabilities;
    expectRowsClose(probabilities, [zero, zero], 1e-6);
  });

  it('matches the reference for any spec and bags (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          vocabularySize: fc.integer({ min: 1, max: 30 }),
          embeddingDim: fc.integer({ min: 1, max: 6 }),
          hidden: fc.array(fc.integer({ min: 1, max: 6 }), { maxLength: 2 }),
          classes: fc.integer({ min: 1, max: 5 }),
          rows: fc.integer({ min: 1, max: 6 }),
          maxLength: fc.integer({ min: 0, max: 7 }),
          seed: fc.nat(),
          opset: fc.constantFrom<OnnxOpset>(17, 21),
        }),
        async ({ rows, maxLength, seed, opset, ...shape }) => {
          const spec: TextClassifierSpec = { kind: 'text-classifier', ...shape };
          const weights = randomWeights(spec, seed);
          const bags = randomBags(rows, spec.vocabularySize, maxLength, seed + 1);
          const actual = await runInOnnxRuntimeNode(
            exportOnnx(weights, { opset }),
            textFeeds(bags),
          );
          const expected = referenceText(weights, bags).map((row) => row.probabilities);
          expectRowsClose(actual.probabilities, expected, 1e-5);
        },
      ),
      { numRuns: 25, seed: 20_261_127 },
    );
  });
});

describe('exportOnnx: MLP in onnxruntime-node', () => {
  it.each(opsets)('matches a float64 MLP within 1e-5 (opset %i)', async (opset) => {
    const weights = randomWeights(mlpSpec, 21);
    const features = randomFeatures(10, mlpSpec.inputs, 22);
    const actual = await runInOnnxRuntimeNode(
      exportOnnx(weights, { opset }),
      mlpFeeds(features, mlpSpec.inputs),
    );
    expectOutputsClose(actual, referenceMlp(weights, features));
  });

  it('exports a single linear layer (no hidden layers)', async () => {
    const spec: DenseMlpSpec = { kind: 'mlp', inputs: 3, hidden: [], classes: 2 };
    const weights = randomWeights(spec, 5);
    const features = randomFeatures(4, 3, 6);
    const actual = await runInOnnxRuntimeNode(exportOnnx(weights), mlpFeeds(features, 3));
    expectRowsClose(
      actual.probabilities,
      referenceMlp(weights, features).map((row) => row.probabilities),
      1e-5,
    );
  });
});

describe('exportOnnx: model header', () => {
  it.each([
    [17, 8],
    [21, 10],
  ] as const)('writes opset %i with IR %i, the producer and the metadata', (opset, ir) => {
    const weights = randomWeights(textSpec, 1);
    const model = fromBinary(
      ModelProtoSchema,
      exportOnnx(weights, {
        opset,
        producerVersion: '0.1.0',
        metadata: { 'tokenizer.version': '3', labels: '["a","b","c"]' },
      }),
    );
    expect(model.irVersion).toBe(BigInt(ir));
    expect(model.opsetImport.map((entry) => [entry.domain, entry.version])).toEqual([
      ['', BigInt(opset)],
    ]);
    expect(model.producerName).toBe(onnxProducerName);
    expect(model.producerVersion).toBe('0.1.0');
    expect(
      Object.fromEntries(model.metadataProps.map((entry) => [entry.key, entry.value])),
    ).toEqual({
      'tokenizer.version': '3',
      labels: '["a","b","c"]',
      [modelSpecMetadataKey]: JSON.stringify(textSpec),
    });
  });

  it('stores the weights as little-endian float32 raw data', () => {
    const weights = randomWeights(mlpSpec, 2);
    const model = fromBinary(ModelProtoSchema, exportOnnx(weights));
    const tensor = model.graph?.initializer.find((entry) => entry.name === 'layers.0.weight');
    expect(tensor?.dims).toEqual([7n, 5n]);
    expect(tensor?.floatData).toEqual([]);
    const raw = tensor?.rawData as Uint8Array;
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const decoded = Array.from({ length: raw.byteLength / 4 }, (_, i) =>
      view.getFloat32(i * 4, true),
    );
    expect(decoded).toEqual(Array.from(weights.layers[0]?.weight as Float32Array));
  });

  it('names the inputs as asked and declares the outputs', async () => {
    const weights = randomWeights(textSpec, 1);
    const session = await InferenceSession.create(
      exportOnnx(weights, { inputNames: { ids: 'token_ids', mask: 'token_mask' } }),
    );
    try {
      expect(session.inputNames).toEqual(['token_ids', 'token_mask']);
      expect(session.outputNames).toEqual(['logits', 'probabilities']);
    } finally {
      await session.release();
    }
  });
});

describe('exportOnnx: invalid arguments', () => {
  function argumentOf(action: () => unknown): string | undefined {
    try {
      action();
    } catch (error) {
      if (InvalidArgumentError.isInstance(error)) return error.argument;
      throw error;
    }
    return undefined;
  }

  it('rejects weights that do not match their spec', () => {
    const weights = randomWeights(textSpec, 1);
    const short = { ...weights, embedding: new Float32Array(10) };
    expect(argumentOf(() => exportOnnx(short))).toBe('weights');
    const noEmbedding = { spec: weights.spec, layers: weights.layers };
    expect(argumentOf(() => exportOnnx(noEmbedding))).toBe('weights');
    const missingLayer = { ...weights, layers: weights.layers.slice(1) };
    expect(argumentOf(() => exportOnnx(missingLayer))).toBe('weights');
    const wrongClasses = { ...weights, spec: { ...textSpec, classes: 4 } };
    expect(argumentOf(() => exportOnnx(wrongClasses))).toBe('weights');
    const mlp = randomWeights(mlpSpec, 1);
    const withEmbedding = { ...mlp, embedding: new Float32Array(1) };
    expect(argumentOf(() => exportOnnx(withEmbedding))).toBe('weights');
  });

  it('rejects an unsupported opset, a reserved metadata key and clashing input names', () => {
    const weights = randomWeights(textSpec, 1);
    expect(argumentOf(() => exportOnnx(weights, { opset: 18 as OnnxOpset }))).toBe('opset');
    expect(
      argumentOf(() => exportOnnx(weights, { metadata: { [modelSpecMetadataKey]: '{}' } })),
    ).toBe('metadata');
    expect(argumentOf(() => exportOnnx(weights, { inputNames: { ids: 'mask' } }))).toBe(
      'inputNames',
    );
    expect(argumentOf(() => exportOnnx(weights, { inputNames: { mask: 'logits' } }))).toBe(
      'inputNames',
    );
  });
});
