import type { JournalMetric, JournalRecord } from './records';

/** A metric value as stored: numbers JSON cannot hold become "NaN", "Infinity", "-Infinity". */
export function encodeMetricValue(value: JournalMetric['value']): JournalMetric['value'] {
  if (typeof value !== 'number' || Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'Infinity' : '-Infinity';
}

/** A stored metric value as a number: "NaN" is `NaN`, "Infinity" is `Infinity`. */
export function decodeMetricValue(value: JournalMetric['value']): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return Number.NaN;
  return value === 'Infinity' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
}

/** `record` as it is written: metric values that JSON cannot hold spelled as strings. */
export function encodeRecord(record: JournalRecord): JournalRecord {
  if (record.type !== 'batch') return record;
  if (
    record.metrics.every(
      (metric) => typeof metric.value !== 'number' || Number.isFinite(metric.value),
    )
  ) {
    return record;
  }
  return {
    ...record,
    metrics: record.metrics.map((metric) => ({
      ...metric,
      value: encodeMetricValue(metric.value),
    })),
  };
}

/** `record` as read back: every metric value a number. */
export function decodeRecord(record: JournalRecord): JournalRecord {
  if (
    record.type !== 'batch' ||
    record.metrics.every((metric) => typeof metric.value === 'number')
  ) {
    return record;
  }
  return {
    ...record,
    metrics: record.metrics.map((metric) => ({
      ...metric,
      value: decodeMetricValue(metric.value),
    })),
  };
}
