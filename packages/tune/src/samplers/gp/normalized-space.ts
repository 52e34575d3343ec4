import type { Rng } from '@dagnostics/core';
import { toInternal } from '../../distributions';
import type { CategoricalChoice, Distribution } from '../../types';
import { sobolPoints } from './sobol';

/** How one parameter maps to its GP coordinate. */
interface Dimension {
  readonly name: string;
  readonly distribution: Distribution;
  readonly categorical: boolean;
  readonly log: boolean;
  /** The distribution's own bounds (for ints and floats). */
  readonly low: number;
  readonly high: number;
  /** Grid step; 0 for a continuous float. */
  readonly step: number;
  /** The normalisation interval: [low − step/2, high + step/2], in log space for `log`. */
  readonly from: number;
  readonly to: number;
  /** Number of grid points (choices for a categorical); +∞ for a continuous float. */
  readonly gridSize: number;
}

function makeDimension(name: string, distribution: Distribution): Dimension {
  if (distribution.kind === 'categorical') {
    const size = distribution.choices.length;
    return {
      name,
      distribution,
      categorical: true,
      log: false,
      low: 0,
      high: size - 1,
      step: 1,
      from: 0,
      to: size,
      gridSize: size,
    };
  }
  const step = distribution.step ?? 0;
  let from = distribution.low - 0.5 * step;
  let to = distribution.high + 0.5 * step;
  if (distribution.log) {
    from = Math.log(from);
    to = Math.log(to);
  }
  return {
    name,
    distribution,
    categorical: false,
    log: distribution.log,
    low: distribution.low,
    high: distribution.high,
    step,
    from,
    to,
    gridSize:
      step > 0
        ? Math.floor((distribution.high - distribution.low) / step + 1e-8) + 1
        : Number.POSITIVE_INFINITY,
  };
}

/**
 * The search space as the GP sees it (Optuna's `_gp.search_space.SearchSpace`): every float
 * and int parameter mapped to [0, 1] — after a log for `log`, over `[low − step/2, high +
 * step/2]` for a stepped or int parameter, so each grid point owns an equal slice — and each
 * categorical parameter kept as its choice index, compared by Hamming distance.
 */
export class NormalizedSearchSpace {
  readonly names: readonly string[];
  readonly dim: number;
  readonly isCategorical: readonly boolean[];
  /** Indices of continuous floats (optimised by gradient). */
  readonly continuousIndices: readonly number[];
  /** Indices of stepped floats, ints and categoricals (optimised by grid search). */
  readonly discreteIndices: readonly number[];
  readonly #dimensions: readonly Dimension[];

