import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readGolden } from '../../../test/support/golden';
import { InvalidArgumentError } from '../../errors';
import { type RankMethod, rankData } from '../index';

interface RankCase {
  name: string;
  values: number[];
  method: RankMethod;
  expected: number[];
}

const golden = readGolden<RankCase[]>(new URL('../__fixtures__/rank.json', import.meta.url));

describe('rankData matches scipy.stats.rankdata (golden)', () => {
  it.each(
    golden.cases.map((testCase) => [`${testCase.name} ${testCase.method}`, testCase] as const),
  )('%s', (_label, testCase) => {
    expect(Array.from(rankData(testCase.values, testCase.method))).toEqual(testCase.expected);
  });
});

const values = fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 300 });

describe('rank invariants', () => {
  it('average ranks sum to n(n+1)/2 and ordinal ranks are a permutation of 1..n', () => {
    fc.assert(
      fc.property(values, (data) => {
        const n = data.length;
        const average = rankData(data);
        expect(average.reduce((sum, rank) => sum + rank, 0)).toBe((n * (n + 1)) / 2);
        const ordinal = Array.from(rankData(data, 'ordinal')).sort((a, b) => a - b);
        expect(ordinal).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      }),
    );
  });

  it('orders like the values and brackets ties between min and max', () => {
    fc.assert(
      fc.property(values, (data) => {
        const minimum = rankData(data, 'min');
        const maximum = rankData(data, 'max');
        const dense = rankData(data, 'dense');
        expect(Math.max(...dense)).toBe(new Set(data).size);
        for (let i = 0; i < data.length; i++) {
          for (let j = 0; j < data.length; j++) {
            if ((data[i] as number) < (data[j] as number)) {
              expect(maximum[i] as number).toBeLessThan(minimum[j] as number);
              expect(dense[i] as number).toBeLessThan(dense[j] as number);
            }
          }
          expect(minimum[i] as number).toBeLessThanOrEqual(maximum[i] as number);
        }
      }),
    );
  });

  it('returns all NaN when any value is NaN, an empty array for empty input, and rejects unknown methods', () => {
    expect(Array.from(rankData([3, Number.NaN, 1]))).toEqual([Number.NaN, Number.NaN, Number.NaN]);
    expect(rankData([])).toHaveLength(0);
    expect(() => rankData([1, 2], 'first' as RankMethod)).toThrow(InvalidArgumentError);
  });
});
