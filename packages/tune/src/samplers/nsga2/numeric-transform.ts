import type { FloatDistribution, IntDistribution } from '../../types';

/** A float or int distribution: the parameters numeric crossovers work on. */
export type NumericDistribution = FloatDistribution | IntDistribution;

/**
 * The space numeric crossovers work in (Optuna's `_SearchSpaceTransform` with log and step
 * transforms, no [0, 1] scaling): a log parameter is its logarithm; a stepped float or an
 * int has its bounds widened by half a step so the end points get a fair share.
 */
export class NumericTransform {
  readonly names: readonly string[];
  readonly distributions: readonly NumericDistribution[];
  /** `[low, high]` of each dimension in the transformed space. */
  readonly bounds: readonly (readonly [number, number])[];

  constructor(space: Readonly<Record<string, NumericDistribution>>) {
    this.names = Object.keys(space);
    this.distributions = this.names.map((name) => space[name] as NumericDistribution);
    this.bounds = this.distributions.map(transformedBounds);
  }

  /** The transformed point of `params` (numbers for every name). */
  transform(params: Readonly<Record<string, unknown>>): Float64Array {
    return Float64Array.from(this.names, (name, i) => {
      const distribution = this.distributions[i] as NumericDistribution;
      const value = params[name] as number;
      return distribution.log ? Math.log(value) : value;
    });
  }

  /** The parameter values of a transformed point, rounded to the grid and clipped as Optuna does. */
  untransform(point: ArrayLike<number>): Record<string, number> {
    const params: Record<string, number> = {};
    this.names.forEach((name, i) => {
      params[name] = untransformValue(
        point[i] as number,
        this.distributions[i] as NumericDistribution,
      );
    });
    return params;
  }
}

function transformedBounds(d: NumericDistribution): [number, number] {
  if (d.kind === 'float') {
    const low = d.log ? Math.log(d.low) : d.low;
    const high = d.log ? Math.log(d.high) : d.high;
    const half = d.step === null ? 0 : 0.5 * d.step;
    return [low - half, high + half];
  }
  const half = 0.5 * d.step;
  if (d.log) return [Math.log(d.low - half), Math.log(d.high + half)];
  return [d.low - half, d.high + half];
}

/** Round half to even, as numpy's `round` and Python's `round` do. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function clip(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

/** The largest double below `x` (numpy's `nextafter(x, x - 1)` for finite `x`). */
export function nextBelow(x: number): number {
  if (Number.isNaN(x) || x === Number.NEGATIVE_INFINITY) return x;
  if (x === 0) return -Number.MIN_VALUE;
  const buffer = new DataView(new ArrayBuffer(8));
  buffer.setFloat64(0, x);
  const bits = buffer.getBigUint64(0);
  buffer.setBigUint64(0, x > 0 ? bits - 1n : bits + 1n);
  return buffer.getFloat64(0);
}

function untransformValue(t: number, d: NumericDistribution): number {
  const single = d.low === d.high;
  if (d.kind === 'float') {
    if (d.log) {
      const value = Math.exp(t);
      return single ? value : clip(value, d.low, nextBelow(d.high));
    }
    if (d.step !== null) {
      return clip(roundHalfEven((t - d.low) / d.step) * d.step + d.low, d.low, d.high);
    }
    return single ? t : Math.min(t, nextBelow(d.high));
  }
  if (d.log) return clip(roundHalfEven(Math.exp(t)), d.low, d.high);
  const index = Math.floor((t - d.low) / d.step + 0.5);
  return clip(index * d.step + d.low, d.low, d.high);
}
