import type { Rng } from '@dagnostics/core';

/**
 * Primitive polynomials and initial direction numbers of Joe & Kuo (2008,
 * `new-joe-kuo-6.21201`, the set scipy's `qmc.Sobol` ships) for dimensions 2 to 32: each row
 * is `[polynomial, m_1, …, m_s]` where the polynomial's bits are `x^s + a_1 x^{s−1} + … + 1`.
 * Dimension 1 is the van der Corput sequence.
 */
const DIRECTION_TABLE: readonly (readonly number[])[] = [
  [3, 1],
  [7, 1, 3],
  [11, 1, 3, 1],
  [13, 1, 1, 1],
  [19, 1, 1, 3, 3],
  [25, 1, 3, 5, 13],
  [37, 1, 1, 5, 5, 17],
  [41, 1, 1, 5, 5, 5],
  [47, 1, 1, 7, 11, 19],
  [55, 1, 1, 5, 1, 1],
  [59, 1, 1, 1, 3, 11],
  [61, 1, 3, 5, 5, 31],
  [67, 1, 3, 3, 9, 7, 49],
  [91, 1, 1, 1, 15, 21, 21],
  [97, 1, 3, 1, 13, 27, 49],
  [103, 1, 1, 1, 15, 7, 5],
  [109, 1, 3, 1, 15, 13, 25],
  [115, 1, 1, 5, 5, 19, 61],
  [131, 1, 3, 7, 11, 23, 15, 103],
  [137, 1, 3, 7, 13, 13, 15, 69],
  [143, 1, 1, 3, 13, 7, 35, 63],
  [145, 1, 3, 5, 9, 1, 25, 53],
  [157, 1, 3, 1, 13, 9, 35, 107],
  [167, 1, 3, 1, 5, 27, 61, 31],
  [171, 1, 1, 5, 11, 19, 41, 61],
  [185, 1, 3, 5, 3, 3, 13, 69],
  [191, 1, 1, 7, 13, 1, 19, 1],
  [193, 1, 3, 7, 5, 13, 19, 59],
  [203, 1, 1, 3, 9, 25, 29, 41],
  [211, 1, 3, 5, 13, 23, 1, 55],
  [213, 1, 3, 7, 3, 13, 59, 17],
];

const BITS = 32;
const SCALE = 2 ** -BITS;

/** The highest dimension with Sobol direction numbers here; further dimensions are pseudo-random. */
export const MAX_SOBOL_DIMENSION = DIRECTION_TABLE.length + 1;

/** The 32 direction numbers (as uint32, `v_k = m_k · 2^{32−k}`) of dimension `dimension` (0-based). */
function directionNumbers(dimension: number): Uint32Array {
  const v = new Uint32Array(BITS);
  if (dimension === 0) {
    for (let k = 0; k < BITS; k++) v[k] = 2 ** (BITS - 1 - k);
    return v;
  }
  const row = DIRECTION_TABLE[dimension - 1] as readonly number[];
  const polynomial = row[0] as number;
  const degree = row.length - 1;
  for (let k = 0; k < degree; k++) v[k] = ((row[k + 1] as number) * 2 ** (BITS - 1 - k)) >>> 0;
  for (let k = degree; k < BITS; k++) {
    let value = ((v[k - degree] as number) ^ ((v[k - degree] as number) >>> degree)) >>> 0;
    for (let i = 1; i < degree; i++) {
      if (((polynomial >>> (degree - i)) & 1) === 1) value = (value ^ (v[k - i] as number)) >>> 0;
    }
    v[k] = value;
  }
  return v;
}

/**
 * `count` points of the Sobol sequence in `[0, 1)^dim`, row-major, in Gray-code order
 * starting from the origin, as scipy's `qmc.Sobol(dim, scramble=False).random(count)`. With
 * `rng`, each dimension is scrambled by a random digital shift (XOR with a random 32-bit word),
 * which keeps the net's balance while randomising it; dimensions beyond
 * {@link MAX_SOBOL_DIMENSION} are then filled with plain uniform draws.
 */
export function sobolPoints(count: number, dim: number, rng?: Rng): Float64Array {
  const out = new Float64Array(count * dim);
  const sobolDim = Math.min(dim, MAX_SOBOL_DIMENSION);
  for (let d = 0; d < sobolDim; d++) {
    const v = directionNumbers(d);
    const shift = rng === undefined ? 0 : rng.uint32();
    let x = 0;
    for (let i = 0; i < count; i++) {
      out[i * dim + d] = ((x ^ shift) >>> 0) * SCALE;
      // The next point flips the direction number of the lowest zero bit of i.
      let c = 0;
      while (((i >>> c) & 1) === 1) c++;
      x = (x ^ (v[c] as number)) >>> 0;
    }
  }
  if (dim > sobolDim) {
    if (rng === undefined)
      throw new RangeError(`Sobol points are available up to ${MAX_SOBOL_DIMENSION} dimensions.`);
    for (let i = 0; i < count; i++)
      for (let d = sobolDim; d < dim; d++) out[i * dim + d] = rng.float();
  }
  return out;
}
