import { InvalidArgumentError } from '@dagnostics/core';
import { assertCompatible } from '../distributions/compatibility';
import {
  categoricalDistribution,
  type FloatOptions,
  floatDistribution,
  type IntOptions,
  intDistribution,
} from '../distributions/create';
import {
  contains,
  isSingle,
  singleValue,
  toExternal,
  toInternal,
} from '../distributions/representation';
import { InvalidSearchSpaceError, TrialFinishedError } from '../errors';
import { prunerHooks, samplerStudy } from '../pruners/pruner-hooks';
import { MultiObjectiveError } from '../study/errors';
import { studyHooks } from '../study/sampler-hooks';
import type { CategoricalChoice, Distribution, FrozenTrial, JsonValue, StudyView } from '../types';
import { constraintsKey, trialConstraints } from './constraints';
import type { TrialHost } from './trial-host';

/** Optuna's system attribute holding the parameters of an enqueued trial. */
export const fixedParamsKey = 'fixed_params';

interface RelativeSample {
  readonly space: Record<string, Distribution>;
  readonly params: Record<string, number>;
}

/**
 * A running trial, handed to the objective (Optuna's `Trial`).
 *
 * Suggestions are synchronous: the sampler reads a snapshot of the study taken when the
 * trial was asked for, and each storage write (parameter, intermediate value, attribute)
 * is queued in order. `report` resolves once the queue has reached the storage and the
 * pruner's snapshot is refreshed; the study awaits the queue before it stores the trial's
 * outcome. After the trial has finished, every method that changes it throws
 * `TrialFinishedError`.
 */
export class Trial {
  /** 0-based number within the study. */
  readonly number: number;
  /** Storage-wide id. */
  readonly trialId: number;
  /** Aborted when the trial times out (`trialTimeoutMs`) or the optimization is aborted. */
  readonly signal: AbortSignal;

  readonly #host: TrialHost;
  readonly #samplerView: StudyView;
  #prunerView: StudyView;
  #frozen: FrozenTrial;
  readonly #fixedParams: Readonly<Record<string, JsonValue>>;
  #relative: RelativeSample | null = null;
  #writes: Promise<void> = Promise.resolve();
  #writeError: unknown = null;
  #finished = false;

  /** Internal: trials come from `study.ask()` or `study.optimize()`. */
  constructor(host: TrialHost, frozen: FrozenTrial, view: StudyView, signal: AbortSignal) {
    this.#host = host;
    this.#frozen = frozen;
    this.#samplerView = samplerStudy(host.pruner, view, frozen);
    this.#prunerView = view;
    this.number = frozen.number;
    this.trialId = frozen.trialId;
    this.signal = signal;
    const fixed = frozen.systemAttrs[fixedParamsKey];
    this.#fixedParams =
      fixed !== null && typeof fixed === 'object' && !Array.isArray(fixed) ? fixed : {};
  }

  /** Parameters suggested so far, external representation. */
  get params(): Readonly<Record<string, number | CategoricalChoice>> {
    return this.#frozen.params;
  }

  /** Distributions of the parameters suggested so far. */
  get distributions(): Readonly<Record<string, Distribution>> {
    return this.#frozen.distributions;
  }

  /** User attributes set so far (including those of an enqueued trial). */
  get userAttrs(): Readonly<Record<string, JsonValue>> {
    return this.#frozen.userAttrs;
  }

  /** System attributes. */
  get systemAttrs(): Readonly<Record<string, JsonValue>> {
    return this.#frozen.systemAttrs;
  }

