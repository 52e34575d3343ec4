import { DataType } from 'apache-arrow';
import { parseIsoTimestamp } from './iso-timestamp';
import { bigIntegerBounds, smallIntegerBounds, type ValueFamily } from './value-family';

/**
 * A JavaScript value (from a row object or a plain array) in the form its column's family
 * stores (see `ValueFamily`): `null` for `null` or `undefined`, `undefined` when the value
 * does not fit the type. Only lossless conversions are made, and a few that text formats
 * need: a Date, epoch milliseconds or an ISO 8601 string for a timestamp or date column,
 * and a decimal integer string for a 64-bit integer column (JSON numbers cannot hold every
 * 64-bit integer).
 */
export function coerceValue(type: DataType, family: ValueFamily, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (family) {
    case 'null':
      return undefined;
    case 'bool':
      return typeof value === 'boolean' ? value : undefined;
    case 'string':
      return typeof value === 'string' ? value : undefined;
    case 'float':
      if (typeof value === 'number') return value;
      return typeof value === 'bigint' && isSafeBigInt(value) ? Number(value) : undefined;
    case 'int':
      return coerceSmallInteger(type, value);
    case 'int64':
      return coerceBigInteger(type, value);
    case 'timestamp':
    case 'date':
      return coerceEpochMilliseconds(value);
  }
}

function coerceSmallInteger(type: DataType, value: unknown): number | undefined {
  if (!DataType.isInt(type)) return undefined;
  const { min, max } = smallIntegerBounds(type);
  const number =
    typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : Number.NaN;
  return Number.isInteger(number) && number >= min && number <= max ? number : undefined;
}

function coerceBigInteger(type: DataType, value: unknown): bigint | undefined {
  if (!DataType.isInt(type)) return undefined;
  let integer: bigint | undefined;
  if (typeof value === 'bigint') integer = value;
  else if (typeof value === 'number' && Number.isSafeInteger(value)) integer = BigInt(value);
  else if (typeof value === 'string' && /^[+-]?\d+$/.test(value)) integer = BigInt(value);
  if (integer === undefined) return undefined;
  const { min, max } = bigIntegerBounds(type);
  return integer >= min && integer <= max ? integer : undefined;
}

function coerceEpochMilliseconds(value: unknown): number | undefined {
  if (value instanceof Date) {
    const time = value.getTime();
    return Number.isNaN(time) ? undefined : time;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') return parseIsoTimestamp(value);
  return undefined;
}

/** Whether a bigint converts to a number without losing digits (|value| ≤ 2^53 − 1). */
export function isSafeBigInt(value: bigint): boolean {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER);
}

/** A short description of a value for error messages: its kind and, when short, the value. */
export function describeValue(value: unknown): string {
  const kind = valueKindOf(value);
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return `${kind} ${JSON.stringify(shown)}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return `${kind} ${String(value)}`;
  if (typeof value === 'bigint') return `${kind} ${String(value)}n`;
  return kind;
}

/** The kind of a JavaScript value as tableFromRows infers types: `number`, `Date`, `array`… */
export function valueKindOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'invalid Date' : 'Date';
  if (Array.isArray(value)) return 'array';
  if (ArrayBuffer.isView(value)) return 'binary array';
  return typeof value;
}
