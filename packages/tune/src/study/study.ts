import { InvalidArgumentError, writeCsv } from '@dagnostics/core';
import { assertCompatible } from '../distributions/compatibility';
import { TrialFinishedError, TrialNotFoundError } from '../errors';
import { samplerStudy } from '../pruners/pruner-hooks';
import type { Storage } from '../storage/storage';
import { fixedParamsKey, Trial } from '../trial/trial';
import type { TrialHost } from '../trial/trial-host';
import type {
  CategoricalChoice,
  Distribution,
  FrozenTrial,
  JsonValue,
  Pruner,
  Sampler,
  StudyDirection,
  StudyView,
  TrialState,
} from '../types';
import { type AddTrialInput, enqueuedAlready, trialTemplate } from './add-trial';
import { bestOf, paretoFront } from './best-trials';
import { MultiObjectiveError, NoCompletedTrialsError } from './errors';
import { type Objective, type OptimizeHost, type OptimizeOptions, runOptimize } from './optimize';
import { asValues, valuesProblem } from './outcome';
import { studyHooks } from './sampler-hooks';
import type { TellResult } from './tell-result';
import { type TrialsTable, trialsToTable } from './trials-table';

const finishedStates: ReadonlySet<TrialState> = new Set(['COMPLETE', 'PRUNED', 'FAIL']);

/** Optuna's trial system attribute for why a trial failed. */
export const failReasonKey = 'fail_reason';

/** Internal: what `createStudy`/`loadStudy` hand to the constructor. */
export interface StudyInit {
  readonly storage: Storage;
  readonly studyId: number;
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  readonly sampler: Sampler;
  readonly pruner: Pruner;
}

/** Settings for `study.enqueueTrial`. */
export interface EnqueueTrialOptions {
  /** User attributes the trial starts with. */
  readonly userAttrs?: Readonly<Record<string, JsonValue>>;
  /** Skip when a trial (any state) already has these parameters (numbers equal to 1e-5 relative), as Optuna does. Default false. */
  readonly skipIfExists?: boolean;
}

/**
 * A study: a set of trials over one objective (or several), stored in a `Storage`.
 * Create one with `createStudy` or `loadStudy`. Reads (`trials`, `bestTrial`...) are
 * promises fresh from the storage, so several processes can share a study.
 */
export class Study {
  readonly studyName: string;
  /** The storage's id for this study. */
  readonly studyId: number;
  /** One direction per objective. */
  readonly directions: readonly StudyDirection[];
  readonly sampler: Sampler;
  readonly pruner: Pruner;
  readonly storage: Storage;

  readonly #paramDistributions = new Map<string, Distribution>();
  readonly #host: TrialHost;
  #stopRequested = false;
  /** How many leading trials `#snapshot` has folded in for good (all finished), and the last one's id. */
  #settledCount = 0;
  #settledLastId: number | null = null;

