import {
  Bool,
  type DataType,
  Dictionary,
  Float64,
  Int32,
  Int64,
  Null,
  TimestampMillisecond,
  Utf8,
} from 'apache-arrow';
import { valueKindOf } from './coerce-value';

/**
 * How inferred string columns are stored: `utf8` as plain Utf8 values, `dictionary` as
 * Int32 indices into one Utf8 dictionary of the distinct strings (smaller and faster to
 * group when few distinct values repeat, as labels and categories do).
 */
export type StringEncoding = 'utf8' | 'dictionary';

/**
 * The inferred type of a column, or the first value that stops it being one type: a value
 * of a kind no flat column stores (`firstIndex` absent), or of another kind than the first
 * non-null value (at `firstIndex`, of `firstKind`).
 */
export type InferredType =
  | { ok: true; type: DataType }
  | { ok: false; index: number; kind: string; firstIndex?: number; firstKind?: string };

/**
 * The Arrow type of a column of JavaScript values. `null` and `undefined` are nulls; an
 * all-null (or empty) column is of the Null type. Every number is Float64, however whole
 * (declare Int32 or Int64 in a schema to store integers); a bigint is Int64; a boolean is
 * Bool; a string is Utf8 (or a dictionary, see `StringEncoding`); a Date is a millisecond
 * timestamp in UTC. Different kinds in one column, objects, arrays and invalid Dates are
 * refused at the first offending value.
 */
export function inferValueType(
  values: readonly unknown[],
  stringEncoding: StringEncoding,
): InferredType {
  let firstKind: string | undefined;
  let firstIndex = -1;
  for (let index = 0; index < values.length; index++) {
    const kind = valueKindOf(values[index]);
    if (kind === 'null') continue;
    const type = typeOfKind(kind, stringEncoding);
    if (type === undefined) return { ok: false, index, kind };
    if (firstKind === undefined) {
      firstKind = kind;
      firstIndex = index;
    } else if (kind !== firstKind) {
      return { ok: false, index, kind, firstIndex, firstKind };
    }
  }
  return { ok: true, type: typeOfKind(firstKind, stringEncoding) ?? new Null() };
}

function typeOfKind(
  kind: string | undefined,
  stringEncoding: StringEncoding,
): DataType | undefined {
  switch (kind) {
    case undefined:
      return new Null();
    case 'number':
      return new Float64();
    case 'bigint':
      return new Int64();
    case 'boolean':
      return new Bool();
    case 'string':
      return stringType(stringEncoding);
    case 'Date':
      return new TimestampMillisecond('UTC');
    default:
      return undefined;
  }
}

/** The type of a string column under `stringEncoding`. */
export function stringType(stringEncoding: StringEncoding): DataType {
  return stringEncoding === 'dictionary' ? new Dictionary(new Utf8(), new Int32()) : new Utf8();
}
