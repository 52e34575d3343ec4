import { InvalidArgumentError } from '@dagnostics/core';
import { type NumericArray, standardDeviation } from '@dagnostics/core/stats';
import {
  type ColumnType,
  type ColumnValues,
  type DriftRule,
  type DriftTest,
  type DriftTestResult,
  decideDrift,
} from '../types';
import { andersonDarlingKSample } from './anderson-darling-k-sample';
import { cramerVonMisesTwoSample } from './cramer-von-mises-two-sample';
import { energyDistance } from './energy-distance';
import { eppsSingletonTwoSample } from './epps-singleton-two-sample';
import { finiteValues } from './finite-sample';
import { ksTwoSample } from './ks-two-sample';
import { mannWhitneyU } from './mann-whitney-u';
import { maximumMeanDiscrepancy } from './maximum-mean-discrepancy';
import { studentTTest } from './student-t-test';
import { wassersteinDistance } from './wasserstein-distance';

interface Measurement {
  score: number;
  statistic?: number;
}

interface SampleTestDefinition {
  name: string;
  displayName: string;
  defaultThreshold: number;
  rule: DriftRule;
  measure(reference: NumericArray, current: NumericArray): Measurement;
}

/**
 * Wraps a numeric two-sample measurement as an Evidently-style drift test: numerical
 * columns only, the threshold defaulting to Evidently's, drift decided by Evidently's rule.
 * The values are checked to be numbers (NaN and ±Infinity are dropped by the measurement).
 */
function defineSampleTest(definition: SampleTestDefinition): DriftTest {
  const { name, displayName, defaultThreshold, rule, measure } = definition;
  return {
    name,
    displayName,
    columnTypes: ['num'],
    defaultThreshold,
    rule,
    evaluate(
      reference: ColumnValues,
      current: ColumnValues,
      options: { columnType: ColumnType; threshold?: number },
    ): DriftTestResult {
      if (options?.columnType !== 'num') {
        throw new InvalidArgumentError({
          message: `The \`${name}\` drift test applies to numerical columns only; got column type ${String(options?.columnType)}. Use a categorical test (e.g. \`chisquare\`, \`jensenshannon\`) instead.`,
          argument: 'columnType',
        });
      }
      const threshold = options.threshold ?? defaultThreshold;
      if (typeof threshold !== 'number' || Number.isNaN(threshold)) {
        throw new InvalidArgumentError({
          message: `\`threshold\` must be a number (default ${defaultThreshold} for \`${name}\`); got ${String(threshold)}.`,
          argument: 'threshold',
        });
      }
      // Non-numeric entries are rejected inside the measurement with an InvalidArgumentError.
      const { score, statistic } = measure(reference as NumericArray, current as NumericArray);
      return {
        method: name,
        score,
        ...(statistic === undefined ? {} : { statistic }),
        threshold,
        rule,
        drift: decideDrift(rule, score, threshold),
      };
    },
  };
}

/**
 * Evidently's `ks`: the two-sample Kolmogorov–Smirnov p-value (`ks_2samp`, two-sided,
 * method `auto`); drift when p ≤ threshold (default 0.05). `statistic` is D. Evidently's
 * default for numerical columns with more than 5 distinct values and at most 1000 reference
 * values.
 */
export const ksDriftTest: DriftTest = defineSampleTest({
  name: 'ks',
  displayName: 'K-S p_value',
  defaultThreshold: 0.05,
  rule: 'p-value <= threshold',
  measure(reference, current) {
    const result = ksTwoSample(reference, current);
    return { score: result.pValue, statistic: result.statistic };
  },
});

/**
 * Evidently's `wasserstein`: the Wasserstein distance divided by max(std(reference), 0.001)
 * (ddof 0); drift when the normed distance ≥ threshold (default 0.1). `statistic` is the
 * raw distance. Evidently's default for numerical columns with more than 5 distinct values
 * and over 1000 reference values.
 */
export const wassersteinDriftTest: DriftTest = defineSampleTest({
  name: 'wasserstein',
  displayName: 'Wasserstein distance (normed)',
  defaultThreshold: 0.1,
  rule: 'score >= threshold',
  measure(reference, current) {
    const cleanReference = finiteValues(reference, 'reference', 'the Wasserstein distance');
    const distance = wassersteinDistance(cleanReference, current);
    const scale = Math.max(standardDeviation(cleanReference), 0.001);
    return { score: distance / scale, statistic: distance };
  },
});

