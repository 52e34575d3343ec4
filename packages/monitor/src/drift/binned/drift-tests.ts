import { InvalidArgumentError } from '@dagnostics/core';
import {
  type ColumnType,
  type ColumnValues,
  type DriftRule,
  type DriftTest,
  type DriftTestResult,
  decideDrift,
} from '../types';
import { evidentlyBinnedPercents } from './evidently-binning';
import { fisherExact2x2 } from './fisher-exact';
import { hellingerDistance } from './hellinger';
import { jensenShannonBetweenSamples } from './jensen-shannon-variants';
import { klDivergence } from './kl-divergence';
import { populationStabilityIndex } from './population-stability-index';
import { chiSquareGoodnessOfFit, gTest } from './power-divergence';
import {
  assertBinnedColumnType,
  type CategoryKey,
  cleanCategoricalSample,
  cleanNumericSample,
  countCategories,
  numbersAsCategories,
  type SampleName,
} from './samples';
import { totalVariationPermutationTest } from './total-variation';
import { twoProportionZTest } from './two-proportion-z-test';

interface Verdict {
  score: number;
  statistic?: number;
}

interface TestDefinition {
  name: string;
  displayName: string;
  columnTypes: readonly ColumnType[];
  defaultThreshold: number;
  rule: DriftRule;
  score(reference: ColumnValues, current: ColumnValues, columnType: 'num' | 'cat'): Verdict;
}

function defineTest(definition: TestDefinition): DriftTest {
  const { name, displayName, columnTypes, defaultThreshold, rule, score } = definition;
  return {
    name,
    displayName,
    columnTypes,
    defaultThreshold,
    rule,
    evaluate(reference, current, options): DriftTestResult {
      const { columnType, threshold = defaultThreshold } = options;
      assertBinnedColumnType(columnType);
      if (!Number.isFinite(threshold)) {
        throw new InvalidArgumentError({
          message: `The threshold of ${name} must be a finite number; got ${String(threshold)}.`,
          argument: 'threshold',
        });
      }
      const verdict = score(reference, current, columnType);
      return {
        method: name,
        score: verdict.score,
        ...(verdict.statistic === undefined || Number.isNaN(verdict.statistic)
          ? {}
          : { statistic: verdict.statistic }),
        threshold,
        rule,
        drift: decideDrift(rule, verdict.score, threshold),
      };
    },
  };
}

/**
 * Values of a column as categories. Evidently registers the tests that use this for
 * categorical columns, but its default test selection also runs `chisquare` and `z` on
 * numerical columns with few distinct values, so numerical columns are accepted too (each
 * distinct number is a category).
 */
function categoriesOf(
  values: ColumnValues,
  sample: SampleName,
  columnType: 'num' | 'cat',
): CategoryKey[] {
  return columnType === 'num'
    ? numbersAsCategories(cleanNumericSample(values, sample))
    : cleanCategoricalSample(values, sample);
}

/** scipy's p-value when one category leaves no degrees of freedom; see the tests below. */
function pValueOrOne(pValue: number): number {
  return Number.isNaN(pValue) ? 1 : pValue;
}

/**
 * Evidently's `psi` (threshold 0.1, drift when PSI ≥ threshold): the population stability
 * index ({@link populationStabilityIndex}) of the zero-filled shares from
 * {@link evidentlyBinnedPercents}. Numerical and categorical columns.
 */
export const psiDriftTest: DriftTest = defineTest({
  name: 'psi',
  displayName: 'PSI',
  columnTypes: ['cat', 'num'],
  defaultThreshold: 0.1,
  rule: 'score >= threshold',
  score(reference, current, columnType) {
    const binned = evidentlyBinnedPercents(reference, current, { columnType });
    return { score: populationStabilityIndex(binned.reference, binned.current) };
  },
});

/**
 * Evidently's `kl_div` (threshold 0.1, drift when KL ≥ threshold): `scipy.stats.entropy` of
 * the zero-filled shares from {@link evidentlyBinnedPercents} ({@link klDivergence}, which
 * renormalises them), natural logarithms. Numerical and categorical columns.
 */
export const klDivergenceDriftTest: DriftTest = defineTest({
  name: 'kl_div',
  displayName: 'Kullback-Leibler divergence',
  columnTypes: ['cat', 'num'],
  defaultThreshold: 0.1,
  rule: 'score >= threshold',
  score(reference, current, columnType) {
    const binned = evidentlyBinnedPercents(reference, current, { columnType });
    return { score: klDivergence(binned.reference, binned.current) };
  },
});

