import { type Data, DataType, Precision, type Table, util } from 'apache-arrow';
import { InvalidArgumentError } from '../errors';
import { getColumn } from './get-column';

/** A numeric column as flat typed arrays, ready for the numeric kernels. */
export interface NumericColumn {
  /**
   * One float per row; NaN where the row is null (a NaN that is a value has `valid` 1).
   * May share memory with the table (see `numericColumn`): copy it before changing it.
   */
  values: Float64Array;
  /** One byte per row, 1 where the row holds a value and 0 where it is null; `null` when no row is null. */
  valid: Uint8Array | null;
  /** How many rows are null. */
  nullCount: number;
}

/**
 * The column `name` as a `Float64Array`, reading Arrow's buffers directly and never
 * creating an object per row.
 *
 * A Float64 column of one chunk without nulls is returned without copying: `values` is a
 * view of the table's own buffer. Otherwise each chunk is copied once into a fresh array:
 * Float32 and integers up to 32 bits by one bulk conversion, Float16, 64-bit integers
 * (exact up to 2^53), Decimal (to the nearest double) and Bool (true 1, false 0) in a tight
 * loop, and the Null type as all-null. The validity bitmap, offsets of sliced tables
 * included, is expanded to one byte per row.
 *
 * @throws InvalidArgumentError (`argument: 'name'`) when the column does not exist
 * (listing those that do) or is not numeric, naming its type (decode a dictionary column
 * with `stringColumn`; convert timestamps yourself).
 *
 * @example
 * ```ts
 * const { values, valid, nullCount } = numericColumn(table, 'duration_s');
 * ```
 */
export function numericColumn(table: Table, name: string): NumericColumn {
  const column = getColumn(table, name);
  const type = column.type as DataType;
  const chunks = column.data as Data[];
  if (!isNumeric(type)) {
    throw new InvalidArgumentError({
      argument: 'name',
      message: `Column ${JSON.stringify(name)} has type ${String(type)}, which numericColumn cannot read as numbers (it reads Int8 to Uint64, Float16 to Float64, Decimal, Bool and Null). ${DataType.isDictionary(type) ? 'Read a dictionary column with stringColumn.' : 'Convert the column to a numeric type first.'}`,
    });
  }
  const nullCount = DataType.isNull(type) ? column.length : column.nullCount;
  const only = chunks[0];
  if (chunks.length === 1 && only !== undefined && nullCount === 0 && isFloat64(type)) {
    const buffer = only.values as Float64Array;
    return {
      values: buffer.length === only.length ? buffer : buffer.subarray(0, only.length),
      valid: null,
      nullCount,
    };
  }
  const values = new Float64Array(column.length);
  const valid = nullCount > 0 ? new Uint8Array(column.length).fill(1) : null;
  let position = 0;
  for (const chunk of chunks) {
    copyChunkValues(chunk, values, position);
    if (valid !== null) maskNulls(chunk, values, valid, position);
    position += chunk.length;
  }
  return { values, valid, nullCount };
}

function isNumeric(type: DataType): boolean {
  return (
    DataType.isInt(type) ||
    DataType.isFloat(type) ||
    DataType.isDecimal(type) ||
    DataType.isBool(type) ||
    DataType.isNull(type)
  );
}

function isFloat64(type: DataType): boolean {
  return DataType.isFloat(type) && type.precision === Precision.DOUBLE;
}

/** Writes the chunk's values as doubles into `target` from `position`. Arrow JS stores fixed-width values already sliced to the chunk; only bit-packed buffers carry `offset`. */
function copyChunkValues(chunk: Data, target: Float64Array, position: number): void {
  const { length, type } = chunk;
  if (DataType.isNull(type)) {
    target.fill(Number.NaN, position, position + length);
  } else if (DataType.isBool(type)) {
    const bits = chunk.values as Uint8Array;
    for (let index = 0, bit = chunk.offset; index < length; index++, bit++) {
      target[position + index] = ((bits[bit >> 3] ?? 0) >> (bit & 7)) & 1;
    }
  } else if (DataType.isFloat(type) && type.precision === Precision.HALF) {
    const halves = chunk.values as Uint16Array;
    for (let index = 0; index < length; index++) {
      target[position + index] = util.uint16ToFloat64(halves[index] ?? 0);
    }
  } else if (DataType.isInt(type) && type.bitWidth === 64) {
    const integers = chunk.values as BigInt64Array | BigUint64Array;
    for (let index = 0; index < length; index++) {
      target[position + index] = Number(integers[index] ?? 0n);
    }
  } else if (DataType.isDecimal(type)) {
    copyDecimals(
      chunk.values as Uint32Array,
      type.bitWidth / 32,
      type.scale,
      length,
      target,
      position,
    );
  } else {
    const numbers = chunk.values as Float64Array | Float32Array | Int32Array;
    target.set(numbers.subarray(0, length), position);
  }
}

/** Decimal values are two's-complement little-endian integers of `words` 32-bit words, scaled by 10^-scale. */
function copyDecimals(
  source: Uint32Array,
  words: number,
  scale: number,
  length: number,
  target: Float64Array,
  position: number,
): void {
  for (let index = 0; index < length; index++) {
    const base = index * words;
    const low = source[base] ?? 0;
    const high = source[base + 1] ?? 0;
    let fitsInDouble = high <= 0x1f_ffff || high >= 0xffe0_0000;
    const extension = high & 0x8000_0000 ? 0xffff_ffff : 0;
    for (let word = 2; word < words && fitsInDouble; word++)
      fitsInDouble = source[base + word] === extension;
    if (fitsInDouble && scale <= 22) {
      const signedHigh = high | 0;
      target[position + index] = (signedHigh * 2 ** 32 + low) / 10 ** scale;
    } else {
      let integer = 0n;
      for (let word = words - 1; word >= 0; word--)
        integer = (integer << 32n) | BigInt(source[base + word] ?? 0);
      if ((source[base + words - 1] ?? 0) & 0x8000_0000) integer -= 1n << BigInt(words * 32);
      target[position + index] = Number(`${integer}e${-scale}`);
    }
  }
}

function maskNulls(chunk: Data, values: Float64Array, valid: Uint8Array, position: number): void {
  if (DataType.isNull(chunk.type)) {
    valid.fill(0, position, position + chunk.length);
    return;
  }
  const bitmap = chunk.nullBitmap;
  if (chunk.nullCount === 0 || bitmap === undefined || bitmap.length === 0) return;
  for (let index = 0, bit = chunk.offset; index < chunk.length; index++, bit++) {
    if ((((bitmap[bit >> 3] ?? 0) >> (bit & 7)) & 1) === 0) {
      valid[position + index] = 0;
      values[position + index] = Number.NaN;
    }
  }
}
