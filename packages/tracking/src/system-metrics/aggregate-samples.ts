import { cumulativeMetricNames } from './metric-names';
import { roundLikePython } from './python-round';

/** One sample: metric name (without prefix) → value in the metric's unit. */
export type MetricValues = Record<string, number>;

/**
 * Folds the samples of one logging period into one value per metric, as MLflow's monitors
 * do: the mean of the samples that have the metric, summed in order and rounded with
 * Python's `round(mean, 1)`; for the cumulative network counters, the latest value as it is.
 * A metric no sample has is left out. Keys keep the order of their first appearance.
 */
export function aggregateSamples(samples: readonly MetricValues[]): MetricValues {
  const valuesByName = new Map<string, number[]>();
  for (const sample of samples) {
    for (const [name, value] of Object.entries(sample)) {
      const values = valuesByName.get(name);
      if (values === undefined) valuesByName.set(name, [value]);
      else values.push(value);
    }
  }
  const aggregated: MetricValues = {};
  for (const [name, values] of valuesByName) {
    if (cumulativeMetricNames.has(name)) {
      aggregated[name] = values[values.length - 1] as number;
      continue;
    }
    let sum = 0;
    for (const value of values) sum += value;
    aggregated[name] = roundLikePython(sum / values.length);
  }
  return aggregated;
}
