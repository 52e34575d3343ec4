/**
 * Summation in the same order as numpy's `add.reduce` on a contiguous float64 array: blocks
 * of up to 128 values are summed with eight interleaved accumulators, and longer ranges are
 * split in two (at a multiple of 8) and summed recursively. The rounding error grows like
 * O(log n) instead of O(n), and results agree with numpy to the last bit in the usual case.
 *
 * Each variant applies its per-element transform inline, because a callback per element
 * would cost more than the additions.
 */
const BLOCK = 128;

/**
 * Σ values[i] for i in [start, start + count), in numpy's pairwise order, so that a sum
 * (or a mean) agrees with `np.sum` to the last bit. Defaults: the whole array.
 */
export function pairwiseSum(
  values: ArrayLike<number>,
  start = 0,
  count: number = values.length - start,
): number {
  if (count < 8) {
    let sum = 0;
    for (let i = start; i < start + count; i++) sum += values[i] as number;
    return sum;
  }
  if (count <= BLOCK) {
    let r0 = values[start] as number;
    let r1 = values[start + 1] as number;
    let r2 = values[start + 2] as number;
    let r3 = values[start + 3] as number;
    let r4 = values[start + 4] as number;
    let r5 = values[start + 5] as number;
    let r6 = values[start + 6] as number;
    let r7 = values[start + 7] as number;
    const unrolledEnd = start + count - (count % 8);
    let i = start + 8;
    for (; i < unrolledEnd; i += 8) {
      r0 += values[i] as number;
      r1 += values[i + 1] as number;
      r2 += values[i + 2] as number;
      r3 += values[i + 3] as number;
      r4 += values[i + 4] as number;
      r5 += values[i + 5] as number;
      r6 += values[i + 6] as number;
      r7 += values[i + 7] as number;
    }
    let sum = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < start + count; i++) sum += values[i] as number;
    return sum;
  }
  let half = Math.floor(count / 2);
  half -= half % 8;
  return pairwiseSum(values, start, half) + pairwiseSum(values, start + half, count - half);
}

/**
 * Σ (values[i] − center)² over [start, start + count), each term rounded as numpy rounds `d = x − center; d * d` (the sum inside `np.var`).
 */
export function pairwiseSquaredDeviationSum(
  values: ArrayLike<number>,
  center: number,
  start: number,
  count: number,
): number {
  if (count < 8) {
    let sum = 0;
    for (let i = start; i < start + count; i++) {
      const d = (values[i] as number) - center;
      sum += d * d;
    }
    return sum;
  }
  if (count <= BLOCK) {
    let d = (values[start] as number) - center;
    let r0 = d * d;
    d = (values[start + 1] as number) - center;
    let r1 = d * d;
    d = (values[start + 2] as number) - center;
    let r2 = d * d;
    d = (values[start + 3] as number) - center;
    let r3 = d * d;
    d = (values[start + 4] as number) - center;
    let r4 = d * d;
    d = (values[start + 5] as number) - center;
    let r5 = d * d;
    d = (values[start + 6] as number) - center;
    let r6 = d * d;
    d = (values[start + 7] as number) - center;
    let r7 = d * d;
    const unrolledEnd = start + count - (count % 8);
    let i = start + 8;
    for (; i < unrolledEnd; i += 8) {
      d = (values[i] as number) - center;
      r0 += d * d;
      d = (values[i + 1] as number) - center;
      r1 += d * d;
      d = (values[i + 2] as number) - center;
      r2 += d * d;
      d = (values[i + 3] as number) - center;
      r3 += d * d;
      d = (values[i + 4] as number) - center;
      r4 += d * d;
      d = (values[i + 5] as number) - center;
      r5 += d * d;
      d = (values[i + 6] as number) - center;
      r6 += d * d;
      d = (values[i + 7] as number) - center;
      r7 += d * d;
    }
    let sum = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < start + count; i++) {
      d = (values[i] as number) - center;
      sum += d * d;
    }
    return sum;
  }
  let half = Math.floor(count / 2);
  half -= half % 8;
  return (
    pairwiseSquaredDeviationSum(values, center, start, half) +
    pairwiseSquaredDeviationSum(values, center, start + half, count - half)
  );
}

/**
 * Σ (values[i] − center)³ over [start, start + count), each term rounded as scipy rounds `(d * d) * d` in `_moment`.
 */
