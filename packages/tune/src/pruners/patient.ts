import { InvalidArgumentError } from '@dagnostics/core';
import type { FrozenTrial, Pruner, StudyView } from '../types';
import { type PrunerDecision, prunerHooks } from './pruner-hooks';
import { nanMax, nanMin } from './steps';

/** Settings for {@link PatientPruner}. */
export interface PatientPrunerOptions {
  /** Steps without improvement tolerated (>= 0). Required. */
  readonly patience: number;
  /** The improvement that counts, >= 0. Default 0. */
  readonly minDelta?: number;
}

/**
 * Waits `patience` steps without improvement before deferring to `wrapped` (or pruning
 * when `wrapped` is null): Optuna's `PatientPruner`. Improvement compares the best value of
 * the last `patience + 1` steps with the best before them, by `minDelta`.
 */
export class PatientPruner implements Pruner {
  readonly #wrapped: Pruner | null;
  readonly #patience: number;
  readonly #minDelta: number;

  constructor(wrapped: Pruner | null, options: PatientPrunerOptions) {
    if (!(Number.isSafeInteger(options.patience) && options.patience >= 0)) {
      throw new InvalidArgumentError({
        argument: 'patience',
        message: `patience must be an integer >= 0, got ${options.patience}.`,
      });
    }
    const minDelta = options.minDelta ?? 0;
    if (!(minDelta >= 0)) {
      throw new InvalidArgumentError({
        argument: 'minDelta',
        message: `minDelta must be >= 0, got ${minDelta}.`,
      });
    }
    this.#wrapped = wrapped;
    this.#patience = options.patience;
    this.#minDelta = minDelta;
  }

  prune(study: StudyView, trial: FrozenTrial): boolean {
    return this.decide(study, trial).prune;
  }

  /** The decision, with the wrapped pruner's bookkeeping attributes when it was asked. */
  decide(study: StudyView, trial: FrozenTrial): PrunerDecision {
    if (!this.#stalled(study, trial)) return { prune: false, systemAttrs: {} };
    if (this.#wrapped === null) return { prune: true, systemAttrs: {} };
    const decide = prunerHooks(this.#wrapped).decide;
    return decide === undefined
      ? { prune: this.#wrapped.prune(study, trial), systemAttrs: {} }
      : decide.call(this.#wrapped, study, trial);
  }

  /** The wrapped pruner's view of the study for the sampler (Hyperband brackets). */
  filterStudy(study: StudyView, trial: FrozenTrial): StudyView {
    const filter = this.#wrapped === null ? undefined : prunerHooks(this.#wrapped).filterStudy;
    return filter === undefined ? study : filter.call(this.#wrapped, study, trial);
  }

  #stalled(study: StudyView, trial: FrozenTrial): boolean {
    const steps = [...trial.intermediateValues.keys()].sort((a, b) => a - b);
    if (steps.length <= this.#patience + 1) return false;
    const split = steps.length - this.#patience - 1;
    const valueAt = (step: number): number => trial.intermediateValues.get(step) as number;
    const before = steps.slice(0, split).map(valueAt);
    const after = steps.slice(split).map(valueAt);
    return study.directions[0] === 'maximize'
      ? nanMax(before) - this.#minDelta > nanMax(after)
      : nanMin(before) + this.#minDelta < nanMin(after);
  }
}
