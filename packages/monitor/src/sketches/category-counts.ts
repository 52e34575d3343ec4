import { EmptyInputError, InvalidArgumentError } from '@dagnostics/core';
import {
  type CategoryKey,
  cleanCategoricalSample,
  compareCategoryKeys,
} from '../drift/binned/samples';
import type { CategoricalValue, ColumnValues } from '../drift/types';

/**
 * A category key as JSON holds it: a number, a string, or `{ bigint: "<decimal>" }` for an
 * integer beyond 2^53 that no number equals.
 */
export type CategoryKeyJson = number | string | { readonly bigint: string };

/** The JSON form of {@link CategoryCounts} (`toJSON()`), read back by {@link categoryCountsFromJson}. */
export interface CategoryCountsJson {
  readonly format: 'dagnostics.category-counts';
  /** Layout version; 1. */
  readonly version: 1;
  /** Missing values seen (`null`, `undefined`, NaN, ±∞). */
  readonly missing: number;
  /** `[key, count]` per category, in {@link compareCategoryKeys} order, counts ≥ 1. */
  readonly entries: readonly (readonly [CategoryKeyJson, number])[];
}

/**
 * Exact counts of the values of a categorical column: mergeable across partitions and small
 * whenever the column has few distinct values, which is when categorical drift tests apply.
 *
 * Values are keyed as Evidently's categorical tests key them: `true`/`false` count as 1/0,
 * `-0` as 0, a bigint as the number it equals exactly. `null`, `undefined`, NaN and ±∞ are
 * missing: counted in {@link CategoryCounts.missingCount} and otherwise dropped.
 */
export interface CategoryCounts {
  /** Number of non-missing values counted. */
  readonly count: number;
  /** Number of missing values seen and dropped. */
  readonly missingCount: number;
  /** Number of distinct categories. */
  readonly categoryCount: number;
  /** Counts one value. */
  update(value: CategoricalValue): this;
  /** Counts every value of a column (an array of scalars or a numeric typed array). */
  updateMany(values: ColumnValues): this;
  /** Adds `other`'s counts (which are left unchanged) to these. */
  merge(other: CategoryCounts): this;
  /** How many times `value` was counted (0 for a category never seen or a missing value). */
  countOf(value: CategoricalValue): number;
  /** `[key, count]` per category, in {@link compareCategoryKeys} order (numbers, then strings). */
  entries(): [CategoryKey, number][];
  /** The JSON form; `JSON.stringify` calls it. */
  toJSON(): CategoryCountsJson;
}

/**
 * The keys of `values` (missing ones dropped). The drift tests' own cleaning is reused so that
 * counts key values exactly as the exact tests do; it reports an all-missing input as empty.
 */
function keysOf(values: ColumnValues): CategoryKey[] {
  try {
    return cleanCategoricalSample(values, 'current');
  } catch (error) {
    if (EmptyInputError.isInstance(error)) return [];
    throw error;
  }
}

function invalidJson(message: string): InvalidArgumentError {
  return new InvalidArgumentError({
    message: `Not readable category counts: ${message}. Pass the output of \`toJSON()\` (or its JSON text) unchanged.`,
    argument: 'json',
    code: 'SKETCH_FORMAT',
  });
}

function keyToJson(key: CategoryKey): CategoryKeyJson {
  return typeof key === 'bigint' ? { bigint: key.toString() } : key;
}

