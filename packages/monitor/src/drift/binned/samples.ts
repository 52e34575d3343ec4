import { EmptyInputError, InvalidArgumentError } from '@dagnostics/core';
import type { NumericArray } from '@dagnostics/core/stats';
import type { CategoricalValue, ColumnValues } from '../types';

/** Which sample a value came from; names the argument of the errors thrown here. */
export type SampleName = 'reference' | 'current';

/**
 * One category as the binned tests key it, with Python's equality: `true`/`false` are the
 * numbers 1/0 (`True == 1` in Python, so pandas counts them together), `-0` is 0, and a
 * bigint is the number it equals exactly (a bigint is kept only beyond 2^53).
 */
export type CategoryKey = number | string | bigint;

const integerArrayTypes = [
  Int8Array,
  Int16Array,
  Int32Array,
  Uint8Array,
  Uint8ClampedArray,
  Uint16Array,
  Uint32Array,
] as const;

/** True for integer typed arrays, which numpy treats as integer dtypes (histogram widths ≥ 1). */
export function isIntegerTypedArray(values: unknown): boolean {
  return integerArrayTypes.some((type) => values instanceof type);
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : typeof value;
}

function throwIfEmpty(length: number, sample: SampleName): void {
  if (length === 0) {
    throw new EmptyInputError({
      message: `The ${sample} sample has no values once missing and infinite values are dropped; pass at least one value.`,
      argument: sample,
    });
  }
}

/** Throws unless `columnType` is one of the types the binned tests take. */
export function assertBinnedColumnType(columnType: unknown): asserts columnType is 'num' | 'cat' {
  if (columnType !== 'num' && columnType !== 'cat') {
    throw new InvalidArgumentError({
      message: `The binned drift tests take numerical ('num') or categorical ('cat') columns; got ${JSON.stringify(columnType)}.`,
      argument: 'columnType',
    });
  }
}

/**
 * A numerical sample without missing values: `NaN`, ±∞, `null` and `undefined` dropped, as
 * Evidently's `get_one_column_drift` does. Integer typed arrays are returned as they are
 * (they hold neither), so that numpy's integer-dtype rules still apply to them.
 *
 * @throws InvalidArgumentError when the sample holds a non-number.
 * @throws EmptyInputError (argument `sample`) when nothing is left.
 */
/** True when no value is NaN or ±Infinity (one pass, no allocation). */
function allFinite(values: Float64Array): boolean {
  for (let index = 0; index < values.length; index++) {
    const value = values[index] as number;
    if (value - value !== 0) return false;
  }
  return true;
}

export function cleanNumericSample(values: ColumnValues, sample: SampleName): NumericArray {
  if (isIntegerTypedArray(values)) {
    throwIfEmpty(values.length, sample);
    return values as NumericArray;
  }
  if (
    !Array.isArray(values) &&
    !(values instanceof Float64Array || values instanceof Float32Array)
  ) {
    throw new InvalidArgumentError({
      message: `The ${sample} sample must be an array of numbers or a numeric typed array.`,
      argument: sample,
    });
  }
  if (values instanceof Float64Array && allFinite(values)) return values;
  const cleaned = new Float64Array(values.length);
  let size = 0;
  for (let index = 0; index < values.length; index++) {
    const value = (values as ArrayLike<unknown>)[index];
    if (value === null || value === undefined) continue;
    if (typeof value !== 'number') {
      throw new InvalidArgumentError({
        message: `A numerical column holds only numbers, but the ${sample} sample has ${describe(value)} at index ${index}; treat the column as categorical ('cat') instead.`,
        argument: sample,
      });
    }
    if (Number.isFinite(value)) cleaned[size++] = value;
  }
  throwIfEmpty(size, sample);
  return size === cleaned.length ? cleaned : cleaned.slice(0, size);
}

