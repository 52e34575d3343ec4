import type { ModelWeights } from './types';

/**
 * Largest absolute difference between two sets of weights of the same spec, over the
 * embedding table (text classifier) and every layer's weight and bias; `Infinity` when their
 * shapes differ. For comparing trainers (native vs reference, CUDA vs CPU, ranks).
 *
 * @example
 * if (weightDifference(onCuda.weights, onCpu.weights) > 1e-4) throw new Error('CUDA differs');
 */
export function weightDifference(left: ModelWeights, right: ModelWeights): number {
  const pairs: [Float32Array, Float32Array | undefined][] = [];
  if (left.embedding !== undefined || right.embedding !== undefined) {
    pairs.push([left.embedding ?? new Float32Array(), right.embedding]);
  }
  if (left.layers.length !== right.layers.length) return Number.POSITIVE_INFINITY;
  left.layers.forEach((layer, index) => {
    const other = right.layers[index];
    pairs.push([layer.weight, other?.weight], [layer.bias, other?.bias]);
  });
  let worst = 0;
  for (const [a, b] of pairs) {
    if (b === undefined || a.length !== b.length) return Number.POSITIVE_INFINITY;
    for (let i = 0; i < a.length; i += 1) {
      worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)));
    }
  }
  return worst;
}