  /** Internal: use `createStudy` or `loadStudy`. */
  constructor(init: StudyInit) {
    this.storage = init.storage;
    this.studyId = init.studyId;
    this.studyName = init.studyName;
    this.directions = [...init.directions];
    this.sampler = init.sampler;
    this.pruner = init.pruner;
    this.#host = {
      storage: this.storage,
      studyId: this.studyId,
      studyName: this.studyName,
      directions: this.directions,
      sampler: this.sampler,
      pruner: this.pruner,
      checkParamDistribution: (name, distribution) => this.#checkParam(name, distribution),
      snapshot: () => this.#snapshot(),
    };
  }

  /** The direction of a single-objective study; throws `MultiObjectiveError` otherwise. */
  get direction(): StudyDirection {
    if (this.directions.length > 1) {
      throw new MultiObjectiveError({ operation: 'direction', hint: 'Use study.directions.' });
    }
    return this.directions[0] as StudyDirection;
  }

  /** Whether the study has more than one objective. */
  get isMultiObjective(): boolean {
    return this.directions.length > 1;
  }

  /**
   * Runs the objective over new trials (Optuna's `study.optimize`); see
   * `OptimizeOptions`. A trial whose objective returns NaN, throws, or times out is
   * stored FAIL with the reason in its `fail_reason` system attribute, and the study goes
   * on; one that throws `TrialPrunedError` is stored PRUNED.
   */
  async optimize(objective: Objective, options: OptimizeOptions<Study> = {}): Promise<void> {
    this.#stopRequested = false;
    await runOptimize(
      {
        study: this,
        ask: (signal) => this.#ask({}, signal),
        tell: (trial, result) => this.tell(trial, result),
        shouldStop: async () => {
          if (this.#stopRequested) return true;
          const exhausted = studyHooks(this.sampler).isExhausted;
          if (exhausted === undefined) return false;
          return exhausted.call(this.sampler, await this.#snapshot());
        },
        ...this.#heartbeatHooks(),
      },
      objective,
      options,
    );
  }

  #heartbeatHooks(): Pick<OptimizeHost<Study>, 'recordHeartbeat' | 'failStaleTrials'> {
    const { storage } = this;
    if (storage.recordHeartbeat === undefined || storage.failStaleTrials === undefined) return {};
    return {
      recordHeartbeat: (trialId) => storage.recordHeartbeat?.(trialId) ?? Promise.resolve(),
      failStaleTrials: (gracePeriodMs) =>
        storage.failStaleTrials?.(this.studyId, gracePeriodMs) ?? Promise.resolve(),
    };
  }

  /**
   * Stops `optimize` after the running trials: no new trial starts. Call it from an
   * objective or a callback.
   */
  stop(): void {
    this.#stopRequested = true;
  }

  /**
   * Starts a trial for the ask-and-tell interface: claims the oldest enqueued (WAITING)
   * trial if one is left, else creates a new one. Parameters in `fixedDistributions` are
   * suggested at once.
   */
  ask(fixedDistributions: Readonly<Record<string, Distribution>> = {}): Promise<Trial> {
    return this.#ask(fixedDistributions, new AbortController().signal);
  }

  async #ask(
    fixedDistributions: Readonly<Record<string, Distribution>>,
    signal: AbortSignal,
  ): Promise<Trial> {
    const trialId =
      (await this.#claimWaitingTrial()) ?? (await this.storage.createTrial(this.studyId));
    let frozen = await this.storage.getTrial(trialId);
    const view = await this.#snapshot();
    this.sampler.beforeTrial?.(samplerStudy(this.pruner, view, frozen), frozen);
    const hooks = studyHooks(this.sampler);
    const attrs = hooks.trialSystemAttrs?.call(this.sampler, view, frozen) ?? {};
    for (const [key, value] of Object.entries(attrs)) {
      await this.storage.setTrialSystemAttr(trialId, key, value);
    }
    if (Object.keys(attrs).length > 0) {
      frozen = { ...frozen, systemAttrs: { ...frozen.systemAttrs, ...attrs } };
    }
    const trial = new Trial(this.#host, frozen, view, signal);
    for (const [name, distribution] of Object.entries(fixedDistributions)) {
      trial.suggest(name, distribution);
    }
    return trial;
  }

  async #claimWaitingTrial(): Promise<number | null> {
    for (const waiting of await this.storage.getAllTrials(this.studyId, ['WAITING'])) {
      try {
        if (await this.storage.setTrialStateValues(waiting.trialId, 'RUNNING')) {
          return waiting.trialId;
        }
      } catch (error) {
        if (!TrialFinishedError.isInstance(error)) throw error;
      }
    }
    return null;
  }

  /**
   * Finishes a RUNNING trial (a `Trial` or its number) with the objective's value(s) or an
   * explicit state (see `TellResult`); resolves to the trial as stored. Values that are
   * NaN or of the wrong count store the trial FAIL with the reason in `fail_reason`. An
   * explicit COMPLETE with such values throws `InvalidArgumentError`; a finished trial
   * throws `TrialFinishedError`.
   */
  async tell(trialOrNumber: Trial | number, result: TellResult): Promise<FrozenTrial> {
    let trialId: number;
    if (typeof trialOrNumber === 'number') {
      trialId = await this.#trialIdFromNumber(trialOrNumber);
    } else {
      if (trialOrNumber.finished) {
        throw new TrialFinishedError({
          trialId: trialOrNumber.trialId,
          state: 'finished',
          operation: 'tell it again',
        });
      }
      trialOrNumber.markFinished();
      await trialOrNumber.flush();
      trialId = trialOrNumber.trialId;
    }
    const stored = await this.storage.getTrial(trialId);
    if (stored.state !== 'RUNNING') {
      if (stored.state === 'WAITING') {
        throw new InvalidArgumentError({
          argument: 'trial',
          message: `Trial ${stored.number} is WAITING; ask for it before telling its outcome.`,
        });
      }
      throw new TrialFinishedError({ trialId, state: stored.state, operation: 'tell it again' });
    }
    const { state, values, failReason } = this.#outcome(stored, result);
    if (failReason !== undefined) {
      await this.storage.setTrialSystemAttr(trialId, failReasonKey, failReason);
    }
    try {
      if (this.sampler.afterTrial !== undefined) {
        const view = samplerStudy(this.pruner, await this.#snapshot(), stored);
        this.sampler.afterTrial(view, stored, state, values);
      }
    } finally {
      await this.storage.setTrialStateValues(trialId, state, values);
    }
    return this.storage.getTrial(trialId);
  }

  #outcome(
    trial: FrozenTrial,
    result: TellResult,
  ): { state: TrialState; values: number[] | null; failReason?: string } {
    if (typeof result === 'number' || Array.isArray(result)) {
      const values = asValues(result);
      const problem = valuesProblem(values, this.directions);
      if (problem !== null) {
        return {
          state: 'FAIL',
          values: null,
          failReason: `Trial ${trial.number} failed, because ${problem}`,
        };
      }
      return { state: 'COMPLETE', values: values as number[] };
    }
    const explicit = result as Exclude<TellResult, number | readonly number[]>;
    if (explicit.state === 'COMPLETE') {
      const values = asValues(explicit.values);
      const problem = valuesProblem(values, this.directions);
      if (problem !== null)
        throw new InvalidArgumentError({ argument: 'values', message: problem });
      return { state: 'COMPLETE', values: values as number[] };
    }
    if (explicit.state === 'PRUNED') {
      const steps = [...trial.intermediateValues.keys()];
      const lastStep = steps.length === 0 ? null : Math.max(...steps);
      const last = lastStep === null ? undefined : trial.intermediateValues.get(lastStep);
      const keep = last !== undefined && valuesProblem([last], this.directions) === null;
      return { state: 'PRUNED', values: keep ? [last] : null };
    }
    if (explicit.state === 'FAIL') {
      return explicit.failReason === undefined
        ? { state: 'FAIL', values: null }
        : { state: 'FAIL', values: null, failReason: explicit.failReason };
    }
    throw new InvalidArgumentError({
      argument: 'state',
      message: `tell accepts COMPLETE, PRUNED or FAIL, got ${String(explicit.state)}.`,
    });
  }

  async #trialIdFromNumber(number: number): Promise<number> {
    const trial = (await this.storage.getAllTrials(this.studyId)).find(
      (candidate) => candidate.number === number,
    );
    if (trial === undefined) {
      throw new TrialNotFoundError({
        trialId: number,
        message: `No trial number ${number} in study ${JSON.stringify(this.studyName)}.`,
      });
    }
    return trial.trialId;
  }

  /**
   * Queues a trial with fixed parameters (external values; Optuna's `enqueue_trial`): the
   * next `ask` claims it and `suggest*` returns these values (even outside the range, as
   * Optuna does); parameters not given are sampled. Stored WAITING with the system
   * attribute `fixed_params`.
   */
  async enqueueTrial(
    params: Readonly<Record<string, number | CategoricalChoice>>,
    options: EnqueueTrialOptions = {},
  ): Promise<void> {
    if (options.skipIfExists === true && enqueuedAlready(await this.trials, params)) return;
    await this.storage.createTrial(this.studyId, {
      state: 'WAITING',
      systemAttrs: { [fixedParamsKey]: { ...params } },
      userAttrs: options.userAttrs ?? {},
    });
  }

  /**
   * Adds a finished (or WAITING) trial made elsewhere (Optuna's `add_trial`), e.g. to warm
   * start a study. Throws `InvalidArgumentError` when it is inconsistent.
   */
  async addTrial(input: AddTrialInput): Promise<void> {
    const template = trialTemplate(input, this.directions);
    for (const [name, distribution] of Object.entries(template.distributions ?? {})) {
      this.#checkParam(name, distribution);
    }
    await this.storage.createTrial(this.studyId, template);
  }

  /** Sets a study user attribute. */
  async setUserAttr(key: string, value: JsonValue): Promise<void> {
    await this.storage.setStudyUserAttr(this.studyId, key, value);
  }

  /** The study's user attributes. */
  get userAttrs(): Promise<Readonly<Record<string, JsonValue>>> {
    return this.storage.getStudy(this.studyId).then((study) => study.userAttrs);
  }

  /** Every trial, in number order. */
  get trials(): Promise<FrozenTrial[]> {
    return this.storage.getAllTrials(this.studyId);
  }

  /** The trials in `states` (all when omitted), in number order. */
  getTrials(options: { states?: readonly TrialState[] } = {}): Promise<FrozenTrial[]> {
    return this.storage.getAllTrials(this.studyId, options.states);
  }

  /**
   * The best COMPLETE trial (the first on ties); only feasible trials count once any trial
   * has constraints. Rejects with `MultiObjectiveError` for a multi-objective study and
   * `NoCompletedTrialsError` when there is none.
   */
  get bestTrial(): Promise<FrozenTrial> {
    return this.#bestTrial();
  }

  async #bestTrial(): Promise<FrozenTrial> {
    if (this.isMultiObjective) {
      throw new MultiObjectiveError({
        operation: 'bestTrial',
        hint: 'Use study.bestTrials for the Pareto front.',
      });
    }
    const trials = await this.trials;
    const best = bestOf(trials, this.direction);
    if (best === null) {
      throw new NoCompletedTrialsError({
        studyName: this.studyName,
        feasibleOnly: trials.some((trial) => trial.state === 'COMPLETE'),
      });
    }
    return best;
  }

  /** The value of {@link Study.bestTrial}. */
  get bestValue(): Promise<number> {
    return this.#bestTrial().then((trial) => (trial.values as readonly number[])[0] as number);
  }

  /** The parameters of {@link Study.bestTrial}. */
  get bestParams(): Promise<Readonly<Record<string, number | CategoricalChoice>>> {
    return this.#bestTrial().then((trial) => trial.params);
  }

  /**
   * The Pareto front: COMPLETE trials (feasible ones once constraints are used) that no
   * other dominates. For one objective, every trial with the best value.
   */
  get bestTrials(): Promise<FrozenTrial[]> {
    return this.trials.then((trials) => paretoFront(trials, this.directions));
  }

  /**
   * The trials as an Arrow table, one row per trial, with Optuna's `trials_dataframe`
   * columns (see `trialsToTable`).
   */
  async toArrowTable(): Promise<TrialsTable> {
    return trialsToTable(await this.trials, this.directions);
  }

  /** The trials as CSV text (the columns of {@link Study.toArrowTable}). */
  async toCsv(): Promise<string> {
    return writeCsv(await this.toArrowTable());
  }

  async #snapshot(): Promise<StudyView> {
    const trials = await this.storage.getAllTrials(this.studyId);
    // Finished trials no longer change, so the leading run of them is folded in only once.
    let start = this.#settledCount;
    if (
      start > trials.length ||
      (start > 0 && trials[start - 1]?.trialId !== this.#settledLastId)
    ) {
      start = 0;
    }
    let settling = true;
    for (let i = start; i < trials.length; i++) {
      const trial = trials[i] as FrozenTrial;
      for (const name of Object.keys(trial.distributions)) {
        if (!this.#paramDistributions.has(name)) {
          this.#paramDistributions.set(name, trial.distributions[name] as Distribution);
        }
      }
      if (settling && finishedStates.has(trial.state)) {
        this.#settledCount = i + 1;
        this.#settledLastId = trial.trialId;
      } else {
        settling = false;
      }
    }
    return { studyName: this.studyName, directions: this.directions, trials };
  }

  #checkParam(name: string, distribution: Distribution): void {
    const previous = this.#paramDistributions.get(name);
    if (previous === undefined) this.#paramDistributions.set(name, distribution);
    else assertCompatible(name, previous, distribution);
  }
}
