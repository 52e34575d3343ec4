import { InvalidArgumentError } from '@dagnostics/core';
import { assertArrayInput } from '../shared/validation';

/** Per-sample times: milliseconds since the Unix epoch, or `Date` objects. Read as UTC. */
export type TimestampInput = readonly (number | Date)[] | Float64Array;

/** Timestamps as milliseconds since the epoch, checking that each is a valid time. */
export function readTimestamps(timestamps: unknown, argument = 'timestamps'): Float64Array {
  assertArrayInput(timestamps, argument);
  const result = new Float64Array(timestamps.length);
  for (let i = 0; i < timestamps.length; i++) {
    const value = timestamps[i];
    const time = value instanceof Date ? value.getTime() : value;
    if (typeof time !== 'number' || !Number.isFinite(time)) {
      throw new InvalidArgumentError({
        message: `\`${argument}\` must hold valid times (milliseconds since the epoch or Date objects), but entry ${i} is ${String(value)}.`,
        argument,
      });
    }
    result[i] = time;
  }
  return result;
}

/** Row positions sorted by time; ties keep their input order. */
export function timeOrder(times: Float64Array): number[] {
  return Array.from(times.keys()).sort(
    (a, b) => (times[a] as number) - (times[b] as number) || a - b,
  );
}