  constructor(space: Readonly<Record<string, Distribution>>) {
    this.#dimensions = Object.entries(space).map(([name, distribution]) =>
      makeDimension(name, distribution),
    );
    this.names = this.#dimensions.map((dimension) => dimension.name);
    this.dim = this.#dimensions.length;
    this.isCategorical = this.#dimensions.map((dimension) => dimension.categorical);
    this.continuousIndices = this.#indices((dimension) => dimension.step === 0);
    this.discreteIndices = this.#indices((dimension) => dimension.step > 0);
  }

  #indices(predicate: (dimension: Dimension) => boolean): number[] {
    const out: number[] = [];
    this.#dimensions.forEach((dimension, index) => {
      if (predicate(dimension)) out.push(index);
    });
    return out;
  }

  #dimension(index: number): Dimension {
    return this.#dimensions[index] as Dimension;
  }

  /** The GP coordinate of an internal value (choice index for a categorical) of dimension `index`. */
  normalize(index: number, internal: number): number {
    const dimension = this.#dimension(index);
    if (dimension.categorical) return internal;
    if (dimension.to === dimension.from) return 0.5;
    const value = dimension.log ? Math.log(internal) : internal;
    return (value - dimension.from) / (dimension.to - dimension.from);
  }

  /** The coordinates of a trial's parameters (external representation, as `FrozenTrial.params`). */
  normalizeParams(params: Readonly<Record<string, number | CategoricalChoice>>): Float64Array {
    const row = new Float64Array(this.dim);
    this.#dimensions.forEach((dimension, index) => {
      const value = params[dimension.name];
      row[index] = this.normalize(
        index,
        toInternal(dimension.distribution, value as number | CategoricalChoice),
      );
    });
    return row;
  }

  /**
   * The internal value of coordinate `value` of dimension `index`: clipped into [low, high],
   * rounded for an int, snapped to the grid for a stepped float, the index for a categorical.
   */
  unnormalize(index: number, value: number): number {
    const dimension = this.#dimension(index);
    if (dimension.categorical) {
      return Math.min(Math.max(Math.round(value), 0), dimension.gridSize - 1);
    }
    let raw = value * (dimension.to - dimension.from) + dimension.from;
    if (dimension.log) raw = Math.exp(raw);
    raw = Math.min(Math.max(raw, dimension.low), dimension.high);
    if (dimension.distribution.kind === 'int') return Math.round(raw);
    if (dimension.step > 0) {
      const snapped =
        dimension.low + Math.round((raw - dimension.low) / dimension.step) * dimension.step;
      return Math.min(snapped, dimension.high);
    }
    return raw;
  }

  /** Internal values (choice indices for categoricals) of every parameter at `row`. */
  unnormalizeRow(row: ArrayLike<number>): Record<string, number> {
    const out: Record<string, number> = {};
    this.#dimensions.forEach((dimension, index) => {
      out[dimension.name] = this.unnormalize(index, row[index] as number);
    });
    return out;
  }

  /** Number of grid points of a discrete dimension (choices of a categorical). */
  gridSize(index: number): number {
    return this.#dimension(index).gridSize;
  }

  /** The coordinate of grid point `k` (0-based) of a discrete dimension. */
  gridPoint(index: number, k: number): number {
    const dimension = this.#dimension(index);
    if (dimension.categorical) return k;
    return this.normalize(index, dimension.low + k * dimension.step);
  }

  /** The grid point of a discrete dimension nearest to coordinate `value` (by grid index). */
  nearestGridIndex(index: number, value: number): number {
    const dimension = this.#dimension(index);
    if (dimension.categorical)
      return Math.min(Math.max(Math.round(value), 0), dimension.gridSize - 1);
    let raw = value * (dimension.to - dimension.from) + dimension.from;
    if (dimension.log) raw = Math.exp(raw);
    const k = Math.round((raw - dimension.low) / dimension.step);
    return Math.min(Math.max(k, 0), dimension.gridSize - 1);
  }

  /**
   * `count` quasi-random points, row-major `count`×`dim`, as Optuna's preliminary samples:
   * Sobol points with a random digital shift (see {@link sobolPoints}), with discrete
   * dimensions moved to the grid point whose slice holds them (so each grid point is equally
   * likely in normalised space) and categoricals mapped to `floor(u·choices)`.
   */
  sampleQuasiRandom(rng: Rng, count: number): Float64Array {
    const dim = this.dim;
    const out = sobolPoints(count, dim, rng);
    for (let d = 0; d < dim; d++) {
      const dimension = this.#dimension(d);
      if (dimension.step === 0) continue;
      for (let i = 0; i < count; i++) {
        const u = out[i * dim + d] as number;
        out[i * dim + d] = dimension.categorical
          ? Math.floor(u * dimension.gridSize)
          : this.gridPoint(d, this.#sliceIndex(dimension, u));
      }
    }
    return out;
  }

  /** Which grid point's slice of [0, 1] holds `u` (Optuna's floor-based rounding). */
  #sliceIndex(dimension: Dimension, u: number): number {
    let raw = u * (dimension.to - dimension.from) + dimension.from;
    if (dimension.log) raw = Math.exp(raw);
    const k = Math.floor((raw - dimension.low + 0.5 * dimension.step) / dimension.step);
    return Math.min(Math.max(k, 0), dimension.gridSize - 1);
  }
}
