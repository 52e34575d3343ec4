import { createRng, InvalidArgumentError, type Rng } from '@dagnostics/core';
import type { Distribution, FrozenTrial, Sampler, StudyView, TrialState } from '../../types';
import { freshSeed, RandomSampler } from '../random';
import { intersectionSearchSpace, withoutSingleValues } from '../search-space';
import { fitKernelParams } from './fit-kernel-params';
import { GaussianProcess, NotPositiveDefiniteError, type TrainingData } from './gaussian-process';
import type { KernelParams } from './kernel';
import { LogExpectedImprovement } from './log-ei';
import { NormalizedSearchSpace } from './normalized-space';
import { optimizeAcquisition } from './optimize-acquisition';
import { DEFAULT_MINIMUM_NOISE_VARIANCE } from './prior';
import { standardizeValues } from './standardize';

/** Settings for {@link GPSampler}. */
export interface GPSamplerOptions {
  /** Seed (a non-negative safe integer). Default: a fresh random seed per sampler. */
  readonly seed?: number;
  /**
   * Trials sampled by `independentSampler` before the GP takes over: the GP is used once at
   * least this many trials are COMPLETE. Default 10.
   */
  readonly nStartupTrials?: number;
  /**
   * Treat the objective as noise-free: the noise variance is fixed at its floor (1e-6)
   * instead of being fitted. Default false.
   */
  readonly deterministicObjective?: boolean;
  /**
   * Samples the startup trials, parameters outside the GP's search space (conditional
   * ones), and everything in multi-objective studies. Default `new RandomSampler({ seed })`.
   */
  readonly independentSampler?: Sampler;
}

/**
 * Gaussian-process Bayesian optimisation, after Optuna 5's `GPSampler`: a Matérn-5/2 ARD
 * kernel (Hamming distance for categoricals) over the parameters normalised to [0, 1], fitted
 * by MAP with Optuna's priors, and the next point chosen by maximising log expected
 * improvement (random preliminary points, then L-BFGS and grid searches from the best few).
 *
 * Scope: single-objective studies. Multi-objective studies go to the independent sampler,
 * as do parameters outside the intersection search space of the COMPLETE trials. Other
 * RUNNING trials that already hold every parameter of the space are treated by the "kriging
 * believer" heuristic: added to the GP with the posterior mean as their value, which shrinks
 * the expected improvement around them so parallel workers spread out (Optuna 5 uses qLogEI
 * over fantasies instead).
 *
 * @example
 * ```ts
 * const study = await createStudy({ sampler: new GPSampler({ seed: 1 }) });
 * ```
 */
export class GPSampler implements Sampler {
  #rng: Rng;
  readonly #independentSampler: Sampler;
  readonly #nStartupTrials: number;
  readonly #deterministic: boolean;
  /** The last fit, the warm start of the next one (dropped when the dimension changes). */
  #cachedParams: KernelParams | undefined;

  /** Throws `InvalidArgumentError` for a negative or fractional `nStartupTrials` or an invalid `seed`. */
  constructor(options: GPSamplerOptions = {}) {
    const seed = options.seed ?? freshSeed();
    this.#rng = createRng(seed);
    this.#independentSampler = options.independentSampler ?? new RandomSampler({ seed });
    const nStartupTrials = options.nStartupTrials ?? 10;
    if (!Number.isSafeInteger(nStartupTrials) || nStartupTrials < 0) {
      throw new InvalidArgumentError({
        argument: 'nStartupTrials',
        message: `nStartupTrials must be a non-negative integer; got ${nStartupTrials}.`,
      });
    }
    this.#nStartupTrials = nStartupTrials;
    this.#deterministic = options.deterministicObjective ?? false;
  }

  /** The intersection search space of the COMPLETE trials, without single-value parameters. */
  inferRelativeSearchSpace(study: StudyView, _trial: FrozenTrial): Record<string, Distribution> {
    return withoutSingleValues(intersectionSearchSpace(study.trials));
  }

