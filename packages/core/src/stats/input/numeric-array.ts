import { EmptyInputError, InvalidArgumentError } from '../../errors';

/**
 * A one-dimensional sequence of numbers accepted by the statistics kernels: a plain array or
 * any non-BigInt typed array. Plain arrays are treated as float64 (like
 * `np.asarray(values, dtype=np.float64)`); integer typed arrays are treated as numpy integer
 * arrays where numpy distinguishes them (e.g. the integer rule of histogram bin widths).
 */
export type NumericArray =
  | readonly number[]
  | Float64Array
  | Float32Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint8ClampedArray
  | Uint16Array
  | Uint32Array;

/** True for integer typed arrays, whose values can never be NaN or infinite. */
export function isIntegerArray(values: NumericArray): boolean {
  return (
    values instanceof Int8Array ||
    values instanceof Int16Array ||
    values instanceof Int32Array ||
    values instanceof Uint8Array ||
    values instanceof Uint8ClampedArray ||
    values instanceof Uint16Array ||
    values instanceof Uint32Array
  );
}

/** Throws InvalidArgumentError unless `values` is an array or a non-BigInt typed array. */
export function assertNumericArray(
  values: unknown,
  argument: string,
): asserts values is NumericArray {
  const isTypedArray =
    ArrayBuffer.isView(values) &&
    !(values instanceof DataView) &&
    !(values instanceof BigInt64Array) &&
    !(values instanceof BigUint64Array);
  if (!Array.isArray(values) && !isTypedArray) {
    throw new InvalidArgumentError({
      message: `\`${argument}\` must be an array of numbers or a typed array (Float64Array, Int32Array, ...); got ${describe(values)}.`,
      argument,
    });
  }
}

/** Throws EmptyInputError when `values` has no elements. */
export function assertNotEmpty(values: NumericArray, argument: string, statistic: string): void {
  if (values.length === 0) {
    throw new EmptyInputError({
      message: `Cannot compute the ${statistic} of an empty \`${argument}\`; pass at least one value.`,
      argument,
    });
  }
}

/** A float64 copy of `values` (a fast block copy when it already is a Float64Array). */
export function toFloat64Copy(values: NumericArray): Float64Array {
  if (values instanceof Float64Array) return values.slice();
  return Float64Array.from(values);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? (value.constructor?.name ?? 'an object') : typeof value;
}
