import { type Data, DataType, type Vector } from 'apache-arrow';

/**
 * The values of a Utf8, LargeUtf8 or dictionary-of-strings vector, `null` for nulls.
 * Decodes the UTF-8 buffers directly instead of through Arrow's getters, whose shared
 * TextDecoder drops a leading U+FEFF from every value; a dictionary is decoded once per
 * chunk.
 */
export function decodeStrings(vector: Vector): (string | null)[] {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const result: (string | null)[] = [];
  for (const chunk of vector.data as Data[]) {
    if (DataType.isDictionary(chunk.type)) {
      const dictionary = chunk.dictionary === undefined ? [] : decodeStrings(chunk.dictionary);
      const indices = chunk.values as ArrayLike<number | bigint>;
      for (let index = 0; index < chunk.length; index++) {
        result.push(chunk.getValid(index) ? (dictionary[Number(indices[index])] ?? null) : null);
      }
      continue;
    }
    const offsets = chunk.valueOffsets as ArrayLike<number | bigint>;
    const bytes = chunk.values as Uint8Array;
    for (let index = 0; index < chunk.length; index++) {
      if (!chunk.getValid(index)) {
        result.push(null);
        continue;
      }
      const start = Number(offsets[index] ?? 0);
      const end = Number(offsets[index + 1] ?? start);
      result.push(decoder.decode(bytes.subarray(start, end)));
    }
  }
  return result;
}
