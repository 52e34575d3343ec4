import { InvalidArgumentError } from '@dagnostics/core';
import type { FrozenTrial, JsonValue, Pruner, StudyDirection, StudyView } from '../types';
import type { PrunerDecision } from './pruner-hooks';
import { checkInteger, lastStep } from './steps';

/** Settings for {@link SuccessiveHalvingPruner} (Optuna's defaults). */
export interface SuccessiveHalvingPrunerOptions {
  /**
   * Steps before the first rung, >= 1, or `'auto'`: the last step of the first COMPLETE
   * trials divided by 100 (at least 1). Default `'auto'`.
   */
  readonly minResource?: number | 'auto';
  /** Keep the best 1 / reductionFactor at each rung, >= 2. Default 4. */
  readonly reductionFactor?: number;
  /** The first rung is at `minResource * reductionFactor ** minEarlyStoppingRate`. Default 0. */
  readonly minEarlyStoppingRate?: number;
  /** Prune while a rung holds this many values or fewer. Default 0. */
  readonly bootstrapCount?: number;
}

/** The system attribute recording a trial's value at rung `rung`. */
export function completedRungKey(rung: number): string {
  return `completed_rung_${rung}`;
}

function currentRung(systemAttrs: Readonly<Record<string, JsonValue>>): number {
  let rung = 0;
  while (Object.hasOwn(systemAttrs, completedRungKey(rung))) rung += 1;
  return rung;
}

function isPromotable(
  value: number,
  competing: number[],
  reductionFactor: number,
  direction: StudyDirection,
): boolean {
  let promotableIndex = Math.floor(competing.length / reductionFactor) - 1;
  if (promotableIndex === -1) promotableIndex = 0;
  competing.sort((a, b) => a - b);
  return direction === 'maximize'
    ? value >= (competing[competing.length - 1 - promotableIndex] as number)
    : value <= (competing[promotableIndex] as number);
}

/**
 * Asynchronous successive halving (Optuna's `SuccessiveHalvingPruner`): when a trial
 * reaches a rung's step it records its value as the system attribute
 * `completed_rung_<k>` and goes on only if it is in the top 1 / reductionFactor of the
 * values recorded at that rung so far.
 */
export class SuccessiveHalvingPruner implements Pruner {
  #minResource: number | null;
  readonly #reductionFactor: number;
  readonly #minEarlyStoppingRate: number;
  readonly #bootstrapCount: number;

  constructor(options: SuccessiveHalvingPrunerOptions = {}) {
    const minResource = options.minResource ?? 'auto';
    if (minResource !== 'auto') checkInteger('minResource', minResource, 1);
    this.#reductionFactor = options.reductionFactor ?? 4;
    this.#minEarlyStoppingRate = options.minEarlyStoppingRate ?? 0;
    this.#bootstrapCount = options.bootstrapCount ?? 0;
    checkInteger('reductionFactor', this.#reductionFactor, 2);
    checkInteger('minEarlyStoppingRate', this.#minEarlyStoppingRate, 0);
    checkInteger('bootstrapCount', this.#bootstrapCount, 0);
    if (this.#bootstrapCount > 0 && minResource === 'auto') {
      throw new InvalidArgumentError({
        argument: 'bootstrapCount',
        message: "bootstrapCount > 0 needs an explicit minResource, not 'auto'.",
      });
    }
    this.#minResource = minResource === 'auto' ? null : minResource;
  }

  prune(study: StudyView, trial: FrozenTrial): boolean {
    return this.decide(study, trial).prune;
  }

  /** The decision and the rung values to store on the trial. */
  decide(study: StudyView, trial: FrozenTrial): PrunerDecision {
    const recorded: Record<string, JsonValue> = {};
    const step = lastStep(trial);
    if (step === null) return { prune: false, systemAttrs: recorded };
    let rung = currentRung(trial.systemAttrs);
    const value = trial.intermediateValues.get(step) as number;
    for (;;) {
      if (this.#minResource === null) {
        this.#minResource = estimateMinResource(study.trials);
        if (this.#minResource === null) return { prune: false, systemAttrs: recorded };
      }
      const promotionStep =
        this.#minResource * this.#reductionFactor ** (this.#minEarlyStoppingRate + rung);
      if (step < promotionStep) return { prune: false, systemAttrs: recorded };
      if (Number.isNaN(value)) return { prune: true, systemAttrs: recorded };
      const rungKey = completedRungKey(rung);
      recorded[rungKey] = value;
      const competing: number[] = [];
      for (const other of study.trials) {
        const otherValue = other.systemAttrs[rungKey];
        if (otherValue !== undefined) competing.push(otherValue as number);
      }
      competing.push(value);
      if (competing.length <= this.#bootstrapCount) return { prune: true, systemAttrs: recorded };
      if (
        !isPromotable(value, competing, this.#reductionFactor, study.directions[0] ?? 'minimize')
      ) {
        return { prune: true, systemAttrs: recorded };
      }
      rung += 1;
    }
  }
}

function estimateMinResource(trials: readonly FrozenTrial[]): number | null {
  let last: number | null = null;
  for (const trial of trials) {
    if (trial.state !== 'COMPLETE') continue;
    const step = lastStep(trial);
    if (step !== null && (last === null || step > last)) last = step;
  }
  return last === null ? null : Math.max(Math.floor(last / 100), 1);
}
