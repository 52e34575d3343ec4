import { EmptyInputError, InvalidArgumentError } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../../../test/support/golden';
import { readBinnedGolden, type SampleCase, sampleValues } from '../__fixtures__/binned-fixture';
import { type DriftTest, decideDrift } from '../types';
import {
  binnedDriftTests,
  chiSquareDriftTest,
  fisherExactDriftTest,
  gTestDriftTest,
  jensenShannonBetweenSamples,
  psiDriftTest,
  tfdvJensenShannonDivergence,
  twoProportionZDriftTest,
} from './index';

const golden = readBinnedGolden();

const testsByName = new Map(binnedDriftTests.map((test) => [test.name, test]));

/** Evidently's registry: display name, default threshold, and the rule in its code. */
const EVIDENTLY_REGISTRY: Record<string, [string, number, DriftTest['rule']]> = {
  psi: ['PSI', 0.1, 'score >= threshold'],
  kl_div: ['Kullback-Leibler divergence', 0.1, 'score >= threshold'],
  jensenshannon: ['Jensen-Shannon distance', 0.1, 'score >= threshold'],
  hellinger: ['Hellinger distance', 0.1, 'score >= threshold'],
  TVD: ['Total-Variation-Distance', 0.1, 'p-value < threshold'],
  chisquare: ['chi-square p_value', 0.05, 'p-value < threshold'],
  z: ['Z-test p_value', 0.05, 'p-value < threshold'],
  fisher_exact: ["Fisher's Exact test", 0.1, 'p-value < threshold'],
  g_test: ['g_test', 0.1, 'p-value < threshold'],
};

function samplesOf(testCase: SampleCase) {
  return {
    reference: sampleValues(testCase.reference, testCase.dtype),
    current: sampleValues(testCase.current, testCase.dtype),
  };
}

const deterministicVerdicts = golden.samples.flatMap((testCase) =>
  Object.entries(testCase.evidently)
    .filter(([name]) => name !== 'TVD')
    .map(([name, verdict]) => [`${name}: ${testCase.name}`, testCase, name, verdict] as const),
);

describe('binnedDriftTests are registered as Evidently registers them', () => {
  it('has the nine names, display names, default thresholds and rules', () => {
    expect(binnedDriftTests.map((test) => test.name)).toEqual(Object.keys(EVIDENTLY_REGISTRY));
    for (const test of binnedDriftTests) {
      const [displayName, threshold, rule] = EVIDENTLY_REGISTRY[test.name] as [
        string,
        number,
        DriftTest['rule'],
      ];
      expect(test.displayName).toBe(displayName);
      expect(test.defaultThreshold).toBe(threshold);
      expect(test.rule).toBe(rule);
      expect(test.columnTypes).toEqual(
        ['psi', 'kl_div', 'jensenshannon', 'hellinger'].includes(test.name)
          ? ['cat', 'num']
          : ['cat'],
      );
    }
  });
});

describe('binned drift tests match Evidently 0.7.23 stattests (golden)', () => {
  it.each(deterministicVerdicts)('%s', (_label, testCase, name, verdict) => {
    const test = testsByName.get(name) as DriftTest;
    const { reference, current } = samplesOf(testCase);
    const options = { columnType: testCase.columnType };
    if (verdict.error !== undefined) {
      // Evidently raises ValueError: unequal sizes (fisher_exact, g_test) or > 2 categories.
      expect(() => test.evaluate(reference, current, options)).toThrow(InvalidArgumentError);
      return;
    }
    const result = test.evaluate(reference, current, options);
    expect(result.method).toBe(name);
    expect(result.threshold).toBe(verdict.threshold);
    expect(result.rule).toBe(test.rule);
    const expectedScore = verdict.score as number;
    if (Number.isNaN(expectedScore)) {
      // One shared category: scipy's p-value is NaN (0 degrees of freedom) and Evidently's
      // `NaN < threshold` says no drift; the score is reported as 1, with that verdict.
      expect(['chisquare', 'g_test']).toContain(name);
      expect(result.score).toBe(1);
    } else if (test.rule.startsWith('p-value')) {
      expectClose(result.score, expectedScore, { label: 'p-value', tail: true });
    } else {
      // Evidently sums categorical bins in Python set order, the port in sorted order. The
      // normalising sums can then differ by an ulp, which moves every normalised share by an
      // ulp and a divergence near zero (KL 7.8e-6 here) by up to 2ε in absolute terms.
      const atol = testCase.binKeys === null ? 0 : 2 * Number.EPSILON;
      expectClose(result.score, expectedScore, { label: 'score', atol });
    }
    expect(result.drift).toBe(verdict.drift);
    const statistic = testCase.statistics[name];
    if (statistic !== undefined && !Number.isNaN(statistic)) {
      expectClose(result.statistic as number, statistic, { label: 'statistic' });
    }
  });
});

