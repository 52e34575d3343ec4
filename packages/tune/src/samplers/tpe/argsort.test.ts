import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stableArgsort } from './argsort';

function reference(values: number[]): number[] {
  const order = values.map((_, i) => i);
  const key = (v: number): number => (Number.isNaN(v) ? Number.POSITIVE_INFINITY : v);
  order.sort((i, j) => {
    const a = values[i] as number;
    const b = values[j] as number;
    if (Number.isNaN(a) !== Number.isNaN(b)) return Number.isNaN(a) ? 1 : -1;
    return key(a) - key(b) || i - j;
  });
  return order;
}

describe('stableArgsort', () => {
  it('matches a stable comparator sort, ties, zeros and NaN included', () => {
    const value = fc.oneof(
      fc.double({ noNaN: false }),
      fc.constantFrom(0, -0, 1, -1, 2.5, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
      fc.integer({ min: -3, max: 3 }),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 300 }), (values) => {
        expect(Array.from(stableArgsort(Float64Array.from(values)))).toEqual(reference(values));
      }),
      { numRuns: 300 },
    );
  });

  it('sorts long inputs (radix path) with ties in index order', () => {
    const values = Array.from(
      { length: 500 },
      (_, i) => ((i * 7919) % 13) - 6 + (i % 3 === 0 ? 0.5 : 0),
    );
    expect(Array.from(stableArgsort(values))).toEqual(reference(values));
  });
});