  /**
   * Values (internal representation) for the whole `searchSpace` chosen by the GP, or `{}`
   * (everything sampled independently) while fewer than `nStartupTrials` trials are
   * COMPLETE or when the study has several objectives.
   */
  sampleRelative(
    study: StudyView,
    trial: FrozenTrial,
    searchSpace: Record<string, Distribution>,
  ): Record<string, number> {
    if (Object.keys(searchSpace).length === 0 || study.directions.length !== 1) return {};
    const names = Object.keys(searchSpace);
    const hasAll = (candidate: FrozenTrial) =>
      names.every((name) => candidate.params[name] !== undefined);
    const completed = study.trials.filter(
      (candidate) =>
        candidate.state === 'COMPLETE' && candidate.values !== null && hasAll(candidate),
    );
    if (completed.length === 0 || completed.length < this.#nStartupTrials) return {};

    const space = new NormalizedSearchSpace(searchSpace);
    const n = completed.length;
    const x = new Float64Array(n * space.dim);
    completed.forEach((completedTrial, i) => {
      x.set(space.normalizeParams(completedTrial.params), i * space.dim);
    });
    const sign = study.directions[0] === 'minimize' ? -1 : 1;
    const y = standardizeValues(
      completed.map((completedTrial) => sign * (completedTrial.values?.[0] as number)),
    );
    const data: TrainingData = { x, y, n, dim: space.dim, isCategorical: space.isCategorical };

    const gp = fitKernelParams(
      data,
      { minimumNoise: DEFAULT_MINIMUM_NOISE_VARIANCE, deterministic: this.#deterministic },
      this.#cachedParams,
    );
    this.#cachedParams = gp.params;

    let bestIndex = 0;
    for (let i = 1; i < n; i++) if ((y[i] as number) > (y[bestIndex] as number)) bestIndex = i;
    const running = study.trials.filter(
      (candidate) =>
        candidate.state === 'RUNNING' && candidate.number !== trial.number && hasAll(candidate),
    );
    const model = running.length === 0 ? gp : withBelievedRunningTrials(gp, space, running);
    const acquisition = new LogExpectedImprovement(model, y[bestIndex] as number);
    const bestPast = x.slice(bestIndex * space.dim, (bestIndex + 1) * space.dim);
    const { point } = optimizeAcquisition(acquisition, space, this.#rng, [bestPast]);
    return space.unnormalizeRow(point);
  }

  /** Delegates to the independent sampler. */
  sampleIndependent(
    study: StudyView,
    trial: FrozenTrial,
    name: string,
    distribution: Distribution,
  ): number {
    return this.#independentSampler.sampleIndependent(study, trial, name, distribution);
  }

  /** Forwards to the independent sampler. */
  beforeTrial(study: StudyView, trial: FrozenTrial): void {
    this.#independentSampler.beforeTrial?.(study, trial);
  }

  /** Forwards to the independent sampler. */
  afterTrial(
    study: StudyView,
    trial: FrozenTrial,
    state: TrialState,
    values: readonly number[] | null,
  ): void {
    this.#independentSampler.afterTrial?.(study, trial, state, values);
  }

  /** Re-seeds this sampler and its independent sampler. */
  reseed(seed: number): void {
    this.#rng = createRng(seed);
    this.#independentSampler.reseed?.(seed);
  }
}

/**
 * The GP with each running trial added as an observation whose value is the current
 * posterior mean there (same hyperparameters): the mean is unchanged, the variance near the
 * running trials drops.
 */
function withBelievedRunningTrials(
  gp: GaussianProcess,
  space: NormalizedSearchSpace,
  running: readonly FrozenTrial[],
): GaussianProcess {
  const { data } = gp;
  const n = data.n + running.length;
  const x = new Float64Array(n * data.dim);
  const y = new Float64Array(n);
  x.set(data.x);
  y.set(data.y);
  running.forEach((trial, j) => {
    const row = space.normalizeParams(trial.params);
    x.set(row, (data.n + j) * data.dim);
    y[data.n + j] = gp.posterior(row).mean;
  });
  try {
    return new GaussianProcess({ ...data, x, y, n }, gp.params);
  } catch (error) {
    // Running trials that make the matrix singular even with jitter are simply ignored.
    if (error instanceof NotPositiveDefiniteError) return gp;
    throw error;
  }
}
