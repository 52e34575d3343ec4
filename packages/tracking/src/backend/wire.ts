import { decodeMetricValue, encodeMetricValue } from '../journal/record-codec';
import type { JournalMetric } from '../journal/records';

/**
 * MLflow's JSON mapping of doubles (protobuf's) is the journal's: finite numbers as
 * numbers, NaN and infinities as the strings "NaN", "Infinity" and "-Infinity".
 */
export type WireDouble = JournalMetric['value'];

/** A double as MLflow's JSON writes it. */
export const encodeDouble: (value: WireDouble) => WireDouble = encodeMetricValue;

/** Reads a double as MLflow writes it (number or "NaN"/"Infinity"/"-Infinity"). */
export function decodeDouble(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') {
    return decodeMetricValue(value);
  }
  return Number(value);
}

/** Reads an int64 that MLflow may send as a number or a decimal string. */
export function decodeInteger(value: unknown, fallback = 0): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value !== '') return Number(value);
  return fallback;
}

/** A journal metric as MLflow's `Metric` message. */
export function toWireMetric(metric: JournalMetric): {
  key: string;
  value: WireDouble;
  timestamp: number;
  step: number;
} {
  return {
    key: metric.key,
    value: encodeDouble(metric.value),
    timestamp: metric.timestampMs,
    step: metric.step,
  };
}
