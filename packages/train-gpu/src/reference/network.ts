/**
 * Forward and backward passes of the reference trainer, in float32.
 *
 * Every stored tensor (activations, logits, gradients, weights) is a `Float32Array`, as in
 * PyTorch with float32 parameters. Reductions (dot products of `Linear`, the bag sums of
 * `EmbeddingBag(mean)`, the sums over the batch of weight gradients, softmax and the loss)
 * are accumulated in float64 and rounded to float32 once per stored value. Why: PyTorch's
 * float32 kernels sum in an order (blocking, SIMD lanes, threads) that is not specified, so no
 * float32 summation order here would reproduce it bit for bit; a float64 sum rounded once is
 * the correctly rounded value, within float32 rounding of whatever order PyTorch uses, and is
 * itself independent of order (deterministic across machines).
 */
import type { Features, ModelWeights, TokenBags } from '../model/types';

/** The activations a backward pass needs. */
export interface ForwardCache {
  /** Rows in the batch. */
  readonly rows: number;
  /** The input of each Linear layer `[rows, in]` (layer 0: embedded bags or dense rows). */
  readonly inputs: Float32Array[];
  /** Logits `[rows, classes]`. */
  readonly logits: Float32Array;
}

/** Gradients, shaped like the weights. */
export interface Gradients {
  embedding?: Float32Array;
  readonly layers: { weight: Float32Array; bias: Float32Array }[];
}

/** True when `features` are token bags. */
export function isTokenBags(features: Features): features is TokenBags {
  return !(features instanceof Float32Array);
}

/** Number of rows in `features` (dense rows need the input width). */
export function featureRows(features: Features, inputs: number): number {
  return isTokenBags(features) ? features.offsets.length : features.length / inputs;
}

/** Start and end (exclusive) of bag `row`. */
export function bagRange(bags: TokenBags, row: number): [number, number] {
  const start = bags.offsets[row] as number;
  const end = row + 1 < bags.offsets.length ? (bags.offsets[row + 1] as number) : bags.ids.length;
  return [start, end];
}

function firstInput(
  weights: ModelWeights,
  features: Features,
  rows: ArrayLike<number>,
): Float32Array {
  const n = rows.length;
  if (isTokenBags(features)) {
    const table = weights.embedding as Float32Array;
    const dim = weights.spec.kind === 'text-classifier' ? weights.spec.embeddingDim : 0;
    const out = new Float32Array(n * dim);
    const sum = new Float64Array(dim);
    for (let r = 0; r < n; r += 1) {
      const [start, end] = bagRange(features, rows[r] as number);
      if (end <= start) continue; // empty bag: zeros, as in PyTorch
      sum.fill(0);
      for (let k = start; k < end; k += 1) {
        const base = (features.ids[k] as number) * dim;
        for (let d = 0; d < dim; d += 1) sum[d] = (sum[d] as number) + (table[base + d] as number);
      }
      const count = end - start;
      for (let d = 0; d < dim; d += 1) out[r * dim + d] = (sum[d] as number) / count;
    }
    return out;
  }
  const width = weights.layers[0]?.inFeatures ?? 0;
  const out = new Float32Array(n * width);
  for (let r = 0; r < n; r += 1) {
    const base = (rows[r] as number) * width;
    out.set(features.subarray(base, base + width), r * width);
  }
  return out;
}

/**
 * Forward pass over the rows `rows` of `features`: embedding bag (mean) or dense rows, then
 * Linear and ReLU layers, then logits. Returns what `backward` needs.
 */
export function forward(
  weights: ModelWeights,
  features: Features,
  rows: ArrayLike<number>,
): ForwardCache {
  const n = rows.length;
  const inputs: Float32Array[] = [];
  let x = firstInput(weights, features, rows);
  const last = weights.layers.length - 1;
  weights.layers.forEach((layer, l) => {
    inputs.push(x);
    const { inFeatures: inF, outFeatures: outF, weight, bias } = layer;
    const y = new Float32Array(n * outF);
    for (let r = 0; r < n; r += 1) {
      const xb = r * inF;
      for (let o = 0; o < outF; o += 1) {
        const wb = o * inF;
        let acc = bias[o] as number;
        for (let i = 0; i < inF; i += 1) acc += (x[xb + i] as number) * (weight[wb + i] as number);
        y[r * outF + o] = l < last && acc < 0 ? 0 : acc;
      }
    }
    x = y;
  });
  return { rows: n, inputs, logits: x };
}

/** Row-wise softmax of `[rows, classes]` logits, computed in float64, stored in float32. */
export function softmax(logits: Float32Array, classes: number): Float32Array {
  const out = new Float32Array(logits.length);
  const rows = logits.length / classes;
  for (let r = 0; r < rows; r += 1) {
    const b = r * classes;
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < classes; c += 1) max = Math.max(max, logits[b + c] as number);
    let total = 0;
    for (let c = 0; c < classes; c += 1) total += Math.exp((logits[b + c] as number) - max);
    for (let c = 0; c < classes; c += 1)
      out[b + c] = Math.exp((logits[b + c] as number) - max) / total;
  }
  return out;
}

/** Loss of a batch (mean cross-entropy) and how many rows were predicted right. */
export interface BatchLoss {
  readonly loss: number;
  readonly correct: number;
}

