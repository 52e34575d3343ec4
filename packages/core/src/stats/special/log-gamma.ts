/** Euler–Mascheroni constant γ. */
const EULER_GAMMA = 0.5772156649015329;
/** ½ ln(2π). */
const HALF_LOG_TWO_PI = 0.9189385332046728;

/**
 * ζ(k) − 1 for k = 2 … 30, computed to 40 digits by Euler–Maclaurin summation and rounded
 * to double. They are the Taylor coefficients of ln Γ(1 + z) once ln(1 + z) is split off.
 */
const ZETA_MINUS_ONE = [
  0.6449340668482264, 0.2020569031595943, 0.08232323371113819, 0.03692775514336993,
  0.01734306198444914, 0.008349277381922827, 0.00407735619794434, 0.0020083928260822143,
  0.0009945751278180853, 0.0004941886041194645, 0.0002460865533080483, 0.00012271334757848915,
  6.124813505870483e-5, 3.058823630702049e-5, 1.528225940865187e-5, 7.637197637899763e-6,
  3.81729326499984e-6, 1.908212716553939e-6, 9.539620338727962e-7, 4.769329867878064e-7,
  2.38450502727733e-7, 1.1921992596531106e-7, 5.960818905125948e-8, 2.980350351465228e-8,
  1.4901554828365043e-8, 7.45071178983543e-9, 3.725334024788457e-9, 1.862659723513049e-9,
  9.313274324196682e-10,
];

/**
 * Coefficients B₂ₖ / (2k(2k−1)) of the Stirling series for ln Γ, k = 1 … 8.
 */
const STIRLING = [
  1 / 12,
  -1 / 360,
  1 / 1260,
  -1 / 1680,
  1 / 1188,
  -691 / 360360,
  1 / 156,
  -3617 / 122400,
];

/** Below this, `stirlingCorrection` sums ln Γ directly instead of the asymptotic series. */
const STIRLING_MIN = 10;

/**
 * ln Γ(1 + z) for |z| ≤ 0.5, with full relative accuracy near its zeros at z = 0 and z = 1
 * (the latter through `logGamma`'s use of ln Γ(2 + w) = ln(1 + w) + ln Γ(1 + w)).
 */
export function logGammaOnePlus(z: number): number {
  let sum = 0;
  let power = -z;
  for (let k = 2; k <= 30; k++) {
    power *= -z;
    const term = ((ZETA_MINUS_ONE[k - 2] as number) * power) / k;
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
  }
  return sum + z * (1 - EULER_GAMMA) - Math.log1p(z);
}

/**
 * μ(x) = ln Γ(x) − [(x − ½) ln x − x + ½ ln 2π], the remainder of Stirling's formula, for x > 0.
 * Small (about 1/(12x)), and accurate in absolute terms, so it can be added to exponents.
 */
export function stirlingCorrection(x: number): number {
  if (x < STIRLING_MIN) {
    return logGamma(x) - ((x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI);
  }
  const inverse = 1 / x;
  const inverseSquare = inverse * inverse;
  let sum = 0;
  for (let k = STIRLING.length - 1; k >= 0; k--) {
    sum = sum * inverseSquare + (STIRLING[k] as number);
  }
  return sum * inverse;
}

/** sin(πx) with the argument reduced exactly, so that it is 0 at integers and accurate near them. */
function sinPi(x: number): number {
  // x mod 2 is exact in floating point.
  let reduced = x % 2;
  if (reduced < 0) reduced += 2;
  let sign = 1;
  if (reduced >= 1) {
    reduced -= 1;
    sign = -1;
  }
  if (reduced > 0.5) reduced = 1 - reduced;
  return (
    sign * (reduced <= 0.25 ? Math.sin(Math.PI * reduced) : Math.cos(Math.PI * (0.5 - reduced)))
  );
}

/**
 * Natural logarithm of the absolute value of the gamma function, ln |Γ(x)|.
 *
 * Matches `scipy.special.gammaln`, with full relative accuracy near the zeros at x = 1 and
 * x = 2. Negative non-integers use the reflection formula.
 *
 * @param x - Any real number.
 * @returns ln |Γ(x)|; +∞ at 0 and the negative integers, +∞ for +∞, −∞ for −∞ (as scipy),
 * `NaN` for `NaN`. Overflows to +∞ above about 2.55e305.
 */
export function logGamma(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (!Number.isFinite(x)) return x;
  if (x <= 0) {
    if (Number.isInteger(x)) return Number.POSITIVE_INFINITY;
    // Reflection: |Γ(x)| = π / (|sin(πx)| Γ(1 − x)).
    return Math.log(Math.PI / Math.abs(sinPi(x))) - logGamma(1 - x);
  }
  if (x < 0.5) return logGammaOnePlus(x) - Math.log(x);
  if (x < 1.5) return logGammaOnePlus(x - 1);
  if (x < 2.5) return Math.log1p(x - 2) + logGammaOnePlus(x - 2);
  if (x < STIRLING_MIN) {
    // Γ(x) = (x−1)(x−2)…(x−k) Γ(x−k) with x − k in [1.5, 2.5); every x − j is exact.
    let product = 1;
    let shifted = x;
    while (shifted >= 2.5) {
      shifted -= 1;
      product *= shifted;
    }
    return Math.log(product) + Math.log1p(shifted - 2) + logGammaOnePlus(shifted - 2);
  }
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + stirlingCorrection(x);
}
