import { logGamma, logGammaOnePlus, stirlingCorrection } from './log-gamma';
import { log1pMinusX } from './log1p-minus-x';

const EPSILON = Number.EPSILON;
const LENTZ_TINY = 1e-300;
/** Enough for shapes up to about 1e12: the series and fractions need O(√a) terms. */
const MAX_ITERATIONS = 10_000_000;

/**
 * x^a e^{−x} / Γ(a), the common factor of P and Q. For large a it is written as
 * √(a/2π) · exp(a·[ln(1+t) − t] − μ(a)) with t = (x − a)/a, which avoids the cancellation
 * between a ln x, x and ln Γ(a) that would cost about log10(a) digits.
 */
function gammaPrefix(a: number, x: number): number {
  if (a < 10) {
    const logPart = a * Math.log(x) - logGamma(a);
    // e^{−x} on its own keeps the exact argument when it cannot underflow.
    if (x < 700 && logPart < 700) return Math.exp(logPart) * Math.exp(-x);
    return Math.exp(logPart - x);
  }
  const t = (x - a) / a;
  // a·(ln(1+t) − t) = a ln(x/a) − (x − a); the series form only pays off where they cancel.
  const exponent = Math.abs(t) < 0.5 ? a * log1pMinusX(t) : a * Math.log(x / a) - (x - a);
  return Math.sqrt(a / (2 * Math.PI)) * Math.exp(exponent - stirlingCorrection(a));
}

/** P(a, x) by its power series of positive terms; used for x < a + 1. */
function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= x / (a + n);
    sum += term;
    if (term <= sum * EPSILON * 0.5) break;
  }
  return sum * gammaPrefix(a, x);
}

/** Q(a, x) by Legendre's continued fraction (modified Lentz); used for x ≥ min(a + 1, 1.1). */
function upperContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / LENTZ_TINY;
  let d = 1 / b;
  let value = d;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    const an = -n * (n - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < LENTZ_TINY) d = LENTZ_TINY;
    c = b + an / c;
    if (Math.abs(c) < LENTZ_TINY) c = LENTZ_TINY;
    d = 1 / d;
    const delta = d * c;
    value *= delta;
    if (Math.abs(delta - 1) <= EPSILON) break;
  }
  return value * gammaPrefix(a, x);
}

/**
 * Q(a, x) for a < 1 and x < 1.1, where Q may be far below 1 − P's resolution:
 * Q = [1 − x^a/Γ(a+1)] − x^a/Γ(a+1) · a Σ_{n≥1} (−x)^n / (n! (a + n)).
 */
function upperSmallArguments(a: number, x: number): number {
  const logPower = a * Math.log(x) - (a < 0.5 ? logGammaOnePlus(a) : logGamma(1 + a));
  const head = -Math.expm1(logPower);
  let term = 1;
  let sum = 0;
  for (let n = 1; n < 200; n++) {
    term *= -x / n;
    const contribution = term / (a + n);
    sum += contribution;
    if (Math.abs(contribution) <= Math.abs(sum) * EPSILON * 0.25) break;
  }
  return head - Math.exp(logPower) * a * sum;
}

/**
 * [P, Q] for finite a > 0 and x > 0. The smaller of the two is computed directly and the
 * other as its complement, so neither loses relative accuracy in its tail.
 */
function regularizedGammaPair(a: number, x: number): [number, number] {
  if (a < 1 && x < 1.1) {
    const p = lowerSeries(a, x);
    if (p < 0.5) return [p, 1 - p];
    const q = upperSmallArguments(a, x);
    return [1 - q, q];
  }
  if (a >= 1 && x < a + 1) {
    const p = lowerSeries(a, x);
    return [p, 1 - p];
  }
  const q = upperContinuedFraction(a, x);
  return [1 - q, q];
}

/** Handles the edges of the domain; returns undefined when the main algorithm applies. */
function edgeCase(a: number, x: number): [number, number] | undefined {
  if (Number.isNaN(a) || Number.isNaN(x) || a < 0 || x < 0) return [Number.NaN, Number.NaN];
  if (a === 0) return x > 0 ? [1, 0] : [Number.NaN, Number.NaN];
  if (a === Number.POSITIVE_INFINITY) {
    return x === Number.POSITIVE_INFINITY ? [Number.NaN, Number.NaN] : [0, 1];
  }
  if (x === 0) return [0, 1];
  if (x === Number.POSITIVE_INFINITY) return [1, 0];
  return undefined;
}

/**
 * Regularized lower incomplete gamma function P(a, x) = γ(a, x) / Γ(a).
 *
 * Matches `scipy.special.gammainc`. This is the CDF of a Gamma(a, 1) variable at x.
 *
 * @param a - Shape, a ≥ 0.
 * @param x - Upper limit of integration, x ≥ 0.
 * @returns P in [0, 1]. `NaN` for `NaN` inputs, a < 0, x < 0, or a = x = 0 (as scipy);
 * 1 when a = 0 and x > 0; 0 when a = +∞ and x is finite.
 */
export function regularizedGammaP(a: number, x: number): number {
  const edge = edgeCase(a, x);
  if (edge !== undefined) return edge[0];
  return regularizedGammaPair(a, x)[0];
}

/**
 * Regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a) = 1 − P(a, x),
 * computed directly so that it keeps relative accuracy when it is tiny.
 *
 * Matches `scipy.special.gammaincc`. This is the survival function of a Gamma(a, 1)
 * variable at x.
 *
 * @param a - Shape, a ≥ 0.
 * @param x - Lower limit of integration, x ≥ 0.
 * @returns Q in [0, 1], with the same edge values as {@link regularizedGammaP} mirrored.
 */
export function regularizedGammaQ(a: number, x: number): number {
  const edge = edgeCase(a, x);
  if (edge !== undefined) return edge[1];
  return regularizedGammaPair(a, x)[1];
}
