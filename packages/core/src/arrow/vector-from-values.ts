import {
  DataType,
  DateUnit,
  makeData,
  makeVector,
  Precision,
  TimeUnit,
  util,
  type Vector,
} from 'apache-arrow';
import { InvalidArgumentError } from '../errors';
import { smallIntegerBounds, valueFamilyOf } from './value-family';

const millisecondsPerDay = 86_400_000;

/**
 * One single-chunk vector of `type` from values already in the JavaScript form of the
 * type's family (see `ValueFamily`), `null` for a null. Every buffer is written directly
 * (Arrow's builders cost about ten times as much per string). The caller has checked every
 * value, so nothing here validates.
 */
export function vectorFromValues(type: DataType, values: readonly unknown[]): Vector {
  const length = values.length;
  const family = valueFamilyOf(type);
  if (family === 'null') return makeVector(makeData({ type, length, nullCount: length }));
  if (family === 'string') return stringVector(type, values);

  const { nullBitmap, nullCount } = validityOf(values);
  const data =
    family === 'bool' ? packBooleans(values) : fixedWidthValues(type as FixedWidth, values);
  return makeVector(
    makeData({
      type,
      length,
      nullCount,
      data,
      ...(nullCount > 0 ? { nullBitmap } : {}),
    } as Parameters<typeof makeData>[0]),
  );
}

type FixedWidth = DataType & { ArrayType: new (length: number) => ArrayLike<unknown> };

function stringVector(type: DataType, values: readonly unknown[]): Vector {
  const { nullBitmap, nullCount } = validityOf(values);
  const validity = nullCount > 0 ? { nullBitmap, nullCount } : { nullCount };
  if (!DataType.isDictionary(type)) {
    return makeVector(
      makeData({
        type,
        length: values.length,
        ...validity,
        ...utf8Buffers(type, values),
      } as Parameters<typeof makeData>[0]),
    );
  }
  const codes = new Map<string, number>();
  const codeOf = new Float64Array(values.length);
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (typeof value !== 'string') continue;
    let code = codes.get(value);
    if (code === undefined) {
      code = codes.size;
      codes.set(value, code);
    }
    codeOf[index] = code;
  }
  const { max } = smallIntegerBounds(type.indices);
  if (codes.size - 1 > max) {
    throw new InvalidArgumentError({
      argument: 'schema',
      message: `The dictionary's ${String(type.indices)} indices can number at most ${max + 1} distinct values, but the column has ${codes.size}. Declare wider indices, such as Int32.`,
    });
  }
  const indices = new (type.indices.ArrayType as Int32ArrayConstructor)(codeOf);
  const distinct = [...codes.keys()];
  const dictionary = makeVector(
    makeData({
      type: type.dictionary,
      length: distinct.length,
      nullCount: 0,
      ...utf8Buffers(type.dictionary, distinct),
    } as Parameters<typeof makeData>[0]),
  );
  return makeVector(
    makeData({ type, length: values.length, ...validity, data: indices, dictionary }),
  );
}

/** UTF-8 bytes and value offsets of the strings (nulls take no bytes), encoded in place without a per-value allocation. */
function utf8Buffers(
  type: DataType,
  values: readonly unknown[],
): { data: Uint8Array; valueOffsets: Int32Array | BigInt64Array } {
  const encoder = new TextEncoder();
  const offsets = new Float64Array(values.length + 1);
  let bytes = new Uint8Array(Math.max(64, values.length * 8));
  let end = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (typeof value === 'string') {
      const worstCase = end + value.length * 3;
      if (worstCase > bytes.length) {
        const grown = new Uint8Array(Math.max(worstCase, bytes.length * 2));
        grown.set(bytes.subarray(0, end));
        bytes = grown;
      }
      end += encoder.encodeInto(value, bytes.subarray(end)).written;
    }
    offsets[index + 1] = end;
  }
  const valueOffsets = DataType.isLargeUtf8(type)
    ? BigInt64Array.from(offsets, (offset) => BigInt(offset))
    : Int32Array.from(offsets);
  return { data: bytes.subarray(0, end), valueOffsets };
}

function validityOf(values: readonly unknown[]): { nullBitmap: Uint8Array; nullCount: number } {
  const nullBitmap = new Uint8Array(Math.ceil(values.length / 8));
  let nullCount = 0;
  for (let index = 0; index < values.length; index++) {
    if (values[index] === null) nullCount++;
    else nullBitmap[index >> 3] = (nullBitmap[index >> 3] ?? 0) | (1 << (index & 7));
  }
  return { nullBitmap, nullCount };
}

function packBooleans(values: readonly unknown[]): Uint8Array {
  const packed = new Uint8Array(Math.ceil(values.length / 8));
  for (let index = 0; index < values.length; index++) {
    if (values[index] === true) packed[index >> 3] = (packed[index >> 3] ?? 0) | (1 << (index & 7));
  }
  return packed;
}

function fixedWidthValues(type: FixedWidth, values: readonly unknown[]): ArrayLike<unknown> {
  const write = writerFor(type);
  const target = new type.ArrayType(values.length) as unknown as Record<number, unknown> &
    ArrayLike<unknown>;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (value !== null && value !== undefined) target[index] = write(value);
  }
  return target;
}

/** Converts a value of the family's JavaScript form to what the typed array stores. */
function writerFor(type: DataType): (value: unknown) => unknown {
  if (DataType.isFloat(type) && type.precision === Precision.HALF) {
    return (value) => util.float64ToUint16(value as number);
  }
  if (DataType.isTimestamp(type)) {
    const unit = type.unit;
    return (value) => epochMillisecondsToUnit(value as number, unit);
  }
  if (DataType.isDate(type)) {
    return type.unit === DateUnit.DAY
      ? (value) => Math.floor((value as number) / millisecondsPerDay)
      : (value) => BigInt(Math.floor(value as number));
  }
  return (value) => value;
}

function epochMillisecondsToUnit(epochMilliseconds: number, unit: TimeUnit): bigint {
  const whole = Math.floor(epochMilliseconds);
  const fraction = epochMilliseconds - whole;
  switch (unit) {
    case TimeUnit.SECOND:
      return BigInt(Math.floor(epochMilliseconds / 1000));
    case TimeUnit.MILLISECOND:
      return BigInt(whole);
    case TimeUnit.MICROSECOND:
      return BigInt(whole) * 1000n + BigInt(Math.round(fraction * 1000));
    case TimeUnit.NANOSECOND:
      return BigInt(whole) * 1_000_000n + BigInt(Math.round(fraction * 1_000_000));
  }
}
