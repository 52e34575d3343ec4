import type { CategoricalChoice, Distribution } from '../types';

/** The same choice, as Optuna compares choices: NaN equals NaN, `1` differs from `true`. */
export function sameChoice(a: CategoricalChoice, b: CategoricalChoice): boolean {
  if (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b)) {
    return true;
  }
  return a === b;
}

/** Whether two distributions are equal field by field (Optuna's `BaseDistribution.__eq__`). */
export function distributionsEqual(a: Distribution, b: Distribution): boolean {
  if (a.kind === 'categorical' || b.kind === 'categorical') {
    if (a.kind !== 'categorical' || b.kind !== 'categorical') return false;
    if (a.choices.length !== b.choices.length) return false;
    return a.choices.every((choice, index) => sameChoice(choice, b.choices[index] ?? null));
  }
  return (
    a.kind === b.kind &&
    a.low === b.low &&
    a.high === b.high &&
    a.log === b.log &&
    a.step === b.step
  );
}
