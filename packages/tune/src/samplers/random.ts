import { createRng, type Rng } from '@dagnostics/core';
import type { Distribution, FrozenTrial, Sampler, StudyView } from '../types';

/** Settings for {@link RandomSampler}. */
export interface RandomSamplerOptions {
  /**
   * Seed (a non-negative safe integer). Default: a fresh random seed per sampler, so
   * unseeded studies differ from run to run.
   */
  readonly seed?: number;
}

/** A random seed for unseeded samplers, drawn when the sampler is built (never at import). */
export function freshSeed(): number {
  const words = new Uint32Array(2);
  globalThis.crypto.getRandomValues(words);
  return ((words[0] as number) & 0x1fffff) * 2 ** 32 + (words[1] as number);
}

/**
 * One uniform draw from `distribution` in the internal representation: uniform for a
 * continuous float, log-uniform for `log`, a uniform point of the step grid for `step`
 * (and for ints), a uniform index for a categorical. A log int is drawn log-uniformly over
 * `[low - 0.5, high + 0.5]` and rounded, as Optuna's search-space transform does.
 */
export function sampleUniformInternal(rng: Rng, distribution: Distribution): number {
  if (distribution.kind === 'categorical') {
    return rng.int(0, distribution.choices.length - 1);
  }
  const { low, high } = distribution;
  if (distribution.kind === 'int' && distribution.log) {
    const logLow = Math.log(low - 0.5);
    const logHigh = Math.log(high + 0.5);
    const value = Math.round(Math.exp(logLow + rng.float() * (logHigh - logLow)));
    return Math.min(Math.max(value, low), high);
  }
  const step = distribution.step;
  if (step !== null) {
    const points = Math.floor((high - low) / step + 1e-8);
    return Math.min(low + rng.int(0, points) * step, high);
  }
  if (distribution.log) {
    const logLow = Math.log(low);
    const value = Math.exp(logLow + rng.float() * (Math.log(high) - logLow));
    return Math.min(Math.max(value, low), high);
  }
  return Math.min(low + rng.float() * (high - low), high);
}

/**
 * Samples every parameter independently and uniformly (see {@link sampleUniformInternal}).
 *
 * Reproducibility: a value depends only on the seed, the trial number and the parameter
 * name: each draw comes from the stream `createRng(seed).fork(trialNumber).fork(name)`.
 * So a seeded study gives the same parameters whatever the concurrency, the order in
 * which trials were scheduled or the order in which a trial suggests its parameters.
 */
export class RandomSampler implements Sampler {
  #root: Rng;

  constructor(options: RandomSamplerOptions = {}) {
    this.#root = createRng(options.seed ?? freshSeed());
  }

  /** Always empty: every parameter is sampled independently. */
  inferRelativeSearchSpace(): Record<string, Distribution> {
    return {};
  }

  /** Always empty: every parameter is sampled independently. */
  sampleRelative(): Record<string, number> {
    return {};
  }

  /** A uniform value (internal representation) for `name` in `trial`. */
  sampleIndependent(
    _study: StudyView,
    trial: FrozenTrial,
    name: string,
    distribution: Distribution,
  ): number {
    return sampleUniformInternal(this.#root.fork(trial.number).fork(name), distribution);
  }

  /** Replaces the seed; later draws come from the new seed's streams. */
  reseed(seed: number): void {
    this.#root = createRng(seed);
  }
}
