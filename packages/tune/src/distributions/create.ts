import { InvalidSearchSpaceError } from '../errors';
import type {
  CategoricalChoice,
  CategoricalDistribution,
  FloatDistribution,
  IntDistribution,
} from '../types';
import { adjustFloatHigh } from './decimal-step';

function invalid(param: string, rule: string): InvalidSearchSpaceError {
  return new InvalidSearchSpaceError({
    param,
    message: `Invalid search space for parameter ${JSON.stringify(param)}: ${rule}.`,
  });
}

/** Options of a float parameter, as `trial.suggestFloat` takes them. */
export interface FloatOptions {
  /** Sample in log space; needs `low > 0`, excludes `step`. Default false. */
  readonly log?: boolean;
  /** Discretization step (> 0); `high` is lowered to the last grid point. Default: continuous. */
  readonly step?: number | null;
}

/** Options of an int parameter, as `trial.suggestInt` takes them. */
export interface IntOptions {
  /** Sample in log space; needs `low >= 1` and `step` 1. Default false. */
  readonly log?: boolean;
  /** Positive integer step; `high` is lowered to the last grid point. Default 1. */
  readonly step?: number;
}

/**
 * A validated `FloatDistribution` for parameter `param` (Optuna's rules). Throws
 * `InvalidSearchSpaceError` for non-finite bounds, `low > high`, `log` with `low <= 0`,
 * `step` with `log`, or `step <= 0`. When `high - low` is not a multiple of `step`, `high`
 * becomes the largest `low + k * step` below it, computed in decimal as Optuna does.
 */
export function floatDistribution(
  param: string,
  low: number,
  high: number,
  options: FloatOptions = {},
): FloatDistribution {
  const log = options.log ?? false;
  const step = options.step ?? null;
  if (!Number.isFinite(low) || !Number.isFinite(high)) {
    throw invalid(param, `low and high must be finite numbers, got low=${low}, high=${high}`);
  }
  if (log && step !== null) throw invalid(param, 'step is not supported when log is true');
  if (low > high) throw invalid(param, `low <= high must hold, got low=${low}, high=${high}`);
  if (log && low <= 0) throw invalid(param, `low > 0 must hold for log=true, got low=${low}`);
  if (step !== null && !(step > 0 && Number.isFinite(step))) {
    throw invalid(param, `step > 0 must hold, got step=${step}`);
  }
  const adjustedHigh = step === null ? high : adjustFloatHigh(low, high, step);
  return { kind: 'float', low, high: adjustedHigh, log, step };
}

/**
 * A validated `IntDistribution` for parameter `param` (Optuna's rules). Throws
 * `InvalidSearchSpaceError` when a bound or the step is not a safe integer (Optuna
 * truncates silently; we refuse), `low > high`, `log` with `low < 1`, `log` with a step
 * other than 1, or `step <= 0`. When `high - low` is not a multiple of `step`, `high`
 * becomes the largest `low + k * step` below it.
 */
export function intDistribution(
  param: string,
  low: number,
  high: number,
  options: IntOptions = {},
): IntDistribution {
  const log = options.log ?? false;
  const step = options.step ?? 1;
  if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high)) {
    throw invalid(param, `low and high must be integers, got low=${low}, high=${high}`);
  }
  if (!Number.isSafeInteger(step)) throw invalid(param, `step must be an integer, got ${step}`);
  if (log && step !== 1) throw invalid(param, `step must be 1 when log is true, got ${step}`);
  if (low > high) throw invalid(param, `low <= high must hold, got low=${low}, high=${high}`);
  if (log && low < 1) throw invalid(param, `low >= 1 must hold for log=true, got low=${low}`);
  if (step <= 0) throw invalid(param, `step > 0 must hold, got step=${step}`);
  const range = high - low;
  const adjustedHigh = range % step === 0 ? high : Math.floor(range / step) * step + low;
  return { kind: 'int', low, high: adjustedHigh, log, step };
}

/**
 * A validated `CategoricalDistribution` for parameter `param`. Throws
 * `InvalidSearchSpaceError` when `choices` is empty or holds something other than null, a
 * boolean, a number or a string (what storages can persist).
 */
export function categoricalDistribution(
  param: string,
  choices: readonly CategoricalChoice[],
): CategoricalDistribution {
  if (choices.length === 0) throw invalid(param, 'choices must contain one or more elements');
  for (const choice of choices) {
    const type = typeof choice;
    if (choice !== null && type !== 'boolean' && type !== 'number' && type !== 'string') {
      throw invalid(
        param,
        `choices must be null, boolean, number or string, got a value of type ${type}`,
      );
    }
  }
  return { kind: 'categorical', choices: [...choices] };
}
