/** Rescale by 2^±128 whenever a value leaves [2^−128, 2^128]. */
const SCALE_EXPONENT = 128;
const SCALE_UP = 2 ** SCALE_EXPONENT;
const SCALE_DOWN = 2 ** -SCALE_EXPONENT;

function multiply(left: Float64Array, right: Float64Array, size: number): Float64Array {
  const product = new Float64Array(size * size);
  for (let row = 0; row < size; row++) {
    const rowOffset = row * size;
    for (let inner = 0; inner < size; inner++) {
      const factor = left[rowOffset + inner] as number;
      if (factor === 0) continue;
      const innerOffset = inner * size;
      for (let column = 0; column < size; column++) {
        product[rowOffset + column] =
          (product[rowOffset + column] as number) +
          factor * (right[innerOffset + column] as number);
      }
    }
  }
  return product;
}

/**
 * P(Dₙ ≤ d) by Durbin's matrix formula in the form of Marsaglia, Tsang & Wang (2003):
 * with nd = k − h (k integer, 0 ≤ h < 1) and m = 2k − 1, the answer is
 * n!/nⁿ · (Hⁿ)_{k,k} for an m×m matrix H built from h. Hⁿ is formed by repeated squaring,
 * with powers of two factored out to avoid overflow. O(m³ log n) time.
 */
export function durbinMatrixCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const size = 2 * k - 1;

  // inverseFactorial[j] = 1/j!; firstColumn[j] = (1 − h^{j+1}) / (j+1)!.
  const inverseFactorial = new Float64Array(size + 1);
  inverseFactorial[0] = 1;
  for (let j = 1; j <= size; j++) inverseFactorial[j] = (inverseFactorial[j - 1] as number) / j;
  const firstColumn = new Float64Array(size);
  for (let j = 0; j < size; j++) {
    firstColumn[j] = (1 - h ** (j + 1)) * (inverseFactorial[j + 1] as number);
  }
  firstColumn[size - 1] =
    (1 - 2 * h ** size + Math.max(2 * h - 1, 0) ** size) * (inverseFactorial[size] as number);

  let base: Float64Array = new Float64Array(size * size);
  for (let row = 0; row < size; row++) {
    for (let column = 1; column <= Math.min(row + 1, size - 1); column++) {
      base[row * size + column] = inverseFactorial[row - column + 1] as number;
    }
    base[row * size] = firstColumn[row] as number;
  }
  for (let column = 0; column < size; column++) {
    base[(size - 1) * size + column] = firstColumn[size - 1 - column] as number;
  }

  let power: Float64Array | undefined;
  let powerExponent = 0;
  let baseExponent = 0;
  const diagonal = (k - 1) * size + (k - 1);
  for (let remaining = n; remaining > 0; remaining = Math.floor(remaining / 2)) {
    if (remaining % 2 === 1) {
      power = power === undefined ? base : multiply(power, base, size);
      powerExponent += baseExponent;
    }
    if (remaining > 1) {
      base = multiply(base, base, size);
      baseExponent *= 2;
      if (Math.abs(base[diagonal] as number) > SCALE_UP) {
        for (let index = 0; index < base.length; index++) {
          base[index] = (base[index] as number) * SCALE_DOWN;
        }
        baseExponent += SCALE_EXPONENT;
      }
    }
  }

  let probability = (power as Float64Array)[diagonal] as number;
  for (let i = 1; i <= n; i++) {
    probability = (i * probability) / n;
    if (Math.abs(probability) < SCALE_DOWN) {
      probability *= SCALE_UP;
      powerExponent -= SCALE_EXPONENT;
    }
  }
  return scaleByPowerOfTwo(probability, powerExponent);
}

/** value · 2^exponent without overflowing the factor before the product (like C's ldexp). */
export function scaleByPowerOfTwo(value: number, exponent: number): number {
  let result = value;
  let remaining = exponent;
  while (remaining > 1000) {
    result *= 2 ** 1000;
    remaining -= 1000;
  }
  while (remaining < -1000) {
    result *= 2 ** -1000;
    remaining += 1000;
  }
  return result * 2 ** remaining;
}