/** Evidently's `ed`: the energy distance; drift when it is > threshold (strictly; default 0.1). */
export const energyDistanceDriftTest: DriftTest = defineSampleTest({
  name: 'ed',
  displayName: 'Energy-distance',
  defaultThreshold: 0.1,
  rule: 'score > threshold',
  measure(reference, current) {
    return { score: energyDistance(reference, current) };
  },
});

/**
 * Evidently's `anderson`: the k-sample Anderson–Darling p-value of [reference, current]
 * (tabulated, within [0.001, 0.25]); drift when p < threshold (default 0.1). `statistic` is
 * the standardised A². Throws InvalidArgumentError when all values are equal, as scipy does.
 */
export const andersonDarlingDriftTest: DriftTest = defineSampleTest({
  name: 'anderson',
  displayName: 'Anderson-Darling',
  defaultThreshold: 0.1,
  rule: 'p-value < threshold',
  measure(reference, current) {
    const result = andersonDarlingKSample([reference, current]);
    return { score: result.pValue, statistic: result.statistic };
  },
});

/**
 * Evidently's `cramer_von_mises`: the two-sample Cramér–von Mises p-value (exact up to 20
 * values per sample); drift when p ≤ threshold (default 0.1). `statistic` is T.
 */
export const cramerVonMisesDriftTest: DriftTest = defineSampleTest({
  name: 'cramer_von_mises',
  displayName: 'Cramer-von Mises',
  defaultThreshold: 0.1,
  rule: 'p-value <= threshold',
  measure(reference, current) {
    const result = cramerVonMisesTwoSample(reference, current);
    return { score: result.pValue, statistic: result.statistic };
  },
});

/**
 * Evidently's `mannw`: the Mann–Whitney U p-value with `alternative: 'less'` (one-sided:
 * small p means the reference is stochastically smaller than the current data; a shift the
 * other way is not flagged); drift when p < threshold (default 0.05). `statistic` is U of
 * the reference.
 */
export const mannWhitneyDriftTest: DriftTest = defineSampleTest({
  name: 'mannw',
  displayName: 'Mann-Whitney U-rank test',
  defaultThreshold: 0.05,
  rule: 'p-value < threshold',
  measure(reference, current) {
    const result = mannWhitneyU(reference, current, { alternative: 'less' });
    return { score: result.pValue, statistic: result.statistic };
  },
});

/**
 * Evidently's `t_test`: the two-sided pooled-variance t-test p-value (`ttest_ind`); drift
 * when p < threshold (default 0.05). `statistic` is t.
 */
export const studentTDriftTest: DriftTest = defineSampleTest({
  name: 't_test',
  displayName: 't_test',
  defaultThreshold: 0.05,
  rule: 'p-value < threshold',
  measure(reference, current) {
    const result = studentTTest(reference, current);
    return { score: result.pValue, statistic: result.statistic };
  },
});

/**
 * Evidently's `empirical_mmd`: the MMD permutation p-value (RBF kernel, median-heuristic
 * bandwidth, 100 permutations); drift when p < threshold (default 0.1). `statistic` is the
 * unbiased MMD². Evidently's permutations are unseeded; these use seed 0, so the verdict is
 * reproducible. O((n₁ + n₂)²) time: subsample large columns first.
 */
export const empiricalMmdDriftTest: DriftTest = defineSampleTest({
  name: 'empirical_mmd',
  displayName: 'empirical_mmd',
  defaultThreshold: 0.1,
  rule: 'p-value < threshold',
  measure(reference, current) {
    const result = maximumMeanDiscrepancy(reference, current);
    return { score: result.pValue, statistic: result.statistic };
  },
});

/**
 * Evidently's `es`: the Epps–Singleton p-value (characteristic functions at t = 0.4, 0.8
 * over the semi-IQR); drift when p < threshold (default 0.05). `statistic` is W. Throws
 * InvalidArgumentError when the pooled IQR is 0 (as Evidently does) or a sample has fewer
 * than five values (where Evidently scores NaN and reports no drift).
 */
export const eppsSingletonDriftTest: DriftTest = defineSampleTest({
  name: 'es',
  displayName: 'Epps-Singleton',
  defaultThreshold: 0.05,
  rule: 'p-value < threshold',
  measure(reference, current) {
    const result = eppsSingletonTwoSample(reference, current);
    return { score: result.pValue, statistic: result.statistic };
  },
});
