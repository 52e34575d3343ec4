/**
 * Test support for the ONNX exporter: seeded weights and inputs made by hand (not by a
 * trainer), and running an exported model in onnxruntime-node.
 */
import { createRng, type Rng } from '@dagnostics/core';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import type { LinearWeights, ModelSpec, ModelWeights, TokenBags } from '../model/types';
import { tokenBagsToPadded } from './token-bags-to-padded';

function normals(rng: Rng, count: number, std: number): Float32Array {
  return Float32Array.from({ length: count }, () => rng.normal(0, std));
}

/** Weights for `spec` drawn from N(0, 0.5²) (biases too, so that they matter), seeded. */
export function randomWeights(spec: ModelSpec, seed: number): ModelWeights {
  const rng = createRng(seed);
  let width = spec.kind === 'text-classifier' ? spec.embeddingDim : spec.inputs;
  const layers: LinearWeights[] = [...spec.hidden, spec.classes].map((outFeatures) => {
    const layer = {
      inFeatures: width,
      outFeatures,
      weight: normals(rng, outFeatures * width, 0.5),
      bias: normals(rng, outFeatures, 0.5),
    };
    width = outFeatures;
    return layer;
  });
  if (spec.kind === 'mlp') return { spec, layers };
  return { spec, embedding: normals(rng, spec.vocabularySize * spec.embeddingDim, 0.5), layers };
}

/** `rows` bags of 0 to `maxLength` ids below `vocabularySize` (repeats allowed), seeded. */
export function randomBags(
  rows: number,
  vocabularySize: number,
  maxLength: number,
  seed: number,
): TokenBags {
  const rng = createRng(seed);
  const ids: number[] = [];
  const offsets: number[] = [];
  for (let row = 0; row < rows; row += 1) {
    offsets.push(ids.length);
    const length = rng.int(0, maxLength);
    for (let index = 0; index < length; index += 1) ids.push(rng.int(0, vocabularySize - 1));
  }
  return { ids: Int32Array.from(ids), offsets: Int32Array.from(offsets) };
}

/** `rows × inputs` features from N(0, 1), row-major, seeded. */
export function randomFeatures(rows: number, inputs: number, seed: number): Float32Array {
  return normals(createRng(seed), rows * inputs, 1);
}

/** Outputs of an exported model as row arrays. */
export interface OnnxOutputs {
  readonly logits: number[][];
  readonly probabilities: number[][];
}

function toRows(tensor: Tensor): number[][] {
  const [rows, columns] = tensor.dims as [number, number];
  const data = tensor.data as Float32Array;
  return Array.from({ length: rows }, (_, row) =>
    Array.from(data.subarray(row * columns, (row + 1) * columns)),
  );
}

/** The feeds for an exported text classifier (default input names). */
export function textFeeds(bags: TokenBags): Record<string, Tensor> {
  const padded = tokenBagsToPadded(bags);
  const dims = [padded.rows, padded.length];
  return {
    ids: new Tensor('int64', padded.ids, dims),
    mask: new Tensor('float32', padded.mask, dims),
  };
}

/** The feeds for an exported MLP (default input name). */
export function mlpFeeds(features: Float32Array, inputs: number): Record<string, Tensor> {
  return { features: new Tensor('float32', features, [features.length / inputs, inputs]) };
}

/** Loads `model` in onnxruntime-node (CPU) and runs it once. */
export async function runInOnnxRuntimeNode(
  model: Uint8Array,
  feeds: Record<string, Tensor>,
): Promise<OnnxOutputs> {
  const session = await InferenceSession.create(model, { executionProviders: ['cpu'] });
  try {
    const results = await session.run(feeds);
    return {
      logits: toRows(results.logits as Tensor),
      probabilities: toRows(results.probabilities as Tensor),
    };
  } finally {
    await session.release();
  }
}
