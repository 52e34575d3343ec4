import type { Rng } from '@dagnostics/core';

/** The seeded generator from `@dagnostics/core` that every part of the sample draws from. */
export type { Rng };

/** True with probability `probability`. */
export function chance(rng: Rng, probability: number): boolean {
  return rng.float() < probability;
}

/** A uniform draw in [low, high). */
export function uniform(rng: Rng, low: number, high: number): number {
  return low + (high - low) * rng.float();
}

/** A draw whose logarithm is uniform in [log low, log high): durations, sizes, counts. */
export function logUniform(rng: Rng, low: number, high: number): number {
  return Math.exp(uniform(rng, Math.log(low), Math.log(high)));
}

/** A duration in seconds between `low` and `high`, log-uniformly, for `Scenario.durationS`. */
export function seconds(low: number, high: number): (rng: Rng) => number {
  return (rng) => logUniform(rng, low, high);
}

/** One item, drawn with probability proportional to its weight. */
export function weighted<T>(rng: Rng, entries: ReadonlyArray<readonly [T, number]>): T {
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let remaining = rng.float() * total;
  for (const [item, weight] of entries) {
    remaining -= weight;
    if (remaining < 0) return item;
  }
  const last = entries[entries.length - 1];
  if (last === undefined) throw new Error('weighted() needs at least one entry');
  return last[0];
}

/** `count` distinct items of `items`, in random order. */
export function pickSome<T>(rng: Rng, items: readonly T[], count: number): T[] {
  const copy = [...items];
  rng.shuffle(copy);
  return copy.slice(0, Math.min(count, copy.length));
}

/** `length` random lowercase hexadecimal digits. */
export function hex(rng: Rng, length: number): string {
  let text = '';
  for (let index = 0; index < length; index += 1) text += rng.int(0, 15).toString(16);
  return text;
}

/** `length` random lowercase letters and digits, as in Kubernetes pod-name suffixes. */
export function alphanumeric(rng: Rng, length: number): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let text = '';
  for (let index = 0; index < length; index += 1) {
    text += alphabet[rng.int(0, alphabet.length - 1)];
  }
  return text;
}

/** A private IPv4 address in 10.0.0.0/8. */
export function privateIp(rng: Rng): string {
  return `10.${rng.int(0, 40)}.${rng.int(0, 255)}.${rng.int(2, 254)}`;
}

/** `value` with thousands separators, as Python's `f"{value:,}"` prints it. */
export function withCommas(value: number): string {
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
