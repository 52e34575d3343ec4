import type { NumericArray } from '../input';

/** Builds the array a golden case describes: an Int32Array for numpy int32 data, else a plain array. */
export function arrayFromFixture(values: number[], dtype: string | undefined): NumericArray {
  return dtype === 'int32' ? Int32Array.from(values) : values;
}
