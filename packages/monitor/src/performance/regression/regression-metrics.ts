import { pairwiseSum } from '../shared/pairwise-sum';
import {
  assertNotEmpty,
  assertSameLength,
  type NumericInput,
  toFiniteFloat64,
} from '../shared/validation';

/** x·x, the rounding numpy uses for `x ** 2`. */
function square(value: number): number {
  return value * value;
}

function readPair(yTrue: NumericInput, yPred: NumericInput, metric: string) {
  const truth = toFiniteFloat64(yTrue, 'yTrue');
  const predictions = toFiniteFloat64(yPred, 'yPred');
  assertSameLength(truth, 'yTrue', predictions, 'yPred');
  assertNotEmpty(truth.length, 'yTrue', metric);
  return { truth, predictions };
}

/**
 * Mean absolute error Σ|ŷ − y| / n, as scikit-learn 1.9.1's `mean_absolute_error`, summed in
 * numpy's pairwise order. In the units of `yTrue`.
 *
 * @throws EmptyInputError for empty input; InvalidArgumentError for mismatched lengths or
 * values that are NaN or infinite.
 */
export function meanAbsoluteError(yTrue: NumericInput, yPred: NumericInput): number {
  const { truth, predictions } = readPair(yTrue, yPred, 'a mean absolute error');
  const errors = predictions.map((prediction, i) => Math.abs(prediction - (truth[i] as number)));
  return pairwiseSum(errors) / errors.length;
}

/**
 * Root mean squared error √(Σ(y − ŷ)² / n), as scikit-learn 1.9.1's
 * `root_mean_squared_error`. In the units of `yTrue`.
 *
 * @throws As {@link meanAbsoluteError}.
 */
export function rootMeanSquaredError(yTrue: NumericInput, yPred: NumericInput): number {
  const { truth, predictions } = readPair(yTrue, yPred, 'a root mean squared error');
  const squares = truth.map((value, i) => square(value - (predictions[i] as number)));
  return Math.sqrt(pairwiseSum(squares) / squares.length);
}

/**
 * Mean absolute percentage error Σ|ŷ − y| / max(|y|, ε) / n with ε = 2⁻⁵², as scikit-learn
 * 1.9.1's `mean_absolute_percentage_error`. A fraction, not a percentage (0.1 means 10 %); a
 * true value of 0 makes it huge rather than infinite.
 *
 * @throws As {@link meanAbsoluteError}.
 */
export function meanAbsolutePercentageError(yTrue: NumericInput, yPred: NumericInput): number {
  const { truth, predictions } = readPair(yTrue, yPred, 'a mean absolute percentage error');
  const ratios = truth.map(
    (value, i) =>
      Math.abs((predictions[i] as number) - value) / Math.max(Math.abs(value), Number.EPSILON),
  );
  return pairwiseSum(ratios) / ratios.length;
}

/** Options of {@link r2Score}. */
export interface R2Options {
  /**
   * When `yTrue` is constant, return 1 for perfect predictions and 0 otherwise instead of
   * NaN / −∞. Default true (scikit-learn's `force_finite=True`).
   */
  forceFinite?: boolean;
}

/**
 * Coefficient of determination R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)², as scikit-learn 1.9.1's
 * `r2_score(y_true, y_pred, force_finite=...)`.
 *
 * Special cases, as scikit-learn: fewer than two samples give NaN; perfect predictions give
 * 1 (even when `yTrue` is constant); a constant `yTrue` with imperfect predictions gives 0
 * (or −∞ with `forceFinite: false`, and NaN for a perfect fit).
 *
 * @throws As {@link meanAbsoluteError}.
 */
export function r2Score(yTrue: NumericInput, yPred: NumericInput, options: R2Options = {}): number {
  const { truth, predictions } = readPair(yTrue, yPred, 'an R² score');
  if (truth.length < 2) return Number.NaN;
  const residuals = truth.map((value, i) => square(value - (predictions[i] as number)));
  const center = pairwiseSum(truth) / truth.length;
  const deviations = truth.map((value) => square(value - center));
  const numerator = pairwiseSum(residuals);
  const denominator = pairwiseSum(deviations);
  if (options.forceFinite === false) return 1 - numerator / denominator;
  if (numerator === 0) return 1;
  if (denominator === 0) return 0;
  return 1 - numerator / denominator;
}
