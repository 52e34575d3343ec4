import { readGolden } from '../../../test/support/golden';

/** The `cases` of a fixture written by scripts/python/golden/gen_tune_gp.py. */
export function readGpGolden<Cases>(fileName: string): Cases {
  return readGolden<Cases>(new URL(`./__fixtures__/${fileName}`, import.meta.url)).cases;
}

/** |actual − expected| ≤ rtol·max(1, |expected|). */
export function closeTo(actual: number, expected: number, rtol: number): boolean {
  return Math.abs(actual - expected) <= rtol * Math.max(1, Math.abs(expected));
}
