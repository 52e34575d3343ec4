import type { NumericArray } from '@dagnostics/core/stats';

/** Evidently's column types: numerical, categorical, text. */
export type ColumnType = 'num' | 'cat' | 'text';

/** One categorical value; `null`, `undefined` and NaN are missing and dropped. */
export type CategoricalValue = string | number | boolean | bigint | null | undefined;

/** Values of one column: numbers for numerical columns, any scalar for categorical ones. */
export type ColumnValues = NumericArray | readonly CategoricalValue[];

/**
 * How the score of a drift test is compared with its threshold, exactly as its anchor
 * compares it (`p <= thr`, `p < thr`, `score >= thr`, `score > thr`).
 */
export type DriftRule =
  | 'p-value <= threshold'
  | 'p-value < threshold'
  | 'score >= threshold'
  | 'score > threshold';

/** The verdict of one drift test on one column. */
export interface DriftTestResult {
  /** The test's registry name, as Evidently names it (`ks`, `psi`, `wasserstein`, ...). */
  readonly method: string;
  /** The score compared with the threshold: a p-value or a distance, per `rule`. */
  readonly score: number;
  /** The test statistic when it differs from the score (e.g. KS D for `ks`). */
  readonly statistic?: number;
  readonly threshold: number;
  readonly rule: DriftRule;
  readonly drift: boolean;
}

/**
 * A drift test as Evidently registers one: a name, the column types it accepts, its
 * default threshold, and how its score decides drift.
 */
export interface DriftTest {
  readonly name: string;
  /** Human-readable name for reports, e.g. `K-S p_value`. */
  readonly displayName: string;
  readonly columnTypes: readonly ColumnType[];
  readonly defaultThreshold: number;
  readonly rule: DriftRule;
  /**
   * Runs the test on cleaned samples (missing and infinite values already dropped, both
   * non-empty). `threshold` defaults to `defaultThreshold`.
   */
  evaluate(
    reference: ColumnValues,
    current: ColumnValues,
    options: { columnType: ColumnType; threshold?: number },
  ): DriftTestResult;
}

/** Applies a test's rule. */
export function decideDrift(rule: DriftRule, score: number, threshold: number): boolean {
  switch (rule) {
    case 'p-value <= threshold':
      return score <= threshold;
    case 'p-value < threshold':
      return score < threshold;
    case 'score >= threshold':
      return score >= threshold;
    case 'score > threshold':
      return score > threshold;
  }
}
