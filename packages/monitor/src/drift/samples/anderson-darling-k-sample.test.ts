import { EmptyInputError, InvalidArgumentError } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../../../test/support/golden';
import { dataset, samplesGolden } from '../__fixtures__/samples-fixture';
import {
  type AndersonDarlingPValueLimit,
  type AndersonDarlingVariant,
  andersonDarlingKSample,
} from './index';

interface AndersonCase {
  samples: string[];
  variant: AndersonDarlingVariant;
  statistic?: number;
  pValue?: number;
  pValueLimit?: AndersonDarlingPValueLimit;
  criticalValues?: number[];
  error?: string;
}

const allCases = samplesGolden.anderson as AndersonCase[];
const computed = allCases.filter((c) => c.error === undefined && !Number.isNaN(c.statistic));

describe('andersonDarlingKSample matches scipy.stats.anderson_ksamp (golden)', () => {
  it.each(computed.map((c) => [`${c.samples.join(' | ')} ${c.variant}`, c] as const))(
    '%s',
    (_label, c) => {
      const result = andersonDarlingKSample(c.samples.map(dataset), { variant: c.variant });
      // (A² − (k − 1))/σ cancels when A² ≈ k − 1, so compare near 0 in absolute terms.
      expectClose(result.statistic, c.statistic as number, { atol: 1e-14, label: 'statistic' });
      expectClose(result.pValue, c.pValue as number, { label: 'p-value' });
      expect(result.pValueLimit).toBe(c.pValueLimit);
      c.criticalValues?.forEach((value, index) => {
        expectClose(result.criticalValues[index] as number, value, { label: 'critical value' });
      });
    },
  );

  it('covers interpolated, capped and floored p-values', () => {
    expect(new Set(computed.map((c) => c.pValueLimit))).toEqual(
      new Set([null, 'capped', 'floored']),
    );
  });

  it('throws where scipy raises or returns NaN', () => {
    const failing = allCases.filter((c) => c.error !== undefined || Number.isNaN(c.statistic));
    expect(failing.length).toBeGreaterThan(0);
    for (const c of failing) {
      expect(() =>
        andersonDarlingKSample(c.samples.map(dataset), { variant: c.variant }),
      ).toThrowError(InvalidArgumentError);
    }
  });
});

describe('andersonDarlingKSample behaviour', () => {
  it('rejects fewer than two samples, constant data and empty samples', () => {
    expect(() => andersonDarlingKSample([[1, 2, 3]])).toThrowError(/at least two samples/);
    expect(() =>
      andersonDarlingKSample([
        [2, 2],
        [2, 2, 2],
      ]),
    ).toThrowError(/distinct/);
    const error = (() => {
      try {
        andersonDarlingKSample([[1, 2], [Number.NaN]]);
      } catch (caught) {
        return caught;
      }
    })();
    expect(EmptyInputError.isInstance(error)).toBe(true);
    expect((error as EmptyInputError).argument).toBe('samples[1]');
    expect(() =>
      andersonDarlingKSample([[1], [2]], { variant: 'left' as AndersonDarlingVariant }),
    ).toThrowError(/variant/);
  });

  it('does not depend on the order of the samples or of their values', () => {
    const a = [0.3, 1.2, 2.2, 0.9, 1.7, 3.1];
    const b = [1.1, 2.5, 3.3, 2.9, 4.0];
    const forward = andersonDarlingKSample([a, b]);
    const backward = andersonDarlingKSample([[...b].reverse(), [...a].reverse()]);
    expectClose(backward.statistic, forward.statistic, { rtol: 1e-14 });
    expect(backward.pValue).toBeCloseTo(forward.pValue, 14);
  });
});
