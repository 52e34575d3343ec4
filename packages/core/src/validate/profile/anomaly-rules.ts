import { InvalidArgumentError } from '../../errors';
import type { MetricName } from './column-metrics';

/** Which metric of which columns a rule watches. */
interface RuleTarget {
  /** The metric; `rowCount` is the table's, every other one is per column. */
  metric: MetricName;
  /** Columns to watch; default every column of the current metrics. Ignored for `rowCount`. */
  columns?: string[];
}

/**
 * deequ's `RelativeRateOfChangeStrategy` (order 1): the ratio current / previous run must lie
 * within [`maxRateDecrease`, `maxRateIncrease`] (0.5 and 2 allow halving and doubling).
 * A previous value of 0 gives a ratio of 1 when the current one is 0 too, ±Infinity
 * otherwise. Needs one previous run.
 */
export interface RelativeRateOfChangeRule extends RuleTarget {
  strategy: 'relativeRateOfChange';
  /** Smallest accepted ratio, in [0, 1]; none when absent. */
  maxRateDecrease?: number;
  /** Largest accepted ratio, ≥ 1; none when absent. */
  maxRateIncrease?: number;
}

/**
 * deequ's `AbsoluteChangeStrategy` (order 1): current − previous run may not rise by more than
 * `maxIncrease` nor fall by more than `maxDecrease` (both magnitudes, in the metric's unit).
 * Needs one previous run.
 */
export interface AbsoluteChangeRule extends RuleTarget {
  strategy: 'absoluteChange';
  /** Largest accepted fall (≥ 0); none when absent. */
  maxDecrease?: number;
  /** Largest accepted rise (≥ 0); none when absent. */
  maxIncrease?: number;
}

/**
 * deequ's `OnlineNormalStrategy` (k-sigma): the current value must lie within
 * mean ± k·σ of the history, with the running (Welford) mean and population σ. With
 * `ignoreAnomalies`, past runs that were themselves outside the bounds of the runs before
 * them (checked once `minHistory` runs are in) are left out of the statistics. A σ of 0
 * accepts only the mean itself.
 */
export interface OnlineNormalRule extends RuleTarget {
  strategy: 'onlineNormal';
  /** k below the mean; null for no lower bound. Default 3. */
  lowerDeviationFactor?: number | null;
  /** k above the mean; null for no upper bound. Default 3. */
  upperDeviationFactor?: number | null;
  /** Past runs (with a value) needed before the rule judges anything. Default 3. */
  minHistory?: number;
  /** Leave past anomalies out of the mean and σ. Default true. */
  ignoreAnomalies?: boolean;
}

/** Any anomaly rule: plain JSON, as the builders below write it. */
export type AnomalyRule = RelativeRateOfChangeRule | AbsoluteChangeRule | OnlineNormalRule;

/** A relative-rate-of-change rule on `metric`; see {@link RelativeRateOfChangeRule}. */
export function relativeRateOfChange(
  metric: MetricName,
  options: Omit<RelativeRateOfChangeRule, 'strategy' | 'metric'>,
): RelativeRateOfChangeRule {
  const { maxRateDecrease, maxRateIncrease } = options;
  if (maxRateDecrease === undefined && maxRateIncrease === undefined) {
    throw new InvalidArgumentError({
      argument: 'options',
      message: 'relativeRateOfChange needs maxRateDecrease, maxRateIncrease or both.',
    });
  }
  if (maxRateDecrease !== undefined) assertInRange('maxRateDecrease', maxRateDecrease, 0, 1);
  if (maxRateIncrease !== undefined) {
    assertInRange('maxRateIncrease', maxRateIncrease, 1, Number.POSITIVE_INFINITY);
  }
  return { strategy: 'relativeRateOfChange', metric, ...copyTarget(options), ...pick(options) };
}

/** An absolute-change rule on `metric`; see {@link AbsoluteChangeRule}. */
export function absoluteChange(
  metric: MetricName,
  options: Omit<AbsoluteChangeRule, 'strategy' | 'metric'>,
): AbsoluteChangeRule {
  const { maxDecrease, maxIncrease } = options;
  if (maxDecrease === undefined && maxIncrease === undefined) {
    throw new InvalidArgumentError({
      argument: 'options',
      message: 'absoluteChange needs maxDecrease, maxIncrease or both.',
    });
  }
  if (maxDecrease !== undefined) assertInRange('maxDecrease', maxDecrease, 0, Infinity);
  if (maxIncrease !== undefined) assertInRange('maxIncrease', maxIncrease, 0, Infinity);
  return { strategy: 'absoluteChange', metric, ...copyTarget(options), ...pick(options) };
}

/** A k-sigma rule on `metric`; see {@link OnlineNormalRule}. */
export function onlineNormal(
  metric: MetricName,
  options: Omit<OnlineNormalRule, 'strategy' | 'metric'> = {},
): OnlineNormalRule {
  for (const key of ['lowerDeviationFactor', 'upperDeviationFactor'] as const) {
    const value = options[key];
    if (value !== undefined && value !== null) assertInRange(key, value, 0, Infinity);
  }
  if (
    options.minHistory !== undefined &&
    !(Number.isInteger(options.minHistory) && options.minHistory >= 1)
  ) {
    throw new InvalidArgumentError({
      argument: 'minHistory',
      message: `minHistory must be an integer ≥ 1; got ${String(options.minHistory)}.`,
    });
  }
  return { strategy: 'onlineNormal', metric, ...copyTarget(options), ...pick(options) };
}

function copyTarget(options: { columns?: string[] }): { columns?: string[] } {
  return options.columns === undefined ? {} : { columns: [...options.columns] };
}

/** The options other than `columns`, without undefined entries (plain JSON). */
function pick<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(options).filter(([key, value]) => key !== 'columns' && value !== undefined),
  ) as Partial<T>;
}

function assertInRange(argument: string, value: number, min: number, max: number): void {
  if (!(typeof value === 'number' && value >= min && value <= max && !Number.isNaN(value))) {
    throw new InvalidArgumentError({
      argument,
      message: `${argument} must be a number in [${min}, ${max}]; got ${String(value)}.`,
    });
  }
}
