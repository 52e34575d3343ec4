import { InvalidArgumentError, type Rng } from '@dagnostics/core';

/**
 * A numeric crossover for {@link NSGAIISampler}: makes one child from `nParents` parents in
 * the transformed space (log for log parameters, bounds widened by half a step for discrete
 * ones; see `NumericTransform`). Categorical parameters never reach it: they always use
 * uniform swapping with the sampler's `swappingProb`.
 */
export interface Crossover {
  /** How many parents one child needs. */
  readonly nParents: number;
  /**
   * The child's transformed values. `parents[i][d]` is parent i's value in dimension d;
   * `bounds[d]` the dimension's transformed `[low, high]`; `multiObjective` tells whether
   * the study has several objectives (SBX's default `eta` depends on it).
   */
  crossover(
    parents: readonly Float64Array[],
    rng: Rng,
    bounds: readonly (readonly [number, number])[],
    multiObjective: boolean,
  ): Float64Array;
}

function checkProbability(argument: string, value: number, openAtZero = false): void {
  const ok = openAtZero ? value > 0 && value <= 1 : value >= 0 && value <= 1;
  if (!(typeof value === 'number' && ok)) {
    throw new InvalidArgumentError({
      argument,
      message: `${argument} must be a number in ${openAtZero ? '(0, 1]' : '[0, 1]'}, got ${String(value)}.`,
    });
  }
}

/**
 * Uniform crossover (Syswerda 1989; Optuna's `UniformCrossover`, the default): each
 * dimension comes from the second parent with probability `swappingProb`, else from the
 * first.
 */
export class UniformCrossover implements Crossover {
  readonly nParents = 2;
  readonly swappingProb: number;

  /** Throws `InvalidArgumentError` unless 0 <= `swappingProb` <= 1 (default 0.5). */
  constructor(swappingProb = 0.5) {
    checkProbability('swappingProb', swappingProb);
    this.swappingProb = swappingProb;
  }

  crossover(parents: readonly Float64Array[], rng: Rng): Float64Array {
    const first = parents[0] as Float64Array;
    const second = parents[1] as Float64Array;
    return first.map((value, d) =>
      rng.float() >= this.swappingProb ? (second[d] as number) : value,
    );
  }
}

/** Settings for {@link SBXCrossover}. */
export interface SBXCrossoverOptions {
  /** Distribution index (>= 0). Default: 20 for multi-objective studies, 2 otherwise. */
  readonly eta?: number;
  /** Probability of exchanging the two candidate values of a dimension. Default 0.5. */
  readonly uniformCrossoverProb?: number;
  /** Probability (in (0, 1]) that a dimension takes an SBX value rather than a parent's. Default 0.5. */
  readonly useChildGeneProb?: number;
}

/**
 * Simulated binary crossover (Deb & Agrawal 1995; Optuna's `SBXCrossover`): two children
 * spread around the parents by a polynomial distribution bounded by the search space;
 * each dimension takes a child value with probability `useChildGeneProb` (else a parent
 * value), values are swapped between the two candidates with probability
 * `uniformCrossoverProb`, and one of the two candidates is returned at random.
 */
export class SBXCrossover implements Crossover {
  readonly nParents = 2;
  readonly eta: number | undefined;
  readonly uniformCrossoverProb: number;
  readonly useChildGeneProb: number;

  /** Throws `InvalidArgumentError` for a negative `eta` or a probability out of range. */
  constructor(options: SBXCrossoverOptions = {}) {
    if (options.eta !== undefined && !(options.eta >= 0)) {
      throw new InvalidArgumentError({
        argument: 'eta',
        message: `eta must be >= 0, got ${String(options.eta)}.`,
      });
    }
    this.eta = options.eta;
    this.uniformCrossoverProb = options.uniformCrossoverProb ?? 0.5;
    this.useChildGeneProb = options.useChildGeneProb ?? 0.5;
    checkProbability('uniformCrossoverProb', this.uniformCrossoverProb);
    checkProbability('useChildGeneProb', this.useChildGeneProb, true);
  }

  crossover(
    parents: readonly Float64Array[],
    rng: Rng,
    bounds: readonly (readonly [number, number])[],
    multiObjective: boolean,
  ): Float64Array {
    const eta = this.eta ?? (multiObjective ? 20 : 2);
    const exponent = 1 / (eta + 1);
    const first = parents[0] as Float64Array;
    const second = parents[1] as Float64Array;
    const n = bounds.length;
    const child1 = new Float64Array(n);
    const child2 = new Float64Array(n);
    const spread = (u: number, alpha: number) =>
      u > 1 / alpha ? (1 / (2 - u * alpha)) ** exponent : (u * alpha) ** exponent;
    const us = Array.from({ length: n }, () => rng.float());
    for (let d = 0; d < n; d++) {
      const [low, high] = bounds[d] as readonly [number, number];
      const x1 = first[d] as number;
      const x2 = second[d] as number;
      const xMin = Math.min(x1, x2);
      const xMax = Math.max(x1, x2);
      const diff = Math.max(xMax - xMin, 1e-10);
      const alpha1 = 2 - (1 + (2 * (xMin - low)) / diff) ** -(eta + 1);
      const alpha2 = 2 - (1 + (2 * (high - xMax)) / diff) ** -(eta + 1);
      const u = us[d] as number;
      const c1 = 0.5 * (xMin + xMax - spread(u, alpha1) * diff);
      const c2 = 0.5 * (xMin + xMax + spread(u, alpha2) * diff);
      const [a, b] = rng.float() < this.useChildGeneProb ? [c1, c2] : [x1, x2];
      const swap = rng.float() < this.uniformCrossoverProb;
      child1[d] = swap ? b : a;
      child2[d] = swap ? a : b;
    }
    return rng.float() < 0.5 ? child1 : child2;
  }
}

/**
 * Blend crossover BLX-α (Eshelman & Schaffer 1992; Optuna's `BLXAlphaCrossover`): each
 * dimension is uniform on the parents' interval widened by `alpha` times its length on
 * both sides.
 */
export class BLXAlphaCrossover implements Crossover {
  readonly nParents = 2;
  readonly alpha: number;

  /** Throws `InvalidArgumentError` for a negative or non-finite `alpha` (default 0.5). */
  constructor(alpha = 0.5) {
    if (!(Number.isFinite(alpha) && alpha >= 0)) {
      throw new InvalidArgumentError({
        argument: 'alpha',
        message: `alpha must be a finite number >= 0, got ${String(alpha)}.`,
      });
    }
    this.alpha = alpha;
  }

  crossover(parents: readonly Float64Array[], rng: Rng): Float64Array {
    const first = parents[0] as Float64Array;
    const second = parents[1] as Float64Array;
    return first.map((x1, d) => {
      const x2 = second[d] as number;
      const spread = this.alpha * Math.abs(x1 - x2);
      const low = Math.min(x1, x2) - spread;
      const high = Math.max(x1, x2) + spread;
      return low + rng.float() * (high - low);
    });
  }
}
