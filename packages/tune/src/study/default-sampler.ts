import { TPESampler } from '../samplers/tpe/tpe-sampler';
import type { Sampler } from '../types';

/** Settings for {@link createDefaultSampler}. */
export interface DefaultSamplerOptions {
  /** Seed of the sampler. Default: random. */
  readonly seed?: number;
}

/** The sampler `createStudy` uses when none is given: TPE with Optuna 5's defaults, as Optuna. */
export function createDefaultSampler(options: DefaultSamplerOptions = {}): Sampler {
  return new TPESampler(options.seed === undefined ? {} : { seed: options.seed });
}