/**
 * Evidently's `jensenshannon` (threshold 0.1, drift when distance ≥ threshold): the
 * Jensen-Shannon distance with natural logarithms on Evidently's bins **without** zero-fill
 * ({@link jensenShannonBetweenSamples} with variant `'evidently'`; at most √ln 2 ≈ 0.833).
 * Numerical and categorical columns.
 */
export const jensenShannonDriftTest: DriftTest = defineTest({
  name: 'jensenshannon',
  displayName: 'Jensen-Shannon distance',
  columnTypes: ['cat', 'num'],
  defaultThreshold: 0.1,
  rule: 'score >= threshold',
  score(reference, current, columnType) {
    return {
      score: jensenShannonBetweenSamples(reference, current, { columnType, variant: 'evidently' }),
    };
  },
});

/**
 * Evidently's `hellinger` (threshold 0.1, drift when distance ≥ threshold): Evidently's
 * Hellinger distance, computed differently for numerical and categorical columns
 * ({@link hellingerDistance}).
 */
export const hellingerDriftTest: DriftTest = defineTest({
  name: 'hellinger',
  displayName: 'Hellinger distance',
  columnTypes: ['cat', 'num'],
  defaultThreshold: 0.1,
  rule: 'score >= threshold',
  score(reference, current, columnType) {
    return { score: hellingerDistance(reference, current, { columnType }) };
  },
});

/**
 * Evidently's `TVD` (threshold 0.1, drift when p < threshold): the permutation p-value of the
 * total variation distance, 1000 splits seeded with 0 ({@link totalVariationPermutationTest};
 * the random stream differs from Evidently's, so p-values agree in distribution, not
 * digit for digit). `statistic` is the observed distance. Categorical columns (numerical
 * values are treated as categories).
 */
export const totalVariationDriftTest: DriftTest = defineTest({
  name: 'TVD',
  displayName: 'Total-Variation-Distance',
  columnTypes: ['cat'],
  defaultThreshold: 0.1,
  rule: 'p-value < threshold',
  score(reference, current, columnType) {
    const result = totalVariationPermutationTest(
      categoriesOf(reference, 'reference', columnType),
      categoriesOf(current, 'current', columnType),
    );
    return { score: result.pValue, statistic: result.statistic };
  },
});

/**
 * Evidently's `chisquare` (threshold 0.05, drift when p < threshold): over the union of
 * categories, observed = current counts, expected = reference counts · (n_cur / n_ref),
 * then {@link chiSquareGoodnessOfFit}. A category the reference never had makes the
 * statistic +∞ and p = 0 (drift), as in Evidently. When both samples hold one and the same
 * category scipy's p-value is NaN (no degrees of freedom), which Evidently's `NaN <
 * threshold` reads as no drift; the p-value is reported as 1, with the same verdict.
 * `statistic` is χ². Categorical columns, and numerical ones as categories.
 */
export const chiSquareDriftTest: DriftTest = defineTest({
  name: 'chisquare',
  displayName: 'chi-square p_value',
  columnTypes: ['cat'],
  defaultThreshold: 0.05,
  rule: 'p-value < threshold',
  score(reference, current, columnType) {
    const referenceKeys = categoriesOf(reference, 'reference', columnType);
    const currentKeys = categoriesOf(current, 'current', columnType);
    const counts = countCategories(referenceKeys, currentKeys);
    const scale = currentKeys.length / referenceKeys.length;
    const result = chiSquareGoodnessOfFit(
      counts.current,
      counts.reference.map((count) => count * scale),
    );
    return { score: pValueOrOne(result.pValue), statistic: result.statistic };
  },
});

/**
 * Evidently's `z` (threshold 0.05, drift when p < threshold): the categories of both samples
 * are sorted, the first one coded 0 and every other 1, and the pooled two-proportion z-test
 * ({@link twoProportionZTest}, two-sided, p = 2·(1 − Φ(|z|))) compares the shares of 1s. Two
 * samples holding one and the same category give p = 1. `statistic` is z. Categorical
 * columns, and numerical ones as categories.
 */
export const twoProportionZDriftTest: DriftTest = defineTest({
  name: 'z',
  displayName: 'Z-test p_value',
  columnTypes: ['cat'],
  defaultThreshold: 0.05,
  rule: 'p-value < threshold',
  score(reference, current, columnType) {
    const referenceKeys = categoriesOf(reference, 'reference', columnType);
    const currentKeys = categoriesOf(current, 'current', columnType);
    const counts = countCategories(referenceKeys, currentKeys);
    const result = twoProportionZTest({
      referenceSuccesses: referenceKeys.length - (counts.reference[0] as number),
      referenceTrials: referenceKeys.length,
      currentSuccesses: currentKeys.length - (counts.current[0] as number),
      currentTrials: currentKeys.length,
    });
    return { score: result.pValue, statistic: result.statistic };
  },
});

