import { InvalidArgumentError } from '@dagnostics/core';
import type { FrozenTrial, Pruner, StudyView } from '../types';
import { checkInteger, nanMax, nanMin, nanPercentile, stepToJudge } from './steps';

/** Settings shared by {@link PercentilePruner} and {@link MedianPruner} (Optuna's defaults). */
export interface PercentilePrunerOptions {
  /** Never prune until this many trials are COMPLETE. Default 5. */
  readonly nStartupTrials?: number;
  /** Never prune a trial before this step. Default 0. */
  readonly nWarmupSteps?: number;
  /** Check once every this many steps after the warm-up. Default 1. */
  readonly intervalSteps?: number;
  /** Prune only when at least this many COMPLETE trials reported the step. Default 1. */
  readonly nMinTrials?: number;
}

/**
 * Prunes a trial whose best intermediate value so far is worse than the given percentile
 * of the COMPLETE trials' values at the same step (Optuna's `PercentilePruner`). A trial
 * whose intermediate values are all NaN is pruned.
 */
export class PercentilePruner implements Pruner {
  readonly #percentile: number;
  readonly #nStartupTrials: number;
  readonly #nWarmupSteps: number;
  readonly #intervalSteps: number;
  readonly #nMinTrials: number;

  /** `percentile` in [0, 100]: 25 keeps the best quarter. */
  constructor(percentile: number, options: PercentilePrunerOptions = {}) {
    if (!(percentile >= 0 && percentile <= 100)) {
      throw new InvalidArgumentError({
        argument: 'percentile',
        message: `percentile must be between 0 and 100 inclusive, got ${percentile}.`,
      });
    }
    this.#percentile = percentile;
    this.#nStartupTrials = options.nStartupTrials ?? 5;
    this.#nWarmupSteps = options.nWarmupSteps ?? 0;
    this.#intervalSteps = options.intervalSteps ?? 1;
    this.#nMinTrials = options.nMinTrials ?? 1;
    checkInteger('nStartupTrials', this.#nStartupTrials, 0);
    checkInteger('nWarmupSteps', this.#nWarmupSteps, 0);
    checkInteger('intervalSteps', this.#intervalSteps, 1);
    checkInteger('nMinTrials', this.#nMinTrials, 1);
  }

  prune(study: StudyView, trial: FrozenTrial): boolean {
    const completed = study.trials.filter((other) => other.state === 'COMPLETE');
    if (completed.length === 0 || completed.length < this.#nStartupTrials) return false;
    const step = stepToJudge(trial, this.#nWarmupSteps, this.#intervalSteps);
    if (step === null) return false;
    const maximize = study.directions[0] === 'maximize';
    const values = trial.intermediateValues.values();
    const best = maximize ? nanMax(values) : nanMin(values);
    if (Number.isNaN(best)) return true;
    const atStep: number[] = [];
    for (const other of completed) {
      const value = other.intermediateValues.get(step);
      if (value !== undefined) atStep.push(value);
    }
    if (atStep.length < this.#nMinTrials) return false;
    const threshold = nanPercentile(atStep, maximize ? 100 - this.#percentile : this.#percentile);
    if (Number.isNaN(threshold)) return false;
    return maximize ? best < threshold : best > threshold;
  }
}

/**
 * Prunes a trial whose best intermediate value is worse than the median of the COMPLETE
 * trials at the same step (Optuna's `MedianPruner`, the default pruner): a
 * {@link PercentilePruner} at 50.
 */
export class MedianPruner extends PercentilePruner {
  constructor(options: PercentilePrunerOptions = {}) {
    super(50, options);
  }
}