  /** Constraint values set with {@link Trial.setConstraint}, by name. */
  get constraints(): Record<string, number> {
    return trialConstraints(this.#frozen.systemAttrs);
  }

  /** The trial as it stands in this process, as a `FrozenTrial`. */
  get frozen(): FrozenTrial {
    return this.#frozen;
  }

  /** Whether the study has stored the trial's outcome. */
  get finished(): boolean {
    return this.#finished;
  }

  /**
   * A float in [low, high]: uniform, log-uniform with `log`, on the grid `low + k * step`
   * with `step` (see `floatDistribution` for validation). The same name again in this
   * trial returns the same value.
   */
  suggestFloat(name: string, low: number, high: number, options: FloatOptions = {}): number {
    return this.suggest(name, floatDistribution(name, low, high, options)) as number;
  }

  /** An integer in [low, high] on the grid `low + k * step` (default step 1), log-scaled with `log`. */
  suggestInt(name: string, low: number, high: number, options: IntOptions = {}): number {
    return this.suggest(name, intDistribution(name, low, high, options)) as number;
  }

  /**
   * One of `choices` (null, booleans, numbers, strings), typed as the union of the
   * literal choices: `suggestCategorical('k', ['a', 'b'])` is `'a' | 'b'`.
   */
  suggestCategorical<const T extends readonly CategoricalChoice[]>(
    name: string,
    choices: T,
  ): T[number] {
    return this.suggest(name, categoricalDistribution(name, choices)) as T[number];
  }

  /**
   * A value of `name` from `distribution`, external representation: the value already
   * suggested in this trial, else the enqueued (fixed) value, else the only value of a
   * single-value distribution, else the sampler's relative sample, else its independent
   * sample (Optuna's order). Throws `InvalidSearchSpaceError` when the distribution
   * conflicts with an earlier use of `name`.
   */
  suggest(name: string, distribution: Distribution): number | CategoricalChoice {
    this.#assertOpen('suggest a parameter');
    const existing = this.#frozen.distributions[name];
    if (existing !== undefined) {
      assertCompatible(name, existing, distribution);
      return this.#frozen.params[name] as number | CategoricalChoice;
    }
    this.#host.checkParamDistribution(name, distribution);
    const external = this.#choose(name, distribution);
    let internal: number;
    try {
      internal = toInternal(distribution, external);
    } catch (error) {
      throw new InvalidSearchSpaceError({
        param: name,
        message: `Value ${JSON.stringify(external)} for parameter ${JSON.stringify(name)} does not fit its distribution: ${(error as Error).message}`,
      });
    }
    this.#frozen = {
      ...this.#frozen,
      params: { ...this.#frozen.params, [name]: external },
      distributions: { ...this.#frozen.distributions, [name]: distribution },
    };
    this.#enqueue(() =>
      this.#host.storage.setTrialParam(this.trialId, name, internal, distribution),
    );
    return external;
  }

  #choose(name: string, distribution: Distribution): number | CategoricalChoice {
    if (Object.hasOwn(this.#fixedParams, name)) {
      const fixed = this.#fixedParams[name];
      if (fixed !== null && typeof fixed === 'object') {
        throw new InvalidSearchSpaceError({
          param: name,
          message: `Enqueued value for parameter ${JSON.stringify(name)} is not a number, string, boolean or null.`,
        });
      }
      return fixed as CategoricalChoice;
    }
    if (isSingle(distribution)) return singleValue(distribution);
    const relative = this.#relativeSample();
    const relativeDistribution = relative.space[name];
    const relativeValue = relative.params[name];
    if (relativeDistribution !== undefined && relativeValue !== undefined) {
      assertCompatible(name, relativeDistribution, distribution);
      const external = toExternal(relativeDistribution, relativeValue);
      if (contains(distribution, toInternal(distribution, external))) return external;
    }
    const internal = this.#host.sampler.sampleIndependent(
      this.#samplerView,
      this.#frozen,
      name,
      distribution,
    );
    return toExternal(distribution, internal);
  }