/** The key of one categorical value, or `undefined` for a missing one. */
function categoryKey(value: unknown, sample: SampleName, index: number): CategoryKey | undefined {
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) return undefined;
      return value === 0 ? 0 : value;
    case 'string':
      return value;
    case 'boolean':
      return value ? 1 : 0;
    case 'bigint': {
      const asNumber = Number(value);
      return BigInt(asNumber) === value ? asNumber : value;
    }
    case 'undefined':
      return undefined;
    default:
      if (value === null) return undefined;
      throw new InvalidArgumentError({
        message: `Categorical values are strings, numbers, booleans or bigints; the ${sample} sample has ${describe(value)} at index ${index}.`,
        argument: sample,
      });
  }
}

/**
 * The category keys of a sample (see {@link CategoryKey}), with missing values (`null`,
 * `undefined`, `NaN`) and ±∞ dropped as Evidently's pre-processing drops them.
 *
 * @throws InvalidArgumentError for a value that is not a scalar.
 * @throws EmptyInputError (argument `sample`) when nothing is left.
 */
export function cleanCategoricalSample(values: ColumnValues, sample: SampleName): CategoryKey[] {
  const keys: CategoryKey[] = [];
  for (let index = 0; index < values.length; index++) {
    const key = categoryKey((values as ArrayLike<CategoricalValue>)[index], sample, index);
    if (key !== undefined) keys.push(key);
  }
  throwIfEmpty(keys.length, sample);
  return keys;
}

function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(j) as number;
    if (x !== y) return x < y ? -1 : 1;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return i < a.length ? 1 : j < b.length ? -1 : 0;
}

/**
 * The order of `sorted()` in Python and `np.unique`: numbers by value, strings by code
 * point. Python cannot order numbers against strings; here numbers come first.
 */
export function compareCategoryKeys(a: CategoryKey, b: CategoryKey): number {
  const aIsString = typeof a === 'string';
  const bIsString = typeof b === 'string';
  if (aIsString !== bIsString) return aIsString ? 1 : -1;
  if (aIsString) return compareCodePoints(a, b as string);
  const x = a as number | bigint;
  const y = b as number | bigint;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Occurrences of each category in the two samples, over the union of their categories. */
export interface CategoryCounts {
  /** The union of the categories of both samples, in {@link compareCategoryKeys} order. */
  readonly keys: readonly CategoryKey[];
  /** Count of each key in the reference sample (0 for a key only the current one has). */
  readonly reference: Float64Array;
  /** Count of each key in the current sample (0 for a key only the reference has). */
  readonly current: Float64Array;
}

/**
 * Counts both samples over the union of their categories, as Evidently's `keys = set(ref) |
 * set(cur)` with `value_counts` filled with 0 for absent keys: a category only one sample
 * has is a bin with a zero count in the other, never a dropped value or a NaN.
 */
export function countCategories(
  reference: readonly CategoryKey[],
  current: readonly CategoryKey[],
): CategoryCounts {
  const counts = new Map<CategoryKey, [number, number]>();
  for (const key of reference) {
    const entry = counts.get(key);
    if (entry === undefined) counts.set(key, [1, 0]);
    else entry[0]++;
  }
  for (const key of current) {
    const entry = counts.get(key);
    if (entry === undefined) counts.set(key, [0, 1]);
    else entry[1]++;
  }
  const keys = [...counts.keys()].sort(compareCategoryKeys);
  const referenceCounts = new Float64Array(keys.length);
  const currentCounts = new Float64Array(keys.length);
  keys.forEach((key, index) => {
    const [inReference, inCurrent] = counts.get(key) as [number, number];
    referenceCounts[index] = inReference;
    currentCounts[index] = inCurrent;
  });
  return { keys, reference: referenceCounts, current: currentCounts };
}

/** Number of distinct values of a numerical sample (pandas `nunique`; a Set already takes -0 as 0). */
export function countDistinct(values: NumericArray, stopAbove = Number.POSITIVE_INFINITY): number {
  const seen = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    seen.add(values[i] as number);
    if (seen.size > stopAbove) break;
  }
  return seen.size;
}

/** Category keys of a numerical sample (numbers as categories). */
export function numbersAsCategories(values: NumericArray): CategoryKey[] {
  return Array.from(values, (value) => (value === 0 ? 0 : value));
}
