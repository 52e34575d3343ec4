import { EmptyInputError, InvalidArgumentError } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../../../test/support/golden';
import { dataset, pairLabel, samplesGolden } from '../__fixtures__/samples-fixture';
import { studentTTest } from './index';

interface TTestCase {
  reference: string;
  current: string;
  statistic: number;
  pValue: number;
  degreesOfFreedom: number;
}

const allCases = samplesGolden.tTest as TTestCase[];
const cases = allCases.filter((c) => !Number.isNaN(c.pValue));

describe('studentTTest matches scipy.stats.ttest_ind (golden)', () => {
  it.each(cases.map((c) => [pairLabel(c.reference, c.current), c] as const))('%s', (_label, c) => {
    const result = studentTTest(dataset(c.reference), dataset(c.current));
    expectClose(result.statistic, c.statistic, { label: 'statistic' });
    expectClose(result.pValue, c.pValue, { tail: true, label: 'p-value' });
    expect(result.degreesOfFreedom).toBe(c.degreesOfFreedom);
  });
});

describe('studentTTest where scipy returns NaN', () => {
  it('gives t = 0, p = 1 for samples with zero variance and equal means', () => {
    expect(allCases.find((c) => c.reference === 'constant-10')?.pValue).toBeNaN();
    expect(studentTTest(dataset('constant-10'), dataset('constant-12'))).toEqual({
      statistic: 0,
      pValue: 1,
      degreesOfFreedom: 20,
    });
    const apart = studentTTest([2, 2, 2], [3, 3]);
    expect(apart.statistic).toBe(Number.NEGATIVE_INFINITY);
    expect(apart.pValue).toBe(0);
  });

  it('throws for two single values (0 degrees of freedom) and empty samples', () => {
    expect(() => studentTTest([1], [2])).toThrowError(InvalidArgumentError);
    expect(() => studentTTest([Number.POSITIVE_INFINITY], [2, 3])).toThrowError(EmptyInputError);
  });
});