/**
 * Softmax cross-entropy (mean over the batch) of `cache.logits` against the labels of
 * `rows`, and the number of right predictions (argmax, first maximum on ties).
 */
export function crossEntropy(
  cache: ForwardCache,
  labels: ArrayLike<number>,
  rows: ArrayLike<number>,
  classes: number,
): BatchLoss {
  const { logits } = cache;
  let loss = 0;
  let correct = 0;
  for (let r = 0; r < cache.rows; r += 1) {
    const b = r * classes;
    let max = Number.NEGATIVE_INFINITY;
    let arg = 0;
    for (let c = 0; c < classes; c += 1) {
      const v = logits[b + c] as number;
      if (v > max) {
        max = v;
        arg = c;
      }
    }
    let total = 0;
    for (let c = 0; c < classes; c += 1) total += Math.exp((logits[b + c] as number) - max);
    const label = labels[rows[r] as number] as number;
    loss += Math.log(total) + max - (logits[b + label] as number);
    if (arg === label) correct += 1;
  }
  return { loss: Math.fround(loss / cache.rows), correct };
}

/** Zeroed gradients shaped like `weights`. */
export function zeroGradients(weights: ModelWeights): Gradients {
  const layers = weights.layers.map((layer) => ({
    weight: new Float32Array(layer.weight.length),
    bias: new Float32Array(layer.bias.length),
  }));
  return weights.embedding === undefined
    ? { layers }
    : { embedding: new Float32Array(weights.embedding.length), layers };
}

/**
 * Backward pass of the mean softmax cross-entropy: writes the gradient of every parameter
 * into `grads` (overwriting; rows of the embedding not in the batch stay as they are, so
 * pass zeroed gradients or ones whose touched rows were cleared). Returns the touched
 * embedding rows (empty for an MLP).
 */
export function backward(
  weights: ModelWeights,
  features: Features,
  labels: ArrayLike<number>,
  rows: ArrayLike<number>,
  cache: ForwardCache,
  grads: Gradients,
): Set<number> {
  const n = cache.rows;
  const classes = weights.spec.classes;
  const probs = softmax(cache.logits, classes);
  // d loss / d logits = (softmax - onehot) / batch
  let dy = new Float32Array(n * classes);
  for (let r = 0; r < n; r += 1) {
    const label = labels[rows[r] as number] as number;
    for (let c = 0; c < classes; c += 1) {
      const p = probs[r * classes + c] as number;
      dy[r * classes + c] = ((c === label ? p - 1 : p) as number) / n;
    }
  }
  const acc = new Float64Array(Math.max(...weights.layers.map((l) => l.weight.length)));
  for (let l = weights.layers.length - 1; l >= 0; l -= 1) {
    const layer = weights.layers[l] as ModelWeights['layers'][number];
    const { inFeatures: inF, outFeatures: outF, weight } = layer;
    const x = cache.inputs[l] as Float32Array;
    const g = grads.layers[l] as Gradients['layers'][number];
    // dW = dy^T x, db = sum_r dy
    acc.fill(0, 0, inF * outF);
    for (let o = 0; o < outF; o += 1) {
      let bsum = 0;
      for (let r = 0; r < n; r += 1) {
        const d = dy[r * outF + o] as number;
        bsum += d;
        if (d === 0) continue;
        const xb = r * inF;
        const wb = o * inF;
        for (let i = 0; i < inF; i += 1)
          acc[wb + i] = (acc[wb + i] as number) + d * (x[xb + i] as number);
      }
      g.bias[o] = bsum;
    }
    for (let i = 0; i < inF * outF; i += 1) g.weight[i] = acc[i] as number;
    // dx = dy W, then through the ReLU of the layer below (x > 0), unless this is the input.
    const needInput = l > 0 || isTokenBags(features);
    if (!needInput) break;
    const dx = new Float32Array(n * inF);
    const row = new Float64Array(inF);
    for (let r = 0; r < n; r += 1) {
      row.fill(0);
      for (let o = 0; o < outF; o += 1) {
        const d = dy[r * outF + o] as number;
        if (d === 0) continue;
        const wb = o * inF;
        for (let i = 0; i < inF; i += 1)
          row[i] = (row[i] as number) + d * (weight[wb + i] as number);
      }
      for (let i = 0; i < inF; i += 1) {
        dx[r * inF + i] = l > 0 && (x[r * inF + i] as number) <= 0 ? 0 : (row[i] as number);
      }
    }
    dy = dx;
  }
  const touched = new Set<number>();
  if (
    isTokenBags(features) &&
    grads.embedding !== undefined &&
    weights.spec.kind === 'text-classifier'
  ) {
    const dim = weights.spec.embeddingDim;
    const ge = grads.embedding;
    // Float64 accumulation per touched row, then one rounding.
    const sums = new Map<number, Float64Array>();
    for (let r = 0; r < n; r += 1) {
      const [start, end] = bagRange(features, rows[r] as number);
      const count = end - start;
      for (let k = start; k < end; k += 1) {
        const id = features.ids[k] as number;
        let s = sums.get(id);
        if (s === undefined) {
          s = new Float64Array(dim);
          sums.set(id, s);
        }
        for (let d = 0; d < dim; d += 1)
          s[d] = (s[d] as number) + (dy[r * dim + d] as number) / count;
      }
    }
    for (const [id, s] of sums) {
      touched.add(id);
      ge.set(s, id * dim);
    }
  }
  return touched;
}
