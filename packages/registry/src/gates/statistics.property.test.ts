import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mcnemarTest } from './mcnemar-test';
import { accuracy } from './metrics';
import { pairedBootstrapDifference } from './paired-bootstrap';

describe('McNemar invariants', () => {
  it('is symmetric in b and c, with p in [0, 1]', () => {
    fc.assert(
      fc.property(fc.nat(400), fc.nat(400), fc.nat(60), (b, c, exactBelow) => {
        const forward = mcnemarTest(b, c, exactBelow);
        const backward = mcnemarTest(c, b, exactBelow);
        expect(backward.pValue).toBe(forward.pValue);
        expect(backward.statistic).toBe(forward.statistic);
        expect(forward.pValue).toBeGreaterThanOrEqual(0);
        expect(forward.pValue).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('gives a smaller exact p-value as the split grows more lopsided', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 300 }), (discordant) => {
        let previous = Number.POSITIVE_INFINITY;
        for (let b = Math.floor(discordant / 2); b >= 0; b--) {
          const { pValue } = mcnemarTest(b, discordant - b, Number.POSITIVE_INFINITY);
          expect(pValue).toBeLessThanOrEqual(previous);
          previous = pValue;
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe('paired bootstrap invariants', () => {
  it('negates the distribution and mirrors the interval when the models swap', () => {
    const rowsArbitrary = fc.array(fc.tuple(fc.boolean(), fc.boolean()), {
      minLength: 2,
      maxLength: 40,
    });
    fc.assert(
      fc.property(rowsArbitrary, fc.nat(1000), (rows, seed) => {
        const labels = rows.map(() => 1);
        const first = rows.map(([left]) => (left ? 1 : 0));
        const second = rows.map(([, right]) => (right ? 1 : 0));
        const settings = {
          metric: accuracy,
          labels,
          iterations: 50,
          confidence: 0.9,
          seed,
          bca: false,
        };
        const forward = pairedBootstrapDifference({
          ...settings,
          champion: first,
          challenger: second,
        });
        const backward = pairedBootstrapDifference({
          ...settings,
          champion: second,
          challenger: first,
        });
        expect(Array.from(backward.distribution, (value) => -value + 0)).toEqual(
          Array.from(forward.distribution, (value) => value + 0),
        );
        expect(backward.percentile[0]).toBeCloseTo(-forward.percentile[1], 12);
        expect(backward.percentile[1]).toBeCloseTo(-forward.percentile[0], 12);
        expect(forward.percentile[0]).toBeLessThanOrEqual(forward.percentile[1]);
      }),
      { numRuns: 40 },
    );
  });
});
