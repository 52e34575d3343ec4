import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stableArgsort } from './argsort';
import { SortedColumn } from './sorted-column';

/** Values with many ties, both zeros, infinities and NaN. */
const value = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    1,
    -1,
    0.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
  ),
  fc.double({ noNaN: true }),
  fc.integer({ min: -3, max: 3 }),
);

const mostly = fc.integer({ min: 0, max: 9 }).map((x) => x < 8);
const rarely = fc.integer({ min: 0, max: 19 }).map((x) => x === 0);

describe('SortedColumn', () => {
  it('reads off exactly stableArgsort for any subset, stored or not', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(value, mostly, mostly, rarely), {
          minLength: 40,
          maxLength: 260,
          size: 'max',
        }),
        (rows) => {
          const column = new SortedColumn();
          // Trial t has value rows[t][0]; stored when rows[t][1]; in the subset when rows[t][2];
          // rows[t][3] stores a different value than the one later read (a stale entry).
          rows.forEach(([v, stored, , stale], trial) => {
            if (stored) column.insert(trial, stale ? v + 1 : v);
          });
          const trials: number[] = [];
          const values: number[] = [];
          rows.forEach(([v, , member], trial) => {
            if (member) {
              trials.push(trial);
              values.push(v);
            }
          });
          const expected = Array.from(stableArgsort(Float64Array.from(values)));
          expect(Array.from(column.argsort(values, trials))).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps a trial’s first value and ignores invalid trial numbers', () => {
    const column = new SortedColumn();
    column.insert(3, 2);
    column.insert(3, 1);
    column.insert(-1, 0);
    column.insert(1.5, 0);
    column.insert(2 ** 30, 0);
    expect(column.size).toBe(1);
    expect(column.has(3, 2)).toBe(true);
    expect(column.has(3, 1)).toBe(false);
  });

  it('walks the stored order for large subsets and falls back when not in trial order', () => {
    const column = new SortedColumn();
    const values = Array.from({ length: 300 }, (_, i) => ((i * 7919) % 101) / 7);
    values.forEach((v, trial) => {
      column.insert(trial, v);
    });
    const trials = values.map((_, i) => i);
    expect(Array.from(column.argsort(values, trials))).toEqual(
      Array.from(stableArgsort(Float64Array.from(values))),
    );
    const reversed = [...trials].reverse();
    const reversedValues = reversed.map((t) => values[t] as number);
    expect(Array.from(column.argsort(reversedValues, reversed))).toEqual(
      Array.from(stableArgsort(Float64Array.from(reversedValues))),
    );
  });
});
