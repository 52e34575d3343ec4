import { InvalidArgumentError } from '@dagnostics/core';
import type { ColumnType, ColumnValues } from '../types';
import { evidentlyBinnedPercents } from './evidently-binning';
import { jensenShannonDistance, jensenShannonHalfDivergence } from './jensen-shannon';
import { nannymlBinnedProbabilities } from './nannyml-binning';
import { cleanCategoricalSample, countCategories } from './samples';

/**
 * The three "Jensen-Shannon" numbers drift tools report, which differ in binning, base and
 * whether they take the square root:
 *
 * - `'evidently'`: distance, natural log, on Evidently's bins without zero-fill (max √ln 2);
 * - `'nannyml'`: distance, base 2, on NannyML's reference-fitted bins with a leftover bin;
 * - `'tfdv'`: TFDV's divergence (no square root), base 2, capped at 1, categorical only.
 */
export type JensenShannonVariant = 'evidently' | 'nannyml' | 'tfdv';

/** Options of {@link jensenShannonBetweenSamples}. */
export interface JensenShannonBetweenSamplesOptions {
  /** `'num'` or `'cat'`. */
  columnType: ColumnType;
  /** Which tool's number to compute; default `'evidently'`. */
  variant?: JensenShannonVariant;
}

/**
 * TFDV's Jensen-Shannon divergence between two categorical samples, as its
 * `jensen_shannon_divergence` drift/skew comparator defines it for string features
 * (`anomalies/metrics.cc`, TFDV 1.22): min(1, ½[KL₂(p‖m) + KL₂(q‖m)]), m = (p + q)/2, over
 * the value frequencies of both samples (the union of their values). It is the square of
 * the base-2 Jensen-Shannon distance. TFDV reads the frequencies from its rank histogram,
 * which keeps the 1000 most frequent values; every value counts here.
 *
 * Numerical features are not covered: TFDV re-buckets both histograms onto the union of
 * their boundaries and handles point masses separately, which the anchor reference does
 * not pin down.
 *
 * @throws EmptyInputError (argument `'reference'` or `'current'`) when a sample is empty.
 */
export function tfdvJensenShannonDivergence(
  reference: ColumnValues,
  current: ColumnValues,
): number {
  const counts = countCategories(
    cleanCategoricalSample(reference, 'reference'),
    cleanCategoricalSample(current, 'current'),
  );
  return Math.min(1, jensenShannonHalfDivergence(counts.reference, counts.current, 2));
}

/**
 * A Jensen-Shannon number between two samples, as the chosen tool computes it (see
 * {@link JensenShannonVariant}):
 *
 * - `'evidently'`: `scipy.spatial.distance.jensenshannon(ref%, cur%)` on
 *   {@link evidentlyBinnedPercents} with `fillZeros: false` (Evidently's `jensenshannon`);
 * - `'nannyml'`: `jensenshannon(ref%, cur%, base=2)` on {@link nannymlBinnedProbabilities}
 *   (NannyML's `jensen_shannon` method, continuous or categorical);
 * - `'tfdv'`: {@link tfdvJensenShannonDivergence} (categorical columns only).
 *
 * @throws InvalidArgumentError for an unknown variant, or `'tfdv'` on a numerical column.
 * @throws EmptyInputError (argument `'reference'` or `'current'`) when a sample is empty.
 */
export function jensenShannonBetweenSamples(
  reference: ColumnValues,
  current: ColumnValues,
  options: JensenShannonBetweenSamplesOptions,
): number {
  const { columnType, variant = 'evidently' } = options;
  switch (variant) {
    case 'evidently': {
      const binned = evidentlyBinnedPercents(reference, current, { columnType, fillZeros: false });
      return jensenShannonDistance(binned.reference, binned.current);
    }
    case 'nannyml': {
      const binned = nannymlBinnedProbabilities(reference, current, { columnType });
      return jensenShannonDistance(binned.reference, binned.current, { base: 2 });
    }
    case 'tfdv':
      if (columnType !== 'cat') {
        throw new InvalidArgumentError({
          message:
            "TFDV's Jensen-Shannon divergence is implemented for categorical columns only; use variant 'evidently' or 'nannyml' for numerical ones.",
          argument: 'variant',
        });
      }
      return tfdvJensenShannonDivergence(reference, current);
    default:
      throw new InvalidArgumentError({
        message: `Unknown Jensen-Shannon variant ${JSON.stringify(variant)}; use 'evidently', 'nannyml' or 'tfdv'.`,
        argument: 'variant',
      });
  }
}
