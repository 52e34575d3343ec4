import type { StoredMetric, TrackingBackend } from '../backend/tracking-backend';
import type { JournalMetric } from '../journal/records';

function pointKey(step: number, timestampMs: number, value: number | string): string {
  const number = typeof value === 'number' ? value : Number(value);
  return `${step}|${timestampMs}|${Object.is(number, -0) ? 0 : number}`;
}

/**
 * The metrics of a batch that the server does not hold yet. Used after a failure whose
 * outcome is unknown (the connection dropped after the request was sent, or a 5xx after
 * a partial write): resending the whole batch would duplicate the points that did land.
 *
 * A point counts as present when the server has a point of the same key, step,
 * timestamp and value; counts are respected, so two identical points in the batch need
 * two on the server. Identical points logged in an earlier, acknowledged batch are
 * indistinguishable from these and also count as present: log a distinct timestamp or
 * step if you need exact duplicates.
 */
export async function missingMetrics(
  backend: TrackingBackend,
  runId: string,
  metrics: readonly JournalMetric[],
  signal?: AbortSignal,
): Promise<JournalMetric[]> {
  const keys = [...new Set(metrics.map((metric) => metric.key))];
  const onServer = new Map<string, Map<string, number>>();
  for (const key of keys) {
    const history: StoredMetric[] = await backend.getMetricHistory(runId, key, signal);
    const counts = new Map<string, number>();
    for (const point of history) {
      const id = pointKey(point.step, point.timestampMs, point.value);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    onServer.set(key, counts);
  }
  const missing: JournalMetric[] = [];
  for (const metric of metrics) {
    const counts = onServer.get(metric.key);
    const id = pointKey(metric.step, metric.timestampMs, metric.value);
    const available = counts?.get(id) ?? 0;
    if (available > 0) {
      counts?.set(id, available - 1);
    } else {
      missing.push(metric);
    }
  }
  return missing;
}
