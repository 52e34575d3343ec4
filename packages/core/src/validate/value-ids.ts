import { type ColumnData, cellAt, isNullAt, type NumericValues } from './column-data';

/**
 * Per-row ids of a column's values: equal values (SameValueZero for numbers: NaN equals
 * NaN, -0 equals 0) get the same id, null gets 0, values get 1, 2, ... in order of first
 * appearance. Compound checks combine these instead of building a string key per row.
 */
export function valueIds(column: ColumnData, rowCount: number): Int32Array {
  switch (column.kind) {
    case 'string': {
      const ids = new Int32Array(rowCount);
      for (let index = 0; index < rowCount; index++)
        ids[index] = (column.codes[index] as number) + 1;
      return ids;
    }
    case 'numeric':
      return numericIds(column.values, column.valid);
    case 'other': {
      const ids = new Int32Array(rowCount);
      const known = new Map<string, number>();
      for (let index = 0; index < rowCount; index++) {
        if (isNullAt(column, index)) continue;
        const key = JSON.stringify(cellAt(column, index));
        let id = known.get(key);
        if (id === undefined) {
          id = known.size + 1;
          known.set(key, id);
        }
        ids[index] = id;
      }
      return ids;
    }
  }
}

/** {@link valueIds} of a numeric column. */
export function numericIds(values: NumericValues, valid: Uint8Array | null): Int32Array {
  const length = values.length;
  const ids = new Int32Array(length);
  const slots = new Int32Array(tableCapacity(length)).fill(-1);
  const mask = slots.length - 1;
  const scratch = new Float64Array(1);
  const words = new Uint32Array(scratch.buffer);
  let next = 1;
  for (let index = 0; index < length; index++) {
    if (valid !== null && valid[index] === 0) continue;
    let value = values[index] as number;
    if (value === 0) value = 0;
    if (Number.isNaN(value)) value = Number.NaN;
    scratch[0] = value;
    let slot = mixWords(words[0] as number, words[1] as number) & mask;
    for (;;) {
      const row = slots[slot] as number;
      if (row === -1) {
        slots[slot] = index;
        ids[index] = next++;
        break;
      }
      const other = values[row] as number;
      if (other === value || (Number.isNaN(other) && Number.isNaN(value))) {
        ids[index] = ids[row] as number;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return ids;
}

/**
 * Ids of the pairs (`left[row]`, `right[row]`), dense from 0 in order of first
 * appearance: folding this over columns gives one id per distinct combination.
 */
export function pairIds(left: Int32Array, right: Int32Array): Int32Array {
  const length = left.length;
  const ids = new Int32Array(length);
  const slots = new Int32Array(tableCapacity(length)).fill(-1);
  const mask = slots.length - 1;
  let next = 0;
  for (let index = 0; index < length; index++) {
    const a = left[index] as number;
    const b = right[index] as number;
    let slot = mixWords(a, b) & mask;
    for (;;) {
      const row = slots[slot] as number;
      if (row === -1) {
        slots[slot] = index;
        ids[index] = next++;
        break;
      }
      if (left[row] === a && right[row] === b) {
        ids[index] = ids[row] as number;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return ids;
}

/** A power of two at least twice `count`, so that linear probing stays short. */
export function tableCapacity(count: number): number {
  let capacity = 16;
  while (capacity < count * 2) capacity *= 2;
  return capacity;
}

/** A 32-bit mix of two 32-bit words (murmur3's finaliser over their combination). */
export function mixWords(low: number, high: number): number {
  let hash = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}