describe('Jensen-Shannon variants match NannyML 0.13.1 and the TFDV formula (golden)', () => {
  it.each(golden.samples.map((testCase) => [testCase.name, testCase] as const))(
    '%s',
    (_name, testCase) => {
      const { reference, current } = samplesOf(testCase);
      const columnType = testCase.columnType;
      expectClose(
        jensenShannonBetweenSamples(reference, current, { columnType, variant: 'nannyml' }),
        testCase.nannymlJensenShannon,
        { label: 'NannyML' },
      );
      const evidently = testCase.evidently.jensenshannon?.score as number;
      expectClose(jensenShannonBetweenSamples(reference, current, { columnType }), evidently, {
        label: 'Evidently',
      });
      if (testCase.tfdvJensenShannonDivergence === null) {
        expect(() =>
          jensenShannonBetweenSamples(reference, current, { columnType, variant: 'tfdv' }),
        ).toThrow(expect.objectContaining({ argument: 'variant' }));
      } else {
        expectClose(
          tfdvJensenShannonDivergence(reference, current),
          testCase.tfdvJensenShannonDivergence,
          { label: 'TFDV' },
        );
      }
    },
  );
});

describe('binned drift tests on edge cases', () => {
  it('treat a category unseen in the reference as a bin of its own, never as NaN', () => {
    const reference = ['a', 'a', 'b', 'b'];
    const current = ['a', 'b', 'c', 'c'];
    for (const test of binnedDriftTests) {
      if (test.name === 'fisher_exact') continue;
      const result = test.evaluate(reference, current, { columnType: 'cat' });
      expect(Number.isNaN(result.score), test.name).toBe(false);
    }
    const chiSquare = chiSquareDriftTest.evaluate(reference, current, { columnType: 'cat' });
    expect(chiSquare.statistic).toBe(Number.POSITIVE_INFINITY);
    expect(chiSquare.score).toBe(0);
    expect(chiSquare.drift).toBe(true);
  });

  it('throw EmptyInputError naming the sample left empty once missing values are dropped', () => {
    for (const test of binnedDriftTests) {
      expect(() => test.evaluate([null, Number.NaN], ['a'], { columnType: 'cat' })).toThrow(
        expect.objectContaining({ name: EmptyInputError.errorName, argument: 'reference' }),
      );
      expect(() => test.evaluate([1, 2], [Number.NaN], { columnType: 'num' })).toThrow(
        expect.objectContaining({ name: EmptyInputError.errorName, argument: 'current' }),
      );
    }
  });

  it('fisher_exact and g_test need samples of equal size', () => {
    for (const test of [fisherExactDriftTest, gTestDriftTest]) {
      expect(() => test.evaluate(['a', 'b', 'a'], ['a', 'b'], { columnType: 'cat' })).toThrow(
        expect.objectContaining({ name: InvalidArgumentError.errorName, argument: 'current' }),
      );
    }
    expect(() =>
      fisherExactDriftTest.evaluate(['a', 'b'], ['c', 'a'], { columnType: 'cat' }),
    ).toThrow(InvalidArgumentError);
  });

  it('use the given threshold with the rule of the test', () => {
    const reference = ['a', 'a', 'a', 'b'];
    const current = ['a', 'b', 'b', 'b'];
    const atDefault = psiDriftTest.evaluate(reference, current, { columnType: 'cat' });
    const strict = psiDriftTest.evaluate(reference, current, {
      columnType: 'cat',
      threshold: atDefault.score,
    });
    expect(strict.threshold).toBe(atDefault.score);
    expect(strict.drift).toBe(decideDrift('score >= threshold', atDefault.score, atDefault.score));
    expect(strict.drift).toBe(true);
    const z = twoProportionZDriftTest.evaluate(reference, current, {
      columnType: 'cat',
      threshold: 0.5,
    });
    expect(z.drift).toBe(z.score < 0.5);
    expect(() =>
      psiDriftTest.evaluate(reference, current, { columnType: 'cat', threshold: Number.NaN }),
    ).toThrow(expect.objectContaining({ argument: 'threshold' }));
  });

  it('reject text columns', () => {
    for (const test of binnedDriftTests) {
      expect(() => test.evaluate(['a'], ['b'], { columnType: 'text' })).toThrow(
        expect.objectContaining({ argument: 'columnType' }),
      );
    }
  });
});
