import type { StudyDirection } from '../types';

/**
 * Why `values` cannot be a COMPLETE trial's values (Optuna's `_check_values_are_feasible`):
 * a non-number, NaN, or a count other than the number of objectives; null when they can.
 */
export function valuesProblem(
  values: readonly unknown[],
  directions: readonly StudyDirection[],
): string | null {
  for (const value of values) {
    if (typeof value !== 'number') {
      return `The value ${String(value)} could not be cast to float.`;
    }
    if (Number.isNaN(value)) return `The objective function returned ${value}.`;
  }
  if (values.length !== directions.length) {
    return `The number of the values ${values.length} did not match the number of the objectives ${directions.length}.`;
  }
  return null;
}

/** The values an objective returned, as an array (a single number becomes `[number]`). */
export function asValues(result: unknown): readonly unknown[] {
  return Array.isArray(result) ? result : [result];
}
