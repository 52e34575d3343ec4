import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectClose, readGolden } from '../../../test/support/golden';
import { InvalidArgumentError } from '../../errors';
import { arrayFromFixture } from '../__fixtures__/fixture-arrays';
import { type BinEstimator, histogram, histogramBinEdges } from '../index';

interface EdgesCase {
  name: string;
  dtype: string;
  values: number[];
  bins: number | BinEstimator;
  range: [number, number] | null;
  expected?: number[];
  counts?: number[];
  error?: string;
}

interface CountsCase {
  name: string;
  edges: number[];
  values: number[];
  expected: number[];
}

const golden = readGolden<{ edges: EdgesCase[]; counts: CountsCase[] }>(
  new URL('../__fixtures__/histogram.json', import.meta.url),
);

function label(testCase: EdgesCase): string {
  const range = testCase.range === null ? '' : ` range [${testCase.range.join(', ')}]`;
  return `${testCase.name} (${testCase.dtype}) bins=${testCase.bins}${range}`;
}

describe('histogramBinEdges matches numpy.histogram_bin_edges (golden)', () => {
  it.each(golden.cases.edges.map((testCase) => [label(testCase), testCase] as const))(
    '%s',
    (_label, testCase) => {
      const values = arrayFromFixture(testCase.values, testCase.dtype);
      const options = testCase.range === null ? undefined : { range: testCase.range };
      if (testCase.error !== undefined) {
        // numpy raises ValueError; the same condition is an InvalidArgumentError here.
        expect(() => histogramBinEdges(values, testCase.bins, options)).toThrow(
          InvalidArgumentError,
        );
        const message = testCase.error.startsWith('Too many bins')
          ? /Too many bins/
          : /range of \[.*\] is not finite/i;
        expect(() => histogramBinEdges(values, testCase.bins, options)).toThrow(message);
        return;
      }
      const expected = testCase.expected as number[];
      const edges = histogramBinEdges(values, testCase.bins, options);
      expect(edges).toHaveLength(expected.length);
      expected.forEach((edge, index) => {
        expectClose(edges[index] as number, edge, { label: `edge ${index}` });
      });
      expect(Array.from(histogram(values, edges))).toEqual(testCase.counts);
    },
  );
});

describe('histogram counts match numpy.histogram with explicit edges (golden)', () => {
  it.each(golden.cases.counts.map((testCase) => [testCase.name, testCase] as const))(
    '%s',
    (_label, testCase) => {
      expect(Array.from(histogram(testCase.values, testCase.edges))).toEqual(testCase.expected);
    },
  );
});

// Quarter-integers: arbitrary doubles would let FD/auto ask for billions of bins when the
// IQR is a subnormal sliver of a huge range, which numpy would also try to allocate.
const finiteValues = fc.array(
  fc.integer({ min: -4000, max: 4000 }).map((value) => value / 4),
  { minLength: 1, maxLength: 500 },
);
const estimators: BinEstimator[] = ['auto', 'fd', 'doane', 'scott', 'rice', 'sturges', 'sqrt'];

describe('histogram invariants', () => {
  it('edges increase, span the data and count every value exactly once', () => {
    fc.assert(
      fc.property(
        finiteValues,
        fc.oneof(fc.integer({ min: 1, max: 60 }), fc.constantFrom(...estimators)),
        (values, bins) => {
          const edges = histogramBinEdges(values, bins);
          const increasing = edges.every((edge, i) => i === 0 || edge > (edges[i - 1] as number));
          expect(increasing).toBe(true);
          expect(edges[0]).toBeLessThanOrEqual(Math.min(...values));
          expect(edges[edges.length - 1]).toBeGreaterThanOrEqual(Math.max(...values));
          if (typeof bins === 'number') expect(edges).toHaveLength(bins + 1);
          const counts = histogram(values, edges);
          expect(counts.reduce((sum, count) => sum + count, 0)).toBe(values.length);
        },
      ),
    );
  });

  it('drops values outside the edges and NaN', () => {
    fc.assert(
      fc.property(finiteValues, (values) => {
        const counts = histogram([...values, Number.NaN], [-10, 0, 10]);
        const inside = values.filter((value) => value >= -10 && value <= 10).length;
        expect(counts.reduce((sum, count) => sum + count, 0)).toBe(inside);
      }),
    );
  });

  it('validates bins, range and edges', () => {
    expect(() => histogramBinEdges([1, 2, 3], 0)).toThrow(InvalidArgumentError);
    expect(() => histogramBinEdges([1, 2, 3], 2.5)).toThrow(InvalidArgumentError);
    expect(() => histogramBinEdges([1, 2, 3], 'freedman' as BinEstimator)).toThrow(
      /not a valid estimator/,
    );
    expect(() => histogramBinEdges([1, 2, 3], 5, { range: [3, 1] })).toThrow(/first ≤ last/);
    expect(() => histogramBinEdges([1, 2, 3], 5, { range: [0, Number.POSITIVE_INFINITY] })).toThrow(
      /not finite/,
    );
    expect(() => histogram([1], [0, 2, 1])).toThrow(/increase monotonically/);
    expect(() => histogram([1], [0, Number.NaN])).toThrow(InvalidArgumentError);
    expect(() => histogram([1], [])).toThrow(InvalidArgumentError);
  });

  it('treats integer typed arrays like numpy integer arrays (bin width at least 1)', () => {
    // 100 values in 0..3: the sqrt rule asks for width 0.3, which integers round up to 1.
    const values = Int32Array.from({ length: 100 }, (_, i) => i % 4);
    expect(Array.from(histogramBinEdges(values, 'sqrt'))).toEqual([0, 1, 2, 3]);
    expect(histogramBinEdges(Array.from(values), 'sqrt')).toHaveLength(11);
  });
});
