/**
 * Error function family used by the normal distribution. Internal: the public entry
 * points are `normalCdf`, `normalSf` and `normalPpf`.
 *
 * - |x| < 1.5: the Maclaurin series erf(x) = 2/√π · e^{-x²} · Σ (2x²)^n x / (1·3·…·(2n+1)),
 *   whose terms all have the sign of x, so it keeps full relative accuracy.
 * - x ≥ 1.5: the Laplace continued fraction for the scaled complement
 *   erfcx(x) = e^{x²} erfc(x), evaluated with the modified Lentz method; erfcx varies
 *   slowly, so the rounding of its argument hardly matters, and callers supply the
 *   e^{-x²} factor as accurately as they can.
 */

const SQRT_PI = 1.7724538509055159;
const TWO_OVER_SQRT_PI = 1.1283791670955126;
/** Where the series hands over to the continued fraction. */
export const CONTINUED_FRACTION_MIN = 1.5;
/**
 * ln of the largest double. scipy's (cephes') erfc returns 0 once x² exceeds it (the true
 * value is subnormal there), and these functions follow it.
 */
export const MAX_LOG = 709.782712893384;
const LENTZ_TINY = 1e-300;
const EPSILON = Number.EPSILON;

/**
 * x² as h² + δ with h = |x| truncated to 4 fractional bits, so that h² (and h²/2) is exact
 * and the rounding of x² never reaches an exponent. Returns [h², δ].
 */
function splitSquare(x: number): [number, number] {
  const magnitude = Math.abs(x);
  const high = Math.trunc(magnitude * 16) / 16;
  return [high * high, (magnitude - high) * (magnitude + high)];
}

/**
 * e^{−s·x²} for s = 1 or ½ from the exact split of x². The e^{−s·h²} factor is applied in two
 * halves so that intermediates stay normal and a subnormal result is rounded only once.
 */
function expNegativeScaledSquare(x: number, scale: 1 | 0.5): number {
  const [highSquare, delta] = splitSquare(x);
  const half = Math.exp((-scale * highSquare) / 2);
  return half * Math.exp(-scale * delta) * half;
}

/** e^{−x²/2}, accurate to a few ulps even for large x (see `splitSquare`). */
export function expNegativeHalfSquare(x: number): number {
  return expNegativeScaledSquare(x, 0.5);
}

/** −x²/2 with the same exact split, for working in logs past the underflow threshold. */
export function negativeHalfSquare(x: number): number {
  const [highSquare, delta] = splitSquare(x);
  return -highSquare / 2 - delta / 2;
}

/** Series for erf, accurate for |x| < 1.5. */
function erfSeries(x: number): number {
  const twiceSquare = 2 * x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= twiceSquare / (2 * n + 1);
    sum += term;
    if (Math.abs(term) <= EPSILON * 0.25 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * expNegativeScaledSquare(x, 1) * sum;
}

/**
 * erfcx(x) = e^{x²} erfc(x) for x ≥ 1.5, from
 * √π · erfcx(x) = 1 / (x + (1/2) / (x + 1 / (x + (3/2) / (x + …)))).
 */
export function scaledErfc(x: number): number {
  let value = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const coefficient = n / 2;
    d = x + coefficient * d;
    if (d === 0) d = LENTZ_TINY;
    c = x + coefficient / c;
    if (c === 0) c = LENTZ_TINY;
    d = 1 / d;
    const delta = c * d;
    value *= delta;
    if (Math.abs(delta - 1) <= EPSILON * 0.5) break;
  }
  return 1 / (value * SQRT_PI);
}

/** erfc(x) for x ≥ 1.5 (0 past scipy's underflow cutoff). */
function erfcPositive(x: number): number {
  if (x * x > MAX_LOG) return 0;
  return expNegativeScaledSquare(x, 1) * scaledErfc(x);
}

/** The error function erf(x); NaN for NaN. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (Math.abs(x) < CONTINUED_FRACTION_MIN) return erfSeries(x);
  const complement = erfcPositive(Math.abs(x));
  return x > 0 ? 1 - complement : complement - 1;
}

/** The complementary error function erfc(x) = 1 − erf(x), with relative accuracy for x > 0. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x >= CONTINUED_FRACTION_MIN) return erfcPositive(x);
  if (x > -CONTINUED_FRACTION_MIN) return 1 - erfSeries(x);
  return 2 - erfcPositive(-x);
}