function keyFromJson(key: unknown): CategoryKey {
  if (typeof key === 'string' || (typeof key === 'number' && Number.isFinite(key))) {
    return key === 0 ? 0 : key;
  }
  if (
    typeof key === 'object' &&
    key !== null &&
    typeof (key as { bigint?: unknown }).bigint === 'string'
  ) {
    const digits = (key as { bigint: string }).bigint;
    if (/^-?\d+$/.test(digits)) {
      const value = BigInt(digits);
      const asNumber = Number(value);
      return BigInt(asNumber) === value ? asNumber : value;
    }
  }
  throw invalidJson(`${JSON.stringify(key)} is not a category key`);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

class Counts implements CategoryCounts {
  private readonly counts = new Map<CategoryKey, number>();
  private total = 0;
  private missing = 0;

  get count(): number {
    return this.total;
  }

  get missingCount(): number {
    return this.missing;
  }

  get categoryCount(): number {
    return this.counts.size;
  }

  update(value: CategoricalValue): this {
    return this.updateMany([value]);
  }

  updateMany(values: ColumnValues): this {
    const keys = keysOf(values);
    this.missing += values.length - keys.length;
    for (const key of keys) this.add(key, 1);
    return this;
  }

  merge(other: CategoryCounts): this {
    const entries = other === this ? this.entries() : other.entries();
    for (const [key, count] of entries) this.add(key, count);
    this.missing += other.missingCount;
    return this;
  }

  countOf(value: CategoricalValue): number {
    const [key] = keysOf([value]);
    return key === undefined ? 0 : (this.counts.get(key) ?? 0);
  }

  entries(): [CategoryKey, number][] {
    return [...this.counts.entries()].sort(([a], [b]) => compareCategoryKeys(a, b));
  }

  toJSON(): CategoryCountsJson {
    return {
      format: 'dagnostics.category-counts',
      version: 1,
      missing: this.missing,
      entries: this.entries().map(([key, count]) => [keyToJson(key), count] as const),
    };
  }

  add(key: CategoryKey, count: number): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + count);
    this.total += count;
  }

  addMissing(count: number): void {
    this.missing += count;
  }
}

/**
 * Creates category counts (see {@link CategoryCounts}), counting `values` when given.
 *
 * @example
 * ```ts
 * const reference = createCategoryCounts(referenceColumn);
 * const current = createCategoryCounts().updateMany(batch1).updateMany(batch2);
 * jensenShannonDistanceFromCounts(reference, current).statistic;
 * ```
 *
 * @throws InvalidArgumentError when a value is not a scalar.
 */
export function createCategoryCounts(values?: ColumnValues): CategoryCounts {
  const counts = new Counts();
  if (values !== undefined) counts.updateMany(values);
  return counts;
}

/**
 * Reads counts written by {@link CategoryCounts.toJSON}, as an object or as JSON text.
 *
 * @throws InvalidArgumentError (argument `json`, code `SKETCH_FORMAT`) for another format or
 * version, an invalid key or count, or a key listed twice.
 */
export function categoryCountsFromJson(json: unknown): CategoryCounts {
  let parsed = json;
  if (typeof json === 'string') {
    try {
      parsed = JSON.parse(json);
    } catch {
      throw invalidJson('the text is not JSON');
    }
  }
  const candidate = parsed as Partial<CategoryCountsJson> | null;
  if (typeof candidate !== 'object' || candidate === null) throw invalidJson('not an object');
  if (candidate.format !== 'dagnostics.category-counts') throw invalidJson('unknown `format`');
  if (candidate.version !== 1) {
    throw invalidJson(`version ${String(candidate.version)} is not supported (this build reads 1)`);
  }
  if (!isCount(candidate.missing)) throw invalidJson('`missing` is not a count');
  if (!Array.isArray(candidate.entries)) throw invalidJson('`entries` is not an array');
  const counts = new Counts();
  const seen = new Set<CategoryKey>();
  for (const entry of candidate.entries as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 2 || !isCount(entry[1]) || entry[1] === 0) {
      throw invalidJson(`${JSON.stringify(entry)} is not a [key, positive count] pair`);
    }
    const key = keyFromJson(entry[0]);
    if (seen.has(key)) throw invalidJson(`the key ${String(key)} is listed twice`);
    seen.add(key);
    counts.add(key, entry[1]);
  }
  counts.addMissing(candidate.missing);
  return counts;
}
