import { type Data, DataType, makeVector, type Vector } from 'apache-arrow';
import { decodeStrings } from '../arrow/decode-strings';

/**
 * A string column as codes into its distinct values: `codes[row]` is the index of the
 * row's string in `entries`, or -1 for null. Entries are distinct, so checks that
 * depend only on the string (in-set, regex, length) run once per entry, and counting
 * (unique, distinct count) is an array increment per row.
 */
export interface StringCodes {
  codes: Int32Array;
  /** Distinct strings, in order of first appearance in the dictionaries or rows. */
  entries: string[];
  nullCount: number;
}

/**
 * Encodes a Utf8, LargeUtf8 or dictionary-of-strings vector. A dictionary chunk is
 * decoded once (its duplicates merged) and its index buffer remapped without creating a
 * string per row; a plain string chunk decodes each row once.
 */
export function encodeStrings(vector: Vector): StringCodes {
  const chunks = vector.data as Data[];
  const only = chunks[0];
  if (chunks.length === 1 && only !== undefined && DataType.isDictionary(only.type)) {
    const shared = sharedIndices(only);
    if (shared !== undefined) return shared;
  }
  const codes = new Int32Array(vector.length);
  const entries: string[] = [];
  const ids = new Map<string, number>();
  const idOf = (value: string): number => {
    let id = ids.get(value);
    if (id === undefined) {
      id = entries.length;
      entries.push(value);
      ids.set(value, id);
    }
    return id;
  };
  const remaps = new Map<unknown, Int32Array>();
  let nullCount = 0;
  let position = 0;
  for (const chunk of vector.data as Data[]) {
    if (DataType.isDictionary(chunk.type)) {
      let remap = remaps.get(chunk.dictionary);
      if (remap === undefined) {
        const dictionary = chunk.dictionary === undefined ? [] : decodeStrings(chunk.dictionary);
        remap = new Int32Array(dictionary.length);
        for (let index = 0; index < dictionary.length; index++) {
          const value = dictionary[index];
          remap[index] = value == null ? -1 : idOf(value);
        }
        remaps.set(chunk.dictionary, remap);
      }
      nullCount += remapIndices(chunk, remap, codes, position);
    } else {
      const values = decodeStrings(makeVector(chunk));
      for (let index = 0; index < values.length; index++) {
        const value = values[index];
        if (value == null) {
          codes[position + index] = -1;
          nullCount++;
        } else {
          codes[position + index] = idOf(value);
        }
      }
    }
    position += chunk.length;
  }
  return { codes, entries, nullCount };
}

/**
 * A dictionary chunk's own Int32 index buffer as the codes, when no row is null and the
 * dictionary's values are distinct and not null (the usual case): nothing is copied.
 */
function sharedIndices(chunk: Data): StringCodes | undefined {
  const indices = chunk.values as unknown;
  if (!(indices instanceof Int32Array) || chunk.nullCount !== 0 || chunk.dictionary === undefined)
    return undefined;
  const entries = decodeStrings(chunk.dictionary);
  const distinct = new Set<string | null>(entries);
  if (distinct.size !== entries.length || distinct.has(null)) return undefined;
  const codes = indices.length === chunk.length ? indices : indices.subarray(0, chunk.length);
  return { codes, entries: entries as string[], nullCount: 0 };
}

/** Writes `remap[index]` for every row of a dictionary chunk (-1 where null); returns the null count. */
function remapIndices(chunk: Data, remap: Int32Array, codes: Int32Array, position: number): number {
  const { length } = chunk;
  const indices = chunk.values as ArrayLike<number | bigint>;
  if (typeof indices[0] === 'bigint') {
    for (let index = 0; index < length; index++) {
      codes[position + index] = remap[Number(indices[index])] ?? -1;
    }
  } else {
    const small = indices as ArrayLike<number>;
    for (let index = 0; index < length; index++) {
      codes[position + index] = remap[small[index] as number] ?? -1;
    }
  }
  const bitmap = chunk.nullBitmap;
  const rowNulls = chunk.nullCount > 0 && bitmap !== undefined && bitmap.length > 0;
  if (rowNulls) {
    for (let index = 0, bit = chunk.offset; index < length; index++, bit++) {
      if ((((bitmap[bit >> 3] ?? 0) >> (bit & 7)) & 1) === 0) codes[position + index] = -1;
    }
  }
  // A dictionary may hold a null value too, so nulls are counted from the codes.
  if (!rowNulls && !remap.includes(-1)) return 0;
  let nullCount = 0;
  for (let index = 0; index < length; index++)
    if ((codes[position + index] as number) < 0) nullCount++;
  return nullCount;
}

/** For each entry, whether `test` holds; evaluated once per distinct string. */
export function entryFlags(
  entries: readonly string[],
  test: (value: string) => boolean,
): Uint8Array {
  const flags = new Uint8Array(entries.length);
  for (let index = 0; index < entries.length; index++)
    flags[index] = test(entries[index] as string) ? 1 : 0;
  return flags;
}

/** How many rows hold each entry. */
export function entryCounts(strings: StringCodes): Int32Array {
  const counts = new Int32Array(strings.entries.length);
  const { codes } = strings;
  for (let index = 0; index < codes.length; index++) {
    const code = codes[index] as number;
    if (code >= 0) counts[code] = (counts[code] as number) + 1;
  }
  return counts;
}
