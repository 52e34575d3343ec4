/**
 * PyTorch's default initialisation, drawn from core's seeded `createRng`.
 *
 * - `nn.Linear(in, out)`: weight by `kaiming_uniform_(a=sqrt(5))`, which is
 *   U(-1/sqrt(in), 1/sqrt(in)) (gain sqrt(2 / (1 + 5)) times sqrt(3 / in)); bias
 *   U(-1/sqrt(in), 1/sqrt(in)).
 * - `nn.EmbeddingBag(V, D)`: N(0, 1).
 * Draw order: the embedding table (row-major), then each layer's weight (row-major) and
 * bias. Uniforms are `low + (high - low) * rng.float()` (torch's `uniform_` formula), normals
 * `rng.normal()`; each value is rounded to float32. Same seed, same weights; the values are
 * not PyTorch's (a different generator), only the distributions are.
 */
import { createRng, type RngSeed } from '@dagnostics/core';
import type { LinearWeights, ModelSpec, ModelWeights } from '../model/types';
import { checkSpec, layerSizes } from './spec';

/** Fresh weights for `spec` with PyTorch's default initialisation, seeded by `seed`. */
export function initWeights(spec: ModelSpec, seed: RngSeed): ModelWeights {
  checkSpec(spec);
  const rng = createRng(seed);
  let embedding: Float32Array | undefined;
  if (spec.kind === 'text-classifier') {
    embedding = new Float32Array(spec.vocabularySize * spec.embeddingDim);
    for (let i = 0; i < embedding.length; i += 1) embedding[i] = rng.normal();
  }
  const sizes = layerSizes(spec);
  const layers: LinearWeights[] = [];
  for (let l = 0; l + 1 < sizes.length; l += 1) {
    const inFeatures = sizes[l] as number;
    const outFeatures = sizes[l + 1] as number;
    const bound = 1 / Math.sqrt(inFeatures);
    const weight = new Float32Array(inFeatures * outFeatures);
    for (let i = 0; i < weight.length; i += 1) weight[i] = -bound + 2 * bound * rng.float();
    const bias = new Float32Array(outFeatures);
    for (let i = 0; i < bias.length; i += 1) bias[i] = -bound + 2 * bound * rng.float();
    layers.push({ inFeatures, outFeatures, weight, bias });
  }
  return embedding === undefined ? { spec, layers } : { spec, embedding, layers };
}

/** A deep copy of `weights` (new typed arrays). */
export function cloneWeights(weights: ModelWeights): ModelWeights {
  const layers = weights.layers.map((layer) => ({
    inFeatures: layer.inFeatures,
    outFeatures: layer.outFeatures,
    weight: layer.weight.slice(),
    bias: layer.bias.slice(),
  }));
  return weights.embedding === undefined
    ? { spec: weights.spec, layers }
    : { spec: weights.spec, embedding: weights.embedding.slice(), layers };
}
