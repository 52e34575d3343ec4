import { logGamma } from '@dagnostics/core/stats';

/** Above this Γ overflows; the same bound as Cephes' `MAXGAM`. */
const MAX_GAMMA_ARGUMENT = 171.6243769563027;

let factorials: Float64Array | undefined;

/** Γ(x) = (x − 1)! for an integer 1 ≤ x ≤ 171, from a table of running products. */
function integerGamma(x: number): number {
  if (factorials === undefined) {
    factorials = new Float64Array(171);
    factorials[0] = 1;
    for (let i = 1; i < 171; i++) factorials[i] = (factorials[i - 1] as number) * i;
  }
  return factorials[x - 1] as number;
}

/** B(a, b) for integers a, b ≥ 1, following the branch structure of Cephes' `beta`. */
function integerBeta(first: number, second: number): number {
  const a = Math.max(first, second);
  const b = Math.min(first, second);
  if (a + b > MAX_GAMMA_ARGUMENT) {
    return Math.exp(logGamma(a) + (logGamma(b) - logGamma(a + b)));
  }
  const reciprocal = 1 / integerGamma(a + b);
  const gammaA = integerGamma(a);
  const gammaB = integerGamma(b);
  // Multiply first by whichever factor brings the product closer to 1, as Cephes does.
  if (Math.abs(Math.abs(gammaA * reciprocal) - 1) > Math.abs(Math.abs(gammaB * reciprocal) - 1)) {
    return gammaB * reciprocal * gammaA;
  }
  return gammaA * reciprocal * gammaB;
}

/**
 * The binomial coefficient C(n, k) in floating point for integers 0 ≤ k ≤ n, computed as
 * `scipy.special.binom` computes it: an exact running product when min(k, n − k) < 20,
 * otherwise 1 / ((n + 1) B(n − k + 1, k + 1)). Overflows to +Infinity like scipy's.
 */
export function binomialCoefficient(n: number, k: number): number {
  const reduced = k > n / 2 && n > 0 ? n - k : k;
  if (reduced < 20) {
    let numerator = 1;
    let denominator = 1;
    for (let i = 1; i <= reduced; i++) {
      numerator *= i + n - reduced;
      denominator *= i;
      if (Math.abs(numerator) > 1e50) {
        numerator /= denominator;
        denominator = 1;
      }
    }
    return numerator / denominator;
  }
  return 1 / (n + 1) / integerBeta(1 + n - k, 1 + k);
}
