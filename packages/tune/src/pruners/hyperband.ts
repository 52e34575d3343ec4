import { InvalidArgumentError } from '@dagnostics/core';
import type { FrozenTrial, Pruner, StudyView } from '../types';
import { crc32 } from './crc32';
import type { PrunerDecision } from './pruner-hooks';
import { checkInteger, lastStep } from './steps';
import { SuccessiveHalvingPruner } from './successive-halving';

/** Settings for {@link HyperbandPruner} (Optuna's defaults). */
export interface HyperbandPrunerOptions {
  /** Steps before the first rung, >= 1. Default 1. */
  readonly minResource?: number;
  /** The last step a trial reaches, or `'auto'`: the last step of the first COMPLETE trial + 1. Default `'auto'`. */
  readonly maxResource?: number | 'auto';
  /** Default 3. */
  readonly reductionFactor?: number;
  /** Default 0; > 0 needs an explicit `maxResource`. */
  readonly bootstrapCount?: number;
}

interface Brackets {
  readonly pruners: SuccessiveHalvingPruner[];
  readonly budgets: number[];
  readonly totalBudget: number;
}

/**
 * Hyperband (Optuna's `HyperbandPruner`): several successive-halving brackets with
 * different early-stopping rates; each trial belongs to the bracket chosen by
 * `crc32("<studyName>_<trialNumber>")`, as in Optuna, and is compared (and sampled, through
 * `filterStudy`) only with trials of its bracket.
 */
export class HyperbandPruner implements Pruner {
  readonly #minResource: number;
  readonly #maxResource: number | 'auto';
  readonly #reductionFactor: number;
  readonly #bootstrapCount: number;
  #brackets: Brackets | null = null;

  constructor(options: HyperbandPrunerOptions = {}) {
    this.#minResource = options.minResource ?? 1;
    this.#maxResource = options.maxResource ?? 'auto';
    this.#reductionFactor = options.reductionFactor ?? 3;
    this.#bootstrapCount = options.bootstrapCount ?? 0;
    checkInteger('minResource', this.#minResource, 1);
    if (this.#maxResource !== 'auto') checkInteger('maxResource', this.#maxResource, 1);
    checkInteger('reductionFactor', this.#reductionFactor, 2);
    checkInteger('bootstrapCount', this.#bootstrapCount, 0);
    if (this.#bootstrapCount > 0 && this.#maxResource === 'auto') {
      throw new InvalidArgumentError({
        argument: 'bootstrapCount',
        message: "bootstrapCount > 0 needs an explicit maxResource, not 'auto'.",
      });
    }
  }

  prune(study: StudyView, trial: FrozenTrial): boolean {
    return this.decide(study, trial).prune;
  }

  /** The decision of the trial's bracket, with its rung values to store. */
  decide(study: StudyView, trial: FrozenTrial): PrunerDecision {
    const brackets = this.#initialized(study);
    if (brackets === null) return { prune: false, systemAttrs: {} };
    const bracket = this.#bracketOf(brackets, study.studyName, trial.number);
    const pruner = brackets.pruners[bracket] as SuccessiveHalvingPruner;
    return pruner.decide(this.#bracketStudy(brackets, study, bracket), trial);
  }

  /** The trials of `trial`'s bracket only (all trials until the brackets are set up). */
  filterStudy(study: StudyView, trial: FrozenTrial): StudyView {
    const brackets = this.#brackets;
    if (brackets === null) return study;
    return this.#bracketStudy(
      brackets,
      study,
      this.#bracketOf(brackets, study.studyName, trial.number),
    );
  }

  #bracketStudy(brackets: Brackets, study: StudyView, bracket: number): StudyView {
    return {
      ...study,
      trials: study.trials.filter(
        (other) => this.#bracketOf(brackets, study.studyName, other.number) === bracket,
      ),
    };
  }

  #bracketOf(brackets: Brackets, studyName: string, trialNumber: number): number {
    let n = crc32(`${studyName}_${trialNumber}`) % brackets.totalBudget;
    for (let bracket = 0; bracket < brackets.budgets.length; bracket += 1) {
      n -= brackets.budgets[bracket] as number;
      if (n < 0) return bracket;
    }
    throw new Error('unreachable: bracket budgets cover the total');
  }

  #initialized(study: StudyView): Brackets | null {
    if (this.#brackets !== null) return this.#brackets;
    let maxResource = this.#maxResource;
    if (maxResource === 'auto') {
      let last: number | null = null;
      for (const trial of study.trials) {
        if (trial.state !== 'COMPLETE') continue;
        const step = lastStep(trial);
        if (step !== null && (last === null || step > last)) last = step;
      }
      if (last === null) return null;
      maxResource = last + 1;
    }
    const nBrackets =
      Math.floor(Math.log(maxResource / this.#minResource) / Math.log(this.#reductionFactor)) + 1;
    const pruners: SuccessiveHalvingPruner[] = [];
    const budgets: number[] = [];
    for (let bracket = 0; bracket < nBrackets; bracket += 1) {
      const s = nBrackets - 1 - bracket;
      budgets.push(Math.ceil((nBrackets * this.#reductionFactor ** s) / (s + 1)));
      pruners.push(
        new SuccessiveHalvingPruner({
          minResource: this.#minResource,
          reductionFactor: this.#reductionFactor,
          minEarlyStoppingRate: bracket,
          bootstrapCount: this.#bootstrapCount,
        }),
      );
    }
    this.#brackets = {
      pruners,
      budgets,
      totalBudget: budgets.reduce((sum, budget) => sum + budget, 0),
    };
    return this.#brackets;
  }
}
