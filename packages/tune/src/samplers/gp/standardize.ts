/** Below this standard deviation the values are only centred, not scaled (Optuna's `EPS`). */
const MINIMUM_STANDARD_DEVIATION = 1e-10;

/**
 * Objective values standardised for the GP, as Optuna's `_standardize_values`: infinities
 * clipped to the finite extremes (to 0 when no value is finite), then centred and divided by
 * the population standard deviation (at least 1e-10).
 */
export function standardizeValues(values: readonly number[]): Float64Array {
  let finiteMin = Number.POSITIVE_INFINITY;
  let finiteMax = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (Number.isFinite(value)) {
      finiteMin = Math.min(finiteMin, value);
      finiteMax = Math.max(finiteMax, value);
    }
  }
  if (finiteMin > finiteMax) {
    finiteMin = 0;
    finiteMax = 0;
  }
  const clipped = values.map((value) => Math.min(Math.max(value, finiteMin), finiteMax));
  const n = clipped.length;
  let mean = 0;
  for (const value of clipped) mean += value;
  mean /= n;
  let variance = 0;
  for (const value of clipped) variance += (value - mean) * (value - mean);
  const deviation = Math.max(Math.sqrt(variance / n), MINIMUM_STANDARD_DEVIATION);
  return Float64Array.from(clipped, (value) => (value - mean) / deviation);
}
