import { decodeMetricValue, encodeMetricValue } from '../journal/record-codec';
import type { JournalMetric } from '../journal/records';

/**
 * The metric points of one batch in a compact form, for as long as they wait to be sent
 * (while the server is unreachable that can be millions of points): 9 to 25 bytes per point
 * (about 12 when, as with `logMetrics`, several keys share a step and timestamp) instead of
 * ~100 for one `{ key, value, timestampMs, step }` object each.
 *
 * - `values[i]` is the value of point `i`. V8 stores an array of numbers as unboxed doubles
 *   (8 bytes each), which keep every JS number exactly: NaN, ±Infinity, -0, and integers up
 *   to 2^53 (steps and timestamps are safe integers, see validation.ts and the journal
 *   schema), so the points come back exactly as they were packed.
 * - `spelled` lists, in increasing order, the points whose value was the text "NaN",
 *   "Infinity" or "-Infinity" (as the tracker logs them) rather than a number (as the
 *   journal reader returns them). Absent when no value was text.
 * - `keys` are the batch's distinct keys in order of first use; `keyIndex` gives the key of
 *   each point, as the char code `i` of a string (1 byte per point while a batch has at
 *   most 256 keys, 2 bytes up to 65,536), or as an array of numbers beyond that.
 * - `times` holds timestampMs and step of each run of consecutive points that share both,
 *   at `2r` and `2r + 1`; `runStarts[r - 1]` is the index of the first point of run `r`
 *   (run 0 starts at point 0). When runs are short, every point is its own run and
 *   `runStarts` is absent.
 *
 * Plain arrays and strings, not typed arrays: typed arrays over 64 bytes live outside V8's
 * heap, in malloc'd blocks scattered among short-lived buffers (the journal's, for one),
 * where they keep the freed memory around them from going back to the system. With the
 * same data in Float64Array/Uint16Array the offline benchmark measured RSS +49..104 MB,
 * with arrays (in V8's heap, which the garbage collector compacts) +38..52 MB.
 */
export interface PackedMetrics {
  readonly length: number;
  readonly keys: readonly string[];
  readonly keyIndex: string | readonly number[];
  readonly values: readonly number[];
  readonly spelled: readonly number[] | undefined;
  readonly times: readonly number[];
  readonly runStarts: readonly number[] | undefined;
}

/** Char codes passed to one `String.fromCharCode` call. */
const charCodesPerCall = 8192;

function charCodesToString(codes: readonly number[]): string {
  let text = '';
  for (let start = 0; start < codes.length; start += charCodesPerCall) {
    text += String.fromCharCode(...codes.slice(start, start + charCodesPerCall));
  }
  return text;
}

/** An array of `length` numbers sized once: growing by push may leave half of it unused. */
function numberArray(length: number): number[] {
  return new Array<number>(length);
}

/** Number of runs of consecutive points with the same timestamp and step. */
function countRuns(metrics: readonly JournalMetric[]): number {
  let runs = 0;
  for (let index = 0; index < metrics.length; index++) {
    const metric = metrics[index] as JournalMetric;
    const previous = metrics[index - 1];
    if (
      previous === undefined ||
      !Object.is(previous.timestampMs, metric.timestampMs) ||
      !Object.is(previous.step, metric.step)
    ) {
      runs += 1;
    }
  }
  return runs;
}

/** Packs `metrics`; {@link unpackMetrics} gives back equal points in the same order. */
export function packMetrics(metrics: readonly JournalMetric[]): PackedMetrics {
  const length = metrics.length;
  const keys: string[] = [];
  const keyNumbers = new Map<string, number>();
  const keyCodes: number[] = [];
  const values = numberArray(length);
  let spelled: number[] | undefined;
  const runs = countRuns(metrics);
  // Runs cost 24 bytes each (timestamp, step, start) against 16 per point without them.
  const everyPointARun = length === 0 || runs * 3 > length * 2;
  const times = numberArray((everyPointARun ? length : runs) * 2);
  const runStarts = everyPointARun ? undefined : numberArray(runs - 1);
  let run = -1;
  for (let index = 0; index < length; index++) {
    const metric = metrics[index] as JournalMetric;
    let keyNumber = keyNumbers.get(metric.key);
    if (keyNumber === undefined) {
      keyNumber = keys.length;
      keys.push(metric.key);
      keyNumbers.set(metric.key, keyNumber);
    }
    keyCodes.push(keyNumber);
    const value = metric.value;
    if (typeof value === 'number') {
      values[index] = value;
    } else {
      values[index] = decodeMetricValue(value);
      spelled ??= [];
      spelled.push(index);
    }
    if (
      run < 0 ||
      runStarts === undefined ||
      !Object.is(times[2 * run], metric.timestampMs) ||
      !Object.is(times[2 * run + 1], metric.step)
    ) {
      run += 1;
      if (runStarts !== undefined && run > 0) runStarts[run - 1] = index;
      times[2 * run] = metric.timestampMs;
      times[2 * run + 1] = metric.step;
    }
  }
  const keyIndex = keys.length <= 0x10000 ? charCodesToString(keyCodes) : keyCodes;
  return { length, keys, keyIndex, values, spelled, times, runStarts };
}

/** The points of `packed` as plain metric objects, equal to those that were packed. */
export function unpackMetrics(packed: PackedMetrics): JournalMetric[] {
  const { length, keys, keyIndex, values, spelled, times, runStarts } = packed;
  const metrics: JournalMetric[] = [];
  let nextSpelled = spelled?.[0] ?? -1;
  let spelledCursor = 0;
  let run = 0;
  let nextRunStart = runStarts === undefined ? 1 : (runStarts[0] ?? length);
  for (let index = 0; index < length; index++) {
    if (index === nextRunStart) {
      run += 1;
      nextRunStart = runStarts === undefined ? index + 1 : (runStarts[run] ?? length);
    }
    const keyNumber =
      typeof keyIndex === 'string' ? keyIndex.charCodeAt(index) : (keyIndex[index] as number);
    const number = values[index] as number;
    let value: JournalMetric['value'] = number;
    if (index === nextSpelled) {
      value = encodeMetricValue(number);
      spelledCursor += 1;
      nextSpelled = spelled?.[spelledCursor] ?? -1;
    }
    metrics.push({
      key: keys[keyNumber] as string,
      value,
      timestampMs: times[2 * run] as number,
      step: times[2 * run + 1] as number,
    });
  }
  return metrics;
}
