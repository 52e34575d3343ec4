import { DataType, type Int } from 'apache-arrow';

/**
 * How the helpers of this folder hold one non-null cell of a column in JavaScript:
 * `float` and `int` as a number, `int64` as a bigint, `bool` as a boolean, `string` as a
 * string, `timestamp` and `date` as epoch milliseconds (a number, fractional below one
 * millisecond), `null` never holds a value.
 */
export type ValueFamily =
  | 'null'
  | 'bool'
  | 'float'
  | 'int'
  | 'int64'
  | 'string'
  | 'timestamp'
  | 'date';

/** The Arrow types the readers and writers of this folder convert to and from. */
export const supportedTypesDescription =
  'Null, Bool, Int8 to Int64, Uint8 to Uint64, Float16 to Float64, Utf8, LargeUtf8, Dictionary of Utf8, Timestamp and Date';

/** The family of `type`, or `undefined` when this folder cannot convert values of that type. */
export function valueFamilyOf(type: DataType): ValueFamily | undefined {
  if (DataType.isNull(type)) return 'null';
  if (DataType.isBool(type)) return 'bool';
  if (DataType.isFloat(type)) return 'float';
  if (DataType.isInt(type)) return type.bitWidth === 64 ? 'int64' : 'int';
  if (isStringType(type)) return 'string';
  if (DataType.isDictionary(type)) return isStringType(type.dictionary) ? 'string' : undefined;
  if (DataType.isTimestamp(type)) return 'timestamp';
  if (DataType.isDate(type)) return 'date';
  return undefined;
}

function isStringType(type: DataType): boolean {
  return DataType.isUtf8(type) || DataType.isLargeUtf8(type);
}

/** Smallest and largest value of an integer type of at most 32 bits. */
export function smallIntegerBounds(type: Int): { min: number; max: number } {
  const bitWidth = type.bitWidth;
  return type.isSigned
    ? { min: -(2 ** (bitWidth - 1)), max: 2 ** (bitWidth - 1) - 1 }
    : { min: 0, max: 2 ** bitWidth - 1 };
}

/** Smallest and largest value of a 64-bit integer type. */
export function bigIntegerBounds(type: Int): { min: bigint; max: bigint } {
  return type.isSigned
    ? { min: -(2n ** 63n), max: 2n ** 63n - 1n }
    : { min: 0n, max: 2n ** 64n - 1n };
}