  #relativeSample(): RelativeSample {
    if (this.#relative === null) {
      const sampler = this.#host.sampler;
      const space = sampler.inferRelativeSearchSpace(this.#samplerView, this.#frozen);
      const params = sampler.sampleRelative(this.#samplerView, this.#frozen, space);
      this.#relative = { space, params };
      // What the sampler wants other workers to see of this running trial (TPE's constant
      // liar reads its `tpe:relative_params` chunks), stored like any system attribute.
      const pending = studyHooks(sampler).takePendingSystemAttrs?.call(sampler, this.#frozen);
      for (const [key, value] of Object.entries(pending ?? {})) this.#setSystemAttr(key, value);
    }
    return this.#relative;
  }

  /**
   * Records `value` as the objective's intermediate value at `step` (a non-negative
   * integer) for pruners. A step already reported is ignored, as in Optuna. Resolves once
   * this trial's queued writes are stored and the study snapshot used by
   * {@link Trial.shouldPrune} is refreshed: await it. Single-objective studies only.
   */
  async report(value: number, step: number): Promise<void> {
    this.#assertOpen('report an intermediate value');
    this.#assertSingleObjective('report');
    if (typeof value !== 'number') {
      throw new InvalidArgumentError({ argument: 'value', message: 'value must be a number.' });
    }
    if (!Number.isSafeInteger(step) || step < 0) {
      throw new InvalidArgumentError({
        argument: 'step',
        message: `step must be a non-negative integer, got ${step}.`,
      });
    }
    if (!this.#frozen.intermediateValues.has(step)) {
      const intermediateValues = new Map(this.#frozen.intermediateValues);
      intermediateValues.set(step, value);
      this.#frozen = { ...this.#frozen, intermediateValues };
      this.#enqueue(() => this.#host.storage.setTrialIntermediateValue(this.trialId, step, value));
    }
    await this.flush();
    this.#prunerView = await this.#host.snapshot();
  }

  /**
   * Whether the study's pruner says to stop this trial now (then throw
   * `TrialPrunedError`). Synchronous: it reads the snapshot refreshed by the last awaited
   * {@link Trial.report}, with this trial's own values as they stand in this process.
   * Bookkeeping the pruner keeps on the trial (successive halving's `completed_rung_<k>`)
   * is queued like any other write.
   */
  shouldPrune(): boolean {
    this.#assertOpen('ask whether to prune');
    this.#assertSingleObjective('shouldPrune');
    const trials = this.#prunerView.trials.map((trial) =>
      trial.trialId === this.trialId ? this.#frozen : trial,
    );
    const view = { ...this.#prunerView, trials };
    const pruner = this.#host.pruner;
    const decide = prunerHooks(pruner).decide;
    if (decide === undefined) return pruner.prune(view, this.#frozen);
    const decision = decide.call(pruner, view, this.#frozen);
    for (const [key, value] of Object.entries(decision.systemAttrs)) {
      this.#setSystemAttr(key, value);
    }
    return decision.prune;
  }

  /** Sets a user attribute (any JSON value); the write is queued. */
  setUserAttr(key: string, value: JsonValue): void {
    this.#assertOpen('set a user attribute');
    this.#frozen = { ...this.#frozen, userAttrs: { ...this.#frozen.userAttrs, [key]: value } };
    this.#enqueue(() => this.#host.storage.setTrialUserAttr(this.trialId, key, value));
  }

  /**
   * Sets constraint `key` (Optuna's `trial.set_constraint`): the trial is feasible when
   * every constraint value is <= 0. Stored as the system attribute `constraints:<key>`,
   * which Python Optuna reads as `trial.constraints`. Setting a key again is ignored, as
   * in Optuna; NaN throws `InvalidArgumentError`.
   */
  setConstraint(key: string, value: number): void {
    this.#assertOpen('set a constraint');
    if (typeof value !== 'number' || Number.isNaN(value)) {
      throw new InvalidArgumentError({
        argument: 'value',
        message: `Constraint ${JSON.stringify(key)} must be a number, not NaN.`,
      });
    }
    const attribute = `${constraintsKey}:${key}`;
    if (Object.hasOwn(this.#frozen.systemAttrs, attribute)) return;
    this.#setSystemAttr(attribute, value);
  }

  #setSystemAttr(key: string, value: JsonValue): void {
    this.#frozen = {
      ...this.#frozen,
      systemAttrs: { ...this.#frozen.systemAttrs, [key]: value },
    };
    this.#enqueue(() => this.#host.storage.setTrialSystemAttr(this.trialId, key, value));
  }

  /**
   * Resolves when every queued write of this trial is stored; rejects with the first
   * write's error if one failed.
   */
  async flush(): Promise<void> {
    await this.#writes;
    if (this.#writeError !== null) throw this.#writeError;
  }

  /** Internal: the study marks the trial finished once it has told its outcome. */
  markFinished(): void {
    this.#finished = true;
  }

  #enqueue(write: () => Promise<unknown>): void {
    this.#writes = this.#writes.then(async () => {
      if (this.#writeError !== null) return;
      try {
        await write();
      } catch (error) {
        this.#writeError = error;
      }
    });
  }

  #assertOpen(operation: string): void {
    if (this.#finished) {
      throw new TrialFinishedError({ trialId: this.trialId, state: 'finished', operation });
    }
  }

  #assertSingleObjective(operation: string): void {
    if (this.#host.directions.length > 1) {
      throw new MultiObjectiveError({
        operation: `trial.${operation}`,
        hint: 'Pruning is supported for single-objective studies only, as in Optuna.',
      });
    }
  }
}
