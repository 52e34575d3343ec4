import type { FrozenTrial, JsonValue } from '../types';

/** Optuna's `_CONSTRAINTS_KEY`: a constraint `k` is the trial system attribute `constraints:k`. */
export const constraintsKey = 'constraints';

/**
 * The constraint values of a trial by name, as Optuna's `FrozenTrial.constraints` reads
 * them: the old list form (`constraints: [c0, c1]`, named `"0"`, `"1"`) and the current
 * per-key form (`constraints:<name>`), the latter winning.
 */
export function trialConstraints(
  systemAttrs: Readonly<Record<string, JsonValue>>,
): Record<string, number> {
  const constraints: Record<string, number> = {};
  const list = systemAttrs[constraintsKey];
  if (Array.isArray(list)) {
    list.forEach((value, index) => {
      if (typeof value === 'number') constraints[String(index)] = value;
    });
  }
  const prefix = `${constraintsKey}:`;
  for (const [key, value] of Object.entries(systemAttrs)) {
    if (key.startsWith(prefix) && typeof value === 'number') {
      constraints[key.slice(prefix.length)] = value;
    }
  }
  return constraints;
}

/** Whether every constraint of the trial is <= 0 (a trial without constraints is feasible). */
export function isFeasible(trial: FrozenTrial): boolean {
  return Object.values(trialConstraints(trial.systemAttrs)).every((value) => value <= 0);
}

/** Whether any trial has a constraint (Optuna's `_is_constrained_optimization`). */
export function isConstrained(trials: readonly FrozenTrial[]): boolean {
  return trials.some((trial) => Object.keys(trialConstraints(trial.systemAttrs)).length > 0);
}
