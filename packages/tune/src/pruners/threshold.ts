import { InvalidArgumentError } from '@dagnostics/core';
import type { FrozenTrial, Pruner } from '../types';
import { checkInteger, stepToJudge } from './steps';

/** Settings for {@link ThresholdPruner}; at least one of `lower` and `upper`. */
export interface ThresholdPrunerOptions {
  /** Prune when the latest value is below this. Default: no lower bound. */
  readonly lower?: number;
  /** Prune when the latest value is above this. Default: no upper bound. */
  readonly upper?: number;
  /** Never prune before this step. Default 0. */
  readonly nWarmupSteps?: number;
  /** Check once every this many steps after the warm-up. Default 1. */
  readonly intervalSteps?: number;
}

/**
 * Prunes a trial whose latest intermediate value is outside [lower, upper] or NaN
 * (Optuna's `ThresholdPruner`).
 */
export class ThresholdPruner implements Pruner {
  readonly #lower: number;
  readonly #upper: number;
  readonly #nWarmupSteps: number;
  readonly #intervalSteps: number;

  constructor(options: ThresholdPrunerOptions) {
    if (options.lower === undefined && options.upper === undefined) {
      throw new InvalidArgumentError({
        argument: 'lower',
        message: 'Either lower or upper must be given.',
      });
    }
    this.#lower = options.lower ?? Number.NEGATIVE_INFINITY;
    this.#upper = options.upper ?? Number.POSITIVE_INFINITY;
    if (!(this.#lower <= this.#upper)) {
      throw new InvalidArgumentError({
        argument: 'lower',
        message: `lower must not exceed upper, got lower=${this.#lower}, upper=${this.#upper}.`,
      });
    }
    this.#nWarmupSteps = options.nWarmupSteps ?? 0;
    this.#intervalSteps = options.intervalSteps ?? 1;
    checkInteger('nWarmupSteps', this.#nWarmupSteps, 0);
    checkInteger('intervalSteps', this.#intervalSteps, 1);
  }

  prune(_study: unknown, trial: FrozenTrial): boolean {
    const step = stepToJudge(trial, this.#nWarmupSteps, this.#intervalSteps);
    if (step === null) return false;
    const latest = trial.intermediateValues.get(step) as number;
    return Number.isNaN(latest) || latest < this.#lower || latest > this.#upper;
  }
}
