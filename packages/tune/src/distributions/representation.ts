import type { CategoricalChoice, Distribution } from '../types';
import { decimalRangeBelowStep } from './decimal-step';
import { sameChoice } from './equality';

/**
 * The internal representation (what samplers and storages hold) of a parameter value:
 * the number itself for float and int, the choice's index for a categorical. Throws
 * `RangeError` for a value that cannot be represented: NaN, a non-positive value for a
 * log distribution, a non-number for float/int, or a choice not among the choices.
 */
export function toInternal(distribution: Distribution, value: number | CategoricalChoice): number {
  if (distribution.kind === 'categorical') {
    const index = distribution.choices.findIndex((choice) => sameChoice(choice, value));
    if (index < 0) {
      throw new RangeError(
        `${JSON.stringify(value)} is not one of the choices ${JSON.stringify(distribution.choices)}.`,
      );
    }
    return index;
  }
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new RangeError(`${JSON.stringify(value)} is not a number.`);
  }
  if (distribution.log && value <= 0) {
    throw new RangeError(`${value} is invalid for a log distribution (must be > 0).`);
  }
  return value;
}

/**
 * The external representation (what `suggest*` returns, what `trial.params` holds) of an
 * internal value: the number for float, the integer (truncated) for int, the choice at
 * that index for a categorical.
 */
export function toExternal(
  distribution: Distribution,
  internal: number,
): number | CategoricalChoice {
  if (distribution.kind === 'categorical') {
    const index = Math.trunc(internal);
    if (index < 0 || index >= distribution.choices.length) {
      throw new RangeError(
        `Index ${internal} is outside the ${distribution.choices.length} choices.`,
      );
    }
    return distribution.choices[index] as CategoricalChoice;
  }
  return distribution.kind === 'int' ? Math.trunc(internal) : internal;
}

/** Whether the distribution holds exactly one value (Optuna's `single()`). */
export function isSingle(distribution: Distribution): boolean {
  if (distribution.kind === 'categorical') return distribution.choices.length === 1;
  if (distribution.low === distribution.high) return true;
  if (distribution.kind === 'int') {
    return !distribution.log && distribution.high - distribution.low < distribution.step;
  }
  if (distribution.step === null) return false;
  return decimalRangeBelowStep(distribution.low, distribution.high, distribution.step);
}

/**
 * Whether an internal value lies in the distribution (Optuna's `_contains`): within
 * [low, high] and, with a step, on the grid (to 1e-8 steps for floats); a valid index for
 * a categorical.
 */
export function contains(distribution: Distribution, internal: number): boolean {
  if (distribution.kind === 'categorical') {
    const index = Math.trunc(internal);
    return index >= 0 && index < distribution.choices.length;
  }
  const { low, high } = distribution;
  if (!(low <= internal && internal <= high)) return false;
  if (distribution.kind === 'int') return (internal - low) % distribution.step === 0;
  if (distribution.step === null) return true;
  const k = (internal - low) / distribution.step;
  return Math.abs(k - Math.round(k)) < 1e-8;
}

/** The one value of a single-value distribution, external representation. */
export function singleValue(distribution: Distribution): number | CategoricalChoice {
  return distribution.kind === 'categorical'
    ? (distribution.choices[0] as CategoricalChoice)
    : distribution.low;
}
