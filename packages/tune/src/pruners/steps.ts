import { InvalidArgumentError } from '@dagnostics/core';
import type { FrozenTrial } from '../types';

/** The largest reported step of a trial, or null (Optuna's `FrozenTrial.last_step`). */
export function lastStep(trial: FrozenTrial): number | null {
  let last: number | null = null;
  for (const step of trial.intermediateValues.keys()) {
    if (last === null || step > last) last = step;
  }
  return last;
}

/**
 * Whether `step` is the first reported step at or after the latest pruning point
 * `nWarmupSteps + k * intervalSteps` (Optuna's `_is_first_in_interval_step`), so a pruner
 * checks once per interval even when steps are skipped.
 */
export function isFirstInIntervalStep(
  step: number,
  steps: Iterable<number>,
  nWarmupSteps: number,
  intervalSteps: number,
): boolean {
  const nearestLowerPruningStep =
    Math.floor((step - nWarmupSteps) / intervalSteps) * intervalSteps + nWarmupSteps;
  let secondLast = -1;
  for (const other of steps) {
    if (other > secondLast && other !== step) secondLast = other;
  }
  return secondLast < nearestLowerPruningStep;
}

/**
 * The step a pruner judges `trial` at, or null when it must not judge now: no step reported,
 * still warming up, or not the first report of its interval (Optuna's checks before every
 * percentile or threshold decision).
 */
export function stepToJudge(
  trial: FrozenTrial,
  nWarmupSteps: number,
  intervalSteps: number,
): number | null {
  const step = lastStep(trial);
  if (step === null || step < nWarmupSteps) return null;
  return isFirstInIntervalStep(step, trial.intermediateValues.keys(), nWarmupSteps, intervalSteps)
    ? step
    : null;
}

/** NaN-ignoring minimum (`np.nanmin`): NaN when every value is NaN. */
export function nanMin(values: Iterable<number>): number {
  let result = Number.NaN;
  for (const value of values) {
    if (!Number.isNaN(value) && !(value >= result)) result = value;
  }
  return result;
}

/** NaN-ignoring maximum (`np.nanmax`): NaN when every value is NaN. */
export function nanMax(values: Iterable<number>): number {
  let result = Number.NaN;
  for (const value of values) {
    if (!Number.isNaN(value) && !(value <= result)) result = value;
  }
  return result;
}

/**
 * `np.nanpercentile(values, percentile)` with numpy's default linear interpolation
 * (including its two-sided lerp); NaN when every value is NaN.
 */
export function nanPercentile(values: readonly number[], percentile: number): number {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const virtualIndex = (sorted.length - 1) * (percentile / 100);
  const previous = Math.min(Math.max(Math.floor(virtualIndex), 0), sorted.length - 1);
  const next = Math.min(previous + 1, sorted.length - 1);
  const gamma = virtualIndex - Math.floor(virtualIndex);
  const a = sorted[previous] as number;
  const b = sorted[next] as number;
  const difference = b - a;
  return gamma >= 0.5 ? b - difference * (1 - gamma) : a + difference * gamma;
}

/** Throws `InvalidArgumentError` unless `value` is an integer >= `minimum`. */
export function checkInteger(argument: string, value: number, minimum: number): void {
  if (!(Number.isSafeInteger(value) && value >= minimum)) {
    throw new InvalidArgumentError({
      argument,
      message: `${argument} must be an integer >= ${minimum}, got ${value}.`,
    });
  }
}