export function pairwiseCubedDeviationSum(
  values: ArrayLike<number>,
  center: number,
  start: number,
  count: number,
): number {
  if (count < 8) {
    let sum = 0;
    for (let i = start; i < start + count; i++) {
      const d = (values[i] as number) - center;
      sum += d * d * d;
    }
    return sum;
  }
  if (count <= BLOCK) {
    let d = (values[start] as number) - center;
    let r0 = d * d * d;
    d = (values[start + 1] as number) - center;
    let r1 = d * d * d;
    d = (values[start + 2] as number) - center;
    let r2 = d * d * d;
    d = (values[start + 3] as number) - center;
    let r3 = d * d * d;
    d = (values[start + 4] as number) - center;
    let r4 = d * d * d;
    d = (values[start + 5] as number) - center;
    let r5 = d * d * d;
    d = (values[start + 6] as number) - center;
    let r6 = d * d * d;
    d = (values[start + 7] as number) - center;
    let r7 = d * d * d;
    const unrolledEnd = start + count - (count % 8);
    let i = start + 8;
    for (; i < unrolledEnd; i += 8) {
      d = (values[i] as number) - center;
      r0 += d * d * d;
      d = (values[i + 1] as number) - center;
      r1 += d * d * d;
      d = (values[i + 2] as number) - center;
      r2 += d * d * d;
      d = (values[i + 3] as number) - center;
      r3 += d * d * d;
      d = (values[i + 4] as number) - center;
      r4 += d * d * d;
      d = (values[i + 5] as number) - center;
      r5 += d * d * d;
      d = (values[i + 6] as number) - center;
      r6 += d * d * d;
      d = (values[i + 7] as number) - center;
      r7 += d * d * d;
    }
    let sum = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < start + count; i++) {
      d = (values[i] as number) - center;
      sum += d * d * d;
    }
    return sum;
  }
  let half = Math.floor(count / 2);
  half -= half % 8;
  return (
    pairwiseCubedDeviationSum(values, center, start, half) +
    pairwiseCubedDeviationSum(values, center, start + half, count - half)
  );
}

/**
 * Σ ((values[i] − center) / scale)³ over [start, start + count), as numpy forms it in
 * Doane's rule (`temp = (x − mean) / sigma; temp**3`).
 */
export function pairwiseStandardizedCubeSum(
  values: ArrayLike<number>,
  center: number,
  scale: number,
  start: number,
  count: number,
): number {
  if (count < 8) {
    let sum = 0;
    for (let i = start; i < start + count; i++) {
      const d = ((values[i] as number) - center) / scale;
      sum += d * d * d;
    }
    return sum;
  }
  if (count <= BLOCK) {
    let d = ((values[start] as number) - center) / scale;
    let r0 = d * d * d;
    d = ((values[start + 1] as number) - center) / scale;
    let r1 = d * d * d;
    d = ((values[start + 2] as number) - center) / scale;
    let r2 = d * d * d;
    d = ((values[start + 3] as number) - center) / scale;
    let r3 = d * d * d;
    d = ((values[start + 4] as number) - center) / scale;
    let r4 = d * d * d;
    d = ((values[start + 5] as number) - center) / scale;
    let r5 = d * d * d;
    d = ((values[start + 6] as number) - center) / scale;
    let r6 = d * d * d;
    d = ((values[start + 7] as number) - center) / scale;
    let r7 = d * d * d;
    const unrolledEnd = start + count - (count % 8);
    let i = start + 8;
    for (; i < unrolledEnd; i += 8) {
      d = ((values[i] as number) - center) / scale;
      r0 += d * d * d;
      d = ((values[i + 1] as number) - center) / scale;
      r1 += d * d * d;
      d = ((values[i + 2] as number) - center) / scale;
      r2 += d * d * d;
      d = ((values[i + 3] as number) - center) / scale;
      r3 += d * d * d;
      d = ((values[i + 4] as number) - center) / scale;
      r4 += d * d * d;
      d = ((values[i + 5] as number) - center) / scale;
      r5 += d * d * d;
      d = ((values[i + 6] as number) - center) / scale;
      r6 += d * d * d;
      d = ((values[i + 7] as number) - center) / scale;
      r7 += d * d * d;
    }
    let sum = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < start + count; i++) {
      d = ((values[i] as number) - center) / scale;
      sum += d * d * d;
    }
    return sum;
  }
  let half = Math.floor(count / 2);
  half -= half % 8;
  return (
    pairwiseStandardizedCubeSum(values, center, scale, start, half) +
    pairwiseStandardizedCubeSum(values, center, scale, start + half, count - half)
  );
}
