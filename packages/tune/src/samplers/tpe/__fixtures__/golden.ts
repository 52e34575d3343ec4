// Test-only helpers for the fixtures written by scripts/python/golden/gen_tune_tpe.py,
// over the shared golden reader and tolerance check.
import { expectClose as expectWithin, readGolden } from '../../../../test/support/golden';

let cached: unknown;

/** The `cases` of tpe.json, with "NaN"/"Infinity" strings decoded. */
export function tpeGolden<T>(): T {
  cached ??= readGolden<unknown>(new URL('./tpe.json', import.meta.url)).cases;
  return cached as T;
}

/** |actual − expected| ≤ atol + rtol·|expected|; NaN and infinities must match exactly. */
export function expectClose(
  actual: number,
  expected: number,
  label: string,
  rtol = 1e-10,
  atol = 0,
): void {
  expectWithin(actual, expected, { rtol, atol, label });
}
