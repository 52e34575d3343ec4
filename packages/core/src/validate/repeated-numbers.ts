import type { NumericValues } from './column-data';
import { numericIds } from './value-ids';

/**
 * Rows whose value occurs more than once among the non-null rows, in row order (GE's
 * unique check flags every occurrence of a repeated value). Values compare as
 * SameValueZero: NaN equals NaN, -0 equals 0.
 *
 * Integers in a dense range (the usual id column) are counted in two bitmaps over the
 * range; anything else goes through an open-addressing hash of row indices. Both avoid
 * a JavaScript `Map`, whose per-entry cost dominates at tens of millions of rows.
 */
export function repeatedRows(values: NumericValues, valid: Uint8Array | null): number[] {
  const range = integerRange(values, valid);
  if (range !== null) return repeatedDenseIntegers(values, valid, range.min, range.size);
  return repeatedHashed(values, valid);
}

/** The range of values when every non-null value is an integer and the range is at most a few times the row count. */
function integerRange(
  values: NumericValues,
  valid: Uint8Array | null,
): { min: number; size: number } | null {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  const length = values.length;
  for (let index = 0; index < length; index++) {
    if (valid !== null && valid[index] === 0) continue;
    const value = values[index] as number;
    // Fails for NaN, ±Infinity and fractions alike.
    if (Math.floor(value) !== value) return null;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (min > max) return null;
  const size = max - min + 1;
  return size <= Math.max(4 * length, 1 << 16) && size < 2 ** 31 ? { min, size } : null;
}

function repeatedDenseIntegers(
  values: NumericValues,
  valid: Uint8Array | null,
  min: number,
  size: number,
): number[] {
  const words = (size + 31) >>> 5;
  const seen = new Int32Array(words);
  const repeated = new Int32Array(words);
  let anyRepeated = false;
  const length = values.length;
  for (let index = 0; index < length; index++) {
    if (valid !== null && valid[index] === 0) continue;
    // -0 - min is 0 as well, so -0 and 0 share a bit.
    const offset = (values[index] as number) - min;
    const word = offset >>> 5;
    const bit = 1 << (offset & 31);
    if (((seen[word] as number) & bit) !== 0) {
      repeated[word] = (repeated[word] as number) | bit;
      anyRepeated = true;
    } else {
      seen[word] = (seen[word] as number) | bit;
    }
  }
  const rows: number[] = [];
  if (!anyRepeated) return rows;
  for (let index = 0; index < length; index++) {
    if (valid !== null && valid[index] === 0) continue;
    const offset = (values[index] as number) - min;
    if (((repeated[offset >>> 5] as number) & (1 << (offset & 31))) !== 0) rows.push(index);
  }
  return rows;
}

function repeatedHashed(values: NumericValues, valid: Uint8Array | null): number[] {
  const ids = numericIds(values, valid);
  const counts = new Int32Array(values.length + 1);
  for (let index = 0; index < ids.length; index++) {
    const id = ids[index] as number;
    counts[id] = (counts[id] as number) + 1;
  }
  const rows: number[] = [];
  for (let index = 0; index < ids.length; index++) {
    const id = ids[index] as number;
    // Id 0 is null.
    if (id !== 0 && (counts[id] as number) > 1) rows.push(index);
  }
  return rows;
}
