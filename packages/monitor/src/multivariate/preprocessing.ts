import { EmptyInputError } from '@dagnostics/core';
import { mean, variance } from '@dagnostics/core/stats';
import type { ReconstructionColumns } from './table-input';
import type { ReconstructionPreprocessing } from './types';

/** The fitted preprocessing, with everything needed to standardize new rows. */
export interface FittedPreprocessing {
  /** The public view of the fitted values. */
  summary: ReconstructionPreprocessing;
  /** Imputes, encodes and standardizes `columns`; one array per model column, continuous first. */
  standardize(columns: ReconstructionColumns): Float64Array[];
}

/**
 * Fits NannyML's preprocessing on the reference columns: `SimpleImputer(strategy='mean')`
 * for continuous columns, `SimpleImputer(strategy='most_frequent')` then
 * `CountEncoder(normalize=True)` for categorical ones, then `StandardScaler` over all.
 *
 * @throws EmptyInputError (`argument: 'reference'`) naming a column with no value at all,
 * which scikit-learn's imputer would silently drop (and NannyML then fail on).
 */
export function fitPreprocessing(
  reference: ReconstructionColumns,
  continuousColumns: readonly string[],
  categoricalColumns: readonly string[],
): FittedPreprocessing {
  const continuousImputation = reference.continuous.map((values, index) =>
    meanOfPresent(values, continuousColumns[index] as string),
  );
  const categoricalImputation = reference.categorical.map((values, index) =>
    mostFrequentLabel(values, categoricalColumns[index] as string),
  );
  const countEncodings = reference.categorical.map((values, index) =>
    labelShares(values, categoricalImputation[index] as string),
  );
  const encode = (columns: ReconstructionColumns): Float64Array[] => [
    ...columns.continuous.map((values, index) =>
      imputeNumbers(values, continuousImputation[index] as number),
    ),
    ...columns.categorical.map((labels, index) =>
      encodeLabels(
        labels,
        categoricalImputation[index] as string,
        countEncodings[index] as Map<string, number>,
      ),
    ),
  ];
  const scales = encode(reference).map(fitStandardScale);

  const columns = [...continuousColumns, ...categoricalColumns];
  const byColumn = <T>(names: readonly string[], values: readonly T[]) =>
    Object.fromEntries(names.map((name, index) => [name, values[index] as T]));
  return {
    summary: {
      continuousImputation: byColumn(continuousColumns, continuousImputation),
      categoricalImputation: byColumn(categoricalColumns, categoricalImputation),
      countEncodings: byColumn(categoricalColumns, countEncodings),
      scalerMean: byColumn(
        columns,
        scales.map((scale) => scale.mean),
      ),
      scalerScale: byColumn(
        columns,
        scales.map((scale) => scale.scale),
      ),
    },
    standardize(data) {
      return encode(data).map((values, index) => {
        const { mean: center, scale } = scales[index] as StandardScale;
        return values.map((value) => (value - center) / scale);
      });
    },
  };
}

function meanOfPresent(values: Float64Array, name: string): number {
  const present = values.filter((value) => !Number.isNaN(value));
  if (present.length === 0) throw noValuesError(name);
  return mean(present);
}

/** The most frequent label; ties go to the smallest label by code points, as Python's `min` on `str`. */
function mostFrequentLabel(labels: readonly (string | null)[], name: string): string {
  const counts = new Map<string, number>();
  for (const label of labels) {
    if (label !== null) counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  let best: string | undefined;
  let bestCount = 0;
  for (const [label, count] of counts) {
    if (
      count > bestCount ||
      (count === bestCount && compareCodePoints(label, best as string) < 0)
    ) {
      best = label;
      bestCount = count;
    }
  }
  if (best === undefined) throw noValuesError(name);
  return best;
}

function compareCodePoints(left: string, right: string): number {
  const a = [...left];
  const b = [...right];
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    const difference = (a[index]?.codePointAt(0) ?? 0) - (b[index]?.codePointAt(0) ?? 0);
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

/** Each label's share of the rows after imputation, `count / rows` as pandas' `value_counts(normalize=True)`. */
function labelShares(labels: readonly (string | null)[], imputed: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const label of labels) {
    const key = label ?? imputed;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const shares = new Map<string, number>();
  for (const [label, count] of [...counts].sort((left, right) => right[1] - left[1])) {
    shares.set(label, count / labels.length);
  }
  return shares;
}

function imputeNumbers(values: Float64Array, imputed: number): Float64Array {
  return values.map((value) => (Number.isNaN(value) ? imputed : value));
}

/** Labels the reference never saw encode as 0, CountEncoder's `handle_unknown='value'`. */
function encodeLabels(
  labels: readonly (string | null)[],
  imputed: string,
  shares: ReadonlyMap<string, number>,
): Float64Array {
  return Float64Array.from(labels, (label) => shares.get(label ?? imputed) ?? 0);
}

interface StandardScale {
  mean: number;
  scale: number;
}

/**
 * StandardScaler's `mean_` and `scale_` (population standard deviation). A column whose
 * variance is within the rounding error of the two-pass algorithm (Chan, Golub & LeVeque's
 * bound, which scikit-learn uses) counts as constant and gets scale 1, so it standardizes
 * to 0 instead of dividing by a rounding residue.
 */
function fitStandardScale(values: Float64Array): StandardScale {
  const center = mean(values);
  const spread = variance(values);
  const rows = values.length;
  const roundingBound = rows * Number.EPSILON * spread + (rows * center * Number.EPSILON) ** 2;
  return { mean: center, scale: spread <= roundingBound ? 1 : Math.sqrt(spread) };
}

function noValuesError(name: string): EmptyInputError {
  return new EmptyInputError({
    argument: 'reference',
    message: `Column ${JSON.stringify(name)} has no value in the reference data (every row is missing), so there is nothing to impute it with. Drop it from the columns, or fit on reference data where it was recorded.`,
  });
}
