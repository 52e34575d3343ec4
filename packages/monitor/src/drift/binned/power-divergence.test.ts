import { EmptyInputError, InvalidArgumentError } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../../../test/support/golden';
import { readBinnedGolden } from '../__fixtures__/binned-fixture';
import { chiSquareGoodnessOfFit, gTest } from './index';

const { powerDivergence } = readBinnedGolden();

function label(testCase: (typeof powerDivergence)[number]): string {
  const expected = testCase.fExp === null ? 'uniform' : `[${testCase.fExp.join(', ')}]`;
  return `${testCase.lambda} [${testCase.fObs.join(', ')}] vs ${expected}`;
}

describe('chiSquareGoodnessOfFit and gTest match scipy power_divergence (golden)', () => {
  it.each(powerDivergence.map((testCase) => [label(testCase), testCase] as const))(
    '%s',
    (_label, testCase) => {
      const test = testCase.lambda === 'pearson' ? chiSquareGoodnessOfFit : gTest;
      const fExp = testCase.fExp ?? undefined;
      if (testCase.error !== undefined) {
        if (testCase.error === null) {
          expect(() => test(testCase.fObs, fExp)).not.toThrow();
        } else {
          // scipy raises ValueError when the totals disagree by more than √ε.
          expect(() => test(testCase.fObs, fExp)).toThrow(
            expect.objectContaining({ argument: 'fExp', name: InvalidArgumentError.errorName }),
          );
        }
        return;
      }
      const result = test(testCase.fObs, fExp);
      expectClose(result.statistic, testCase.statistic as number, { label: 'statistic' });
      expectClose(result.pValue, testCase.pvalue as number, { label: 'p-value', tail: true });
      expect(result.degreesOfFreedom).toBe(testCase.fObs.length - 1);
    },
  );
});

describe('power divergence options and errors', () => {
  it('subtracts ddof from the degrees of freedom', () => {
    const plain = chiSquareGoodnessOfFit([16, 18, 16, 14, 12, 12]);
    const fitted = chiSquareGoodnessOfFit([16, 18, 16, 14, 12, 12], undefined, { ddof: 2 });
    expect(fitted.statistic).toBe(plain.statistic);
    expect(fitted.degreesOfFreedom).toBe(3);
    expect(fitted.pValue).toBeLessThan(plain.pValue);
  });

  it('rejects empty, mismatched and negative frequencies', () => {
    expect(() => gTest([])).toThrow(EmptyInputError);
    expect(() => chiSquareGoodnessOfFit([1, 2], [3])).toThrow(InvalidArgumentError);
    expect(() => chiSquareGoodnessOfFit([1, -2])).toThrow(InvalidArgumentError);
    expect(() => chiSquareGoodnessOfFit([1, 2], undefined, { ddof: 0.5 })).toThrow(
      expect.objectContaining({ argument: 'ddof' }),
    );
  });
});
