import { readGolden } from '../../../test/support/golden';

/** A data set of samples.json: a list of values, or x_k = ((multiplier·k) mod modulus)/scale. */
export type DatasetSpec =
  | { values: number[] }
  | { modular: { count: number; multiplier: number; modulus: number; scale: number } };

/** The parts of samples.json (written by scripts/python/golden/gen_monitor_samples.py). */
export interface SamplesFixture {
  peerVersions: Record<string, string>;
  datasets: Record<string, DatasetSpec>;
  // Each group is typed where it is used.
  [group: string]: unknown;
}

export const samplesGolden = readGolden<SamplesFixture>(
  new URL('./samples.json', import.meta.url),
).cases;

const cache = new Map<string, number[]>();

function materialize(spec: DatasetSpec): number[] {
  if ('values' in spec) return spec.values;
  const { count, multiplier, modulus, scale } = spec.modular;
  return Array.from({ length: count }, (_, index) => ((multiplier * (index + 1)) % modulus) / scale);
}

/** The values of a named data set (or of an inline `{ values }` spec), NaN and ±Infinity included. */
export function dataset(name: string | DatasetSpec): number[] {
  if (typeof name !== 'string') return materialize(name);
  let values = cache.get(name);
  if (values === undefined) {
    const spec = samplesGolden.datasets[name];
    if (spec === undefined) throw new Error(`samples.json has no data set ${name}`);
    values = materialize(spec);
    cache.set(name, values);
  }
  return values;
}

/** A label for a case: "reference vs current". */
export function pairLabel(reference: string | DatasetSpec, current: string | DatasetSpec): string {
  const name = (value: string | DatasetSpec) =>
    typeof value === 'string' ? value : `${'values' in value ? value.values.length : '?'} values`;
  return `${name(reference)} vs ${name(current)}`;
}
