/**
 * The contracts every part of @dagnostics/tune shares: distributions, frozen trials, and
 * the sampler and pruner interfaces. Shapes follow Optuna 5 so that a study written by
 * our journal storage reads in Python Optuna unchanged.
 */

/** A value `suggestCategorical` may return, as Optuna allows: null, boolean, number or string. */
export type CategoricalChoice = null | boolean | number | string;

/**
 * A parameter's distribution. Optuna's JSON names (`FloatDistribution`,
 * `IntDistribution`, `CategoricalDistribution`) map to `kind`.
 *
 * Internal representation (what samplers see and produce): a float or int parameter is
 * its value as a number; a categorical parameter is the index of its choice.
 */
export type Distribution = FloatDistribution | IntDistribution | CategoricalDistribution;

/** Optuna's `FloatDistribution(low, high, log, step)`; `step` null means continuous. */
export interface FloatDistribution {
  readonly kind: 'float';
  readonly low: number;
  readonly high: number;
  readonly log: boolean;
  readonly step: number | null;
}

/** Optuna's `IntDistribution(low, high, log, step)`; `log` requires `step` 1. */
export interface IntDistribution {
  readonly kind: 'int';
  readonly low: number;
  readonly high: number;
  readonly log: boolean;
  readonly step: number;
}

/** Optuna's `CategoricalDistribution(choices)`. */
export interface CategoricalDistribution {
  readonly kind: 'categorical';
  readonly choices: readonly CategoricalChoice[];
}

/** Optuna's `TrialState` names. */
export type TrialState = 'RUNNING' | 'COMPLETE' | 'PRUNED' | 'FAIL' | 'WAITING';

/** Optuna's `StudyDirection` names, lower case as users write them. */
export type StudyDirection = 'minimize' | 'maximize';

/** A JSON value, as user and system attributes hold. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

/** A trial as stored: immutable, what samplers, pruners and callbacks read. */
export interface FrozenTrial {
  /** 0-based number within the study. */
  readonly number: number;
  /** Storage-wide id (Optuna's `_trial_id`). */
  readonly trialId: number;
  readonly state: TrialState;
  /** One value per objective once COMPLETE; null otherwise. */
  readonly values: readonly number[] | null;
  readonly datetimeStart: Date | null;
  readonly datetimeComplete: Date | null;
  /** External representation: the number, or the categorical choice itself. */
  readonly params: Readonly<Record<string, number | CategoricalChoice>>;
  readonly distributions: Readonly<Record<string, Distribution>>;
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
  readonly systemAttrs: Readonly<Record<string, JsonValue>>;
  /** Reported intermediate values by step. */
  readonly intermediateValues: ReadonlyMap<number, number>;
}

/** What a sampler or pruner may read about the study at the moment it is asked. */
export interface StudyView {
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  /** Every trial of the study, in number order, any state (RUNNING ones included). */
  readonly trials: readonly FrozenTrial[];
}

/**
 * Proposes parameter values. Methods are synchronous over a snapshot of the study
 * (`StudyView`), so `trial.suggestFloat` can return a plain number even over an
 * asynchronous storage. Values are in the internal representation (see
 * {@link Distribution}).
 */
export interface Sampler {
  /** The joint space sampled by {@link Sampler.sampleRelative} for `trial` (empty for independent samplers). */
  inferRelativeSearchSpace(study: StudyView, trial: FrozenTrial): Record<string, Distribution>;
  /** Values for the whole relative space, drawn once when the trial starts. */
  sampleRelative(
    study: StudyView,
    trial: FrozenTrial,
    searchSpace: Record<string, Distribution>,
  ): Record<string, number>;
  /** A value for one parameter outside the relative space. */
  sampleIndependent(
    study: StudyView,
    trial: FrozenTrial,
    name: string,
    distribution: Distribution,
  ): number;
  /** Called when a trial starts, before any sampling. */
  beforeTrial?(study: StudyView, trial: FrozenTrial): void;
  /** Called when a trial ends, before its state is stored. */
  afterTrial?(
    study: StudyView,
    trial: FrozenTrial,
    state: TrialState,
    values: readonly number[] | null,
  ): void;
  /** Re-seeds the sampler's randomness (Optuna's `reseed_rng`). */
  reseed?(seed: number): void;
}

/** Decides from intermediate values whether a running trial should stop. */
export interface Pruner {
  prune(study: StudyView, trial: FrozenTrial): boolean;
}
