import type { LocalMetric } from './types';

const largestDouble = Number.MAX_VALUE;

/**
 * A metric value as MLflow's SQL store compares it: NaN is stored as 0 (with a NaN flag) and
 * ±Infinity as ±the largest double.
 */
function storedValue(value: number): number {
  if (Number.isNaN(value)) return 0;
  if (value === Number.POSITIVE_INFINITY) return largestDouble;
  if (value === Number.NEGATIVE_INFINITY) return -largestDouble;
  return value;
}

/**
 * Whether `candidate` replaces `latest` as a run's latest metric: strictly greater
 * (step, timestamp, value), as MLflow's stores decide (`_update_latest_metrics_if_necessary`,
 * FileStore's `max(key=(step, timestamp, value))`); a full tie keeps the first logged.
 */
export function isLaterMetric(candidate: LocalMetric, latest: LocalMetric): boolean {
  if (candidate.step !== latest.step) return candidate.step > latest.step;
  if (candidate.timestampMs !== latest.timestampMs)
    return candidate.timestampMs > latest.timestampMs;
  return storedValue(candidate.value) > storedValue(latest.value);
}

/**
 * A metric's history as MLflow's SQL store returns it: exact duplicates logged once, ordered by
 * (timestamp, step, value), NaN after an equal stored value; otherwise in logging order.
 */
export function metricHistory(points: readonly LocalMetric[]): LocalMetric[] {
  const seen = new Set<string>();
  const unique: LocalMetric[] = [];
  for (const point of points) {
    const identity = `${point.timestampMs}\u0000${point.step}\u0000${Number.isNaN(point.value) ? 'NaN' : point.value}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    unique.push(point);
  }
  return unique.sort(
    (left, right) =>
      left.timestampMs - right.timestampMs ||
      left.step - right.step ||
      compareNumbers(storedValue(left.value), storedValue(right.value)) ||
      Number(Number.isNaN(left.value)) - Number(Number.isNaN(right.value)),
  );
}

function compareNumbers(left: number, right: number): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