/**
 * Evidently's `fisher_exact` (threshold 0.1, drift when p < threshold): for binary columns
 * of equal sizes, the two-sided {@link fisherExact2x2} p-value of
 * `[[ones_cur, zeros_cur], [ones_ref, zeros_ref]]`, where the first of the sorted
 * categories is "zero" and the other "one". Evidently pairs categories with 0/1 in Python
 * set order instead, which can invert the odds ratio (`statistic`) but never changes the
 * two-sided p-value.
 *
 * @throws InvalidArgumentError when the samples differ in size or either has more than two
 * categories (both as in Evidently), or when together they have more than two (Evidently
 * then builds an order-dependent table).
 */
export const fisherExactDriftTest: DriftTest = defineTest({
  name: 'fisher_exact',
  displayName: "Fisher's Exact test",
  columnTypes: ['cat'],
  defaultThreshold: 0.1,
  rule: 'p-value < threshold',
  score(reference, current, columnType) {
    const referenceKeys = categoriesOf(reference, 'reference', columnType);
    const currentKeys = categoriesOf(current, 'current', columnType);
    if (referenceKeys.length !== currentKeys.length) {
      throw new InvalidArgumentError({
        message: `fisher_exact needs samples of equal size; the reference has ${referenceKeys.length} values and the current ${currentKeys.length}. Use chisquare or z for samples of different sizes.`,
        argument: 'current',
      });
    }
    const counts = countCategories(referenceKeys, currentKeys);
    if (counts.keys.length > 2) {
      throw new InvalidArgumentError({
        message: `fisher_exact needs binary data, but the samples hold ${counts.keys.length} categories between them; use chisquare for more categories.`,
        argument:
          counts.reference.filter((count) => count > 0).length > 2 ? 'reference' : 'current',
      });
    }
    const zerosReference = counts.reference[0] as number;
    const zerosCurrent = counts.current[0] as number;
    const result = fisherExact2x2([
      [currentKeys.length - zerosCurrent, zerosCurrent],
      [referenceKeys.length - zerosReference, zerosReference],
    ]);
    return { score: result.pValue, statistic: result.statistic };
  },
});

/**
 * Evidently's `g_test` (threshold 0.1, drift when p < threshold): the log-likelihood ratio
 * test ({@link gTest}) of the current counts against the reference counts, over the union
 * of categories. Evidently passes the reference counts unscaled, so scipy's check that the
 * totals agree makes it fail unless both samples have the same size; this throws then too.
 * One shared category gives p = 1 (scipy: NaN, read as no drift). `statistic` is G.
 *
 * @throws InvalidArgumentError when the samples differ in size.
 */
export const gTestDriftTest: DriftTest = defineTest({
  name: 'g_test',
  displayName: 'g_test',
  columnTypes: ['cat'],
  defaultThreshold: 0.1,
  rule: 'p-value < threshold',
  score(reference, current, columnType) {
    const referenceKeys = categoriesOf(reference, 'reference', columnType);
    const currentKeys = categoriesOf(current, 'current', columnType);
    if (referenceKeys.length !== currentKeys.length) {
      throw new InvalidArgumentError({
        message: `g_test compares the current counts with the unscaled reference counts, as Evidently does, so it needs samples of equal size; the reference has ${referenceKeys.length} values and the current ${currentKeys.length}. Use chisquare for samples of different sizes.`,
        argument: 'current',
      });
    }
    const counts = countCategories(referenceKeys, currentKeys);
    const result = gTest(counts.current, counts.reference);
    return { score: pValueOrOne(result.pValue), statistic: result.statistic };
  },
});

/**
 * The binned and categorical drift tests, by Evidently's registry names: `psi`, `kl_div`,
 * `jensenshannon`, `hellinger`, `TVD`, `chisquare`, `z`, `fisher_exact`, `g_test`.
 */
export const binnedDriftTests: readonly DriftTest[] = [
  psiDriftTest,
  klDivergenceDriftTest,
  jensenShannonDriftTest,
  hellingerDriftTest,
  totalVariationDriftTest,
  chiSquareDriftTest,
  twoProportionZDriftTest,
  fisherExactDriftTest,
  gTestDriftTest,
];
