import { Bool, DataType, Float64, Null } from 'apache-arrow';
import { type StringEncoding, stringType } from './infer-value-type';
import { parseIsoTimestamp } from './iso-timestamp';
import { bigIntegerBounds, smallIntegerBounds, type ValueFamily } from './value-family';

const decimalPattern = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const specialFloatPattern = /^[+-]?(?:nan|inf|infinity)$/i;
const integerPattern = /^[+-]?\d+$/;

/** Whether `text` is a number as CSV writers spell them, NaN and infinities included. */
function isNumberText(text: string): boolean {
  return decimalPattern.test(text) || specialFloatPattern.test(text);
}

/** Whether `text` is `true` or `false` in any letter case. */
function isBooleanText(text: string): boolean {
  const lower = text.toLowerCase();
  return lower === 'true' || lower === 'false';
}

/**
 * The inferred type of a column of CSV fields (`null` for the null ones): Bool when every
 * value is true/false, Float64 when every value is a number (integers too, as pandas and
 * pyarrow would give float64 to an integer column with a missing value), the Null type when
 * there is no value, Utf8 otherwise. Timestamps stay strings unless a schema declares them.
 */
export function inferTextType(
  values: readonly (string | null)[],
  stringEncoding: StringEncoding,
): DataType {
  let allBoolean = true;
  let allNumber = true;
  let any = false;
  for (const value of values) {
    if (value === null) continue;
    any = true;
    allBoolean &&= isBooleanText(value);
    allNumber &&= isNumberText(value);
    if (!allBoolean && !allNumber) return stringType(stringEncoding);
  }
  if (!any) return new Null();
  return allBoolean ? new Bool() : new Float64();
}

/**
 * A non-null CSV field in the form its column's family stores (see `ValueFamily`), or
 * `undefined` when it does not fit the type. Integers must be whole and in range; Bool
 * takes true/false in any case and 1/0; timestamps and dates take ISO 8601 text (UTC when
 * it names no zone).
 */
export function parseTextValue(type: DataType, family: ValueFamily, text: string): unknown {
  switch (family) {
    case 'null':
      return undefined;
    case 'string':
      return text;
    case 'bool': {
      const lower = text.toLowerCase();
      if (lower === 'true' || lower === '1') return true;
      if (lower === 'false' || lower === '0') return false;
      return undefined;
    }
    case 'float':
      return isNumberText(text) ? parseNumberText(text) : undefined;
    case 'int': {
      if (!integerPattern.test(text) || !DataType.isInt(type)) return undefined;
      const { min, max } = smallIntegerBounds(type);
      const value = Number(text);
      return value >= min && value <= max ? value : undefined;
    }
    case 'int64': {
      if (!integerPattern.test(text) || !DataType.isInt(type)) return undefined;
      const { min, max } = bigIntegerBounds(type);
      const value = BigInt(text);
      return value >= min && value <= max ? value : undefined;
    }
    case 'timestamp':
    case 'date':
      return parseIsoTimestamp(text);
  }
}

function parseNumberText(text: string): number {
  const unsigned = text.replace(/^[+-]/, '').toLowerCase();
  if (unsigned === 'nan') return Number.NaN;
  if (unsigned === 'inf' || unsigned === 'infinity') {
    return text.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  return Number(text);
}
