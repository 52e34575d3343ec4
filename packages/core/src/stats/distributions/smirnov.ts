import { exactProduct } from '../special/exact-product';
import { stirlingCorrection } from '../special/log-gamma';
import { log1pMinusX } from '../special/log1p-minus-x';

/** ln(2^−1075): below this e^x is 0 in double precision. */
const MIN_LOG = -745.1332191019412;
/** Above this sample size the exact sum is replaced by an asymptotic formula (as in scipy). */
const MAX_EXACT_SAMPLE_SIZE = 1_000_000;
/** ln(2π). */
const LOG_TWO_PI = 1.8378770664093453;

/**
 * Survival function of the one-sided Kolmogorov–Smirnov statistic, P(Dₙ⁺ ≥ x), exact
 * (Birnbaum–Tingey) for n ≤ 10⁶. Matches `scipy.special.smirnov(n, x)`.
 *
 * The Birnbaum–Tingey sum Σ_{v=0}^{⌊n(1−x)⌋} x·C(n,v)·(x + v/n)^{v−1}·(1 − x − v/n)^{n−v} has
 * positive terms. Each term is evaluated in logs with the three gamma functions of C(n, v)
 * written as Stirling's formula plus its small correction, which collapses the large
 * logarithms into v·[ln(1+t/v) − t/v] + (n−v)·[ln(1−t/(n−v)) + t/(n−v)] (t = nx) and keeps
 * every term to a few ulps. t = nx is carried as an exact two-part product, its low part
 * entering through the derivative of the log-term.
 */
export function smirnovSf(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1)) return Number.NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const [t, tLow] = exactProduct(n, x);
  // floor(nx) and the fractional part, from the exact product.
  let floorNx = Math.floor(t);
  let fraction = t - floorNx + tLow;
  if (fraction < 0) {
    floorNx -= 1;
    fraction += 1;
  } else if (fraction >= 1) {
    floorNx += 1;
    fraction -= 1;
  }
  if (floorNx === 0 || (floorNx === 1 && fraction === 0)) {
    const cdf = x * (1 + x) ** (n - 1);
    return 1 - cdf;
  }
  if (-2 * n * x * x < MIN_LOG) return 0;
  if (floorNx >= n - 1) return x >= 0.5 ? (1 - x) ** n : Math.exp(n * Math.log1p(-x));
  if (n > MAX_EXACT_SAMPLE_SIZE) {
    const logP = -((6 * n * x + 1) ** 2) / 18 / n;
    return logP < -Math.LN2 ? Math.exp(logP) : 1 + Math.expm1(logP);
  }
  // Largest v with 1 − x − v/n > 0 (a term whose base is exactly 0 contributes nothing).
  const upper = n - floorNx - 1;
  let sum = x >= 0.5 ? (1 - x) ** n : Math.exp(n * Math.log1p(-x));
  const muN = stirlingCorrection(n);
  const logN = Math.log(n);
  let previous = sum;
  for (let v = 1; v <= upper; v++) {
    const rest = n - v;
    const logTerm =
      Math.log(t / (t + v)) +
      v * log1pMinusX(t / v) +
      rest * log1pMinusX(-t / rest) +
      0.5 * (logN - LOG_TWO_PI - Math.log(v) - Math.log(rest)) +
      muN -
      stirlingCorrection(v) -
      stirlingCorrection(rest);
    const slope = 1 / t - 1 / (t + v) - t / (t + v) - t / (rest - t);
    const term = Math.exp(logTerm + tLow * slope);
    sum += term;
    // Past the peak the terms decrease, so the rest sums to less than (upper − v)·term.
    if (term < previous && (upper - v) * term <= sum * 1e-17) break;
    previous = term;
  }
  return sum;
}
