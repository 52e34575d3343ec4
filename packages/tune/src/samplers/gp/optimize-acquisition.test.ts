import { createRng } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import type { Distribution } from '../../types';
import { GaussianProcess } from './gaussian-process';
import { LogExpectedImprovement } from './log-ei';
import { NormalizedSearchSpace } from './normalized-space';
import { optimizeAcquisition } from './optimize-acquisition';

/** A GP whose posterior mean peaks near `peak` (one observation well above the rest). */
function peakedAcquisition(space: NormalizedSearchSpace, peak: number[]) {
  const rng = createRng(11);
  const n = 12;
  const x = new Float64Array(n * space.dim);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < space.dim; d++) {
      x[i * space.dim + d] =
        i === 0 ? (peak[d] as number) : space.isCategorical[d] ? rng.int(0, 2) : rng.float();
    }
    y[i] = i === 0 ? 2 : -0.5;
  }
  const gp = new GaussianProcess(
    { x, y, n, dim: space.dim, isCategorical: space.isCategorical },
    {
      inverseSquaredLengthscales: new Float64Array(space.dim).fill(20),
      kernelScale: 1,
      noiseVariance: 1e-6,
    },
  );
  // A threshold above every observation makes the peak's neighbourhood the most promising.
  return new LogExpectedImprovement(gp, 2.5);
}

describe('optimizeAcquisition', () => {
  it('beats every preliminary sample by local search on a continuous space', () => {
    const space = new NormalizedSearchSpace({
      a: { kind: 'float', low: 0, high: 1, log: false, step: null },
      b: { kind: 'float', low: 0, high: 1, log: false, step: null },
    });
    const acquisition = peakedAcquisition(space, [0.42, 0.58]);
    const samples = space.sampleQuasiRandom(createRng(5), 2048);
    let bestSample = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < 2048; i++)
      bestSample = Math.max(bestSample, acquisition.value(samples, i * 2));
    const { point, value } = optimizeAcquisition(acquisition, space, createRng(5), []);
    expect(value).toBeGreaterThan(bestSample);
    expect(value).toBeCloseTo(acquisition.value(point), 12);
    // Moving a little in any direction does not improve it: a local maximum.
    for (const [da, db] of [
      [1e-3, 0],
      [-1e-3, 0],
      [0, 1e-3],
      [0, -1e-3],
    ]) {
      const moved = [(point[0] as number) + (da as number), (point[1] as number) + (db as number)];
      expect(acquisition.value(moved)).toBeLessThanOrEqual(value + 1e-9);
    }
  });

  it('returns grid points for int, stepped and categorical dimensions and searches long grids', () => {
    const distributions: Record<string, Distribution> = {
      wide: { kind: 'int', low: 0, high: 1000, log: false, step: 1 },
      stepped: { kind: 'float', low: 0, high: 1, log: false, step: 0.1 },
      category: { kind: 'categorical', choices: ['a', 'b', 'c'] },
    };
    const space = new NormalizedSearchSpace(distributions);
    const acquisition = peakedAcquisition(space, [
      space.gridPoint(0, 731),
      space.gridPoint(1, 3),
      2,
    ]);
    const { point, value } = optimizeAcquisition(acquisition, space, createRng(9), [], {
      preliminarySamples: 64,
    });
    for (const index of space.discreteIndices) {
      expect(point[index]).toBe(
        space.gridPoint(index, space.nearestGridIndex(index, point[index] as number)),
      );
    }
    // A coordinate-wise maximum: no other choice of one dimension, and no neighbour on the
    // long grid, is better.
    const probe = Float64Array.from(point);
    const valueWith = (index: number, k: number): number => {
      probe.set(point);
      probe[index] = space.gridPoint(index, k);
      return acquisition.value(probe);
    };
    const wideIndex = space.nearestGridIndex(0, point[0] as number);
    for (const k of [wideIndex - 1, wideIndex + 1])
      expect(valueWith(0, k)).toBeLessThanOrEqual(value);
    for (let k = 0; k < 11; k++) expect(valueWith(1, k)).toBeLessThanOrEqual(value);
    for (let k = 0; k < 3; k++) expect(valueWith(2, k)).toBeLessThanOrEqual(value);
    // And close to the exhaustive maximum over all 1001 × 11 × 3 grid points.
    let exhaustive = Number.NEGATIVE_INFINITY;
    const grid = new Float64Array(3);
    for (let a = 0; a <= 1000; a++) {
      for (let b = 0; b <= 10; b++) {
        for (let c = 0; c < 3; c++) {
          grid[0] = space.gridPoint(0, a);
          grid[1] = space.gridPoint(1, b);
          grid[2] = c;
          exhaustive = Math.max(exhaustive, acquisition.value(grid));
        }
      }
    }
    expect(value).toBeGreaterThan(exhaustive - 0.05);
  });

  it('uses the warm start when it is the best place to search from', () => {
    const space = new NormalizedSearchSpace({
      a: { kind: 'float', low: 0, high: 1, log: false, step: null },
    });
    const acquisition = peakedAcquisition(space, [0.9137]);
    const withWarmStart = optimizeAcquisition(
      acquisition,
      space,
      createRng(1),
      [Float64Array.from([0.9137])],
      {
        preliminarySamples: 4,
      },
    );
    const withoutWarmStart = optimizeAcquisition(acquisition, space, createRng(1), [], {
      preliminarySamples: 4,
    });
    expect(withWarmStart.value).toBeGreaterThanOrEqual(withoutWarmStart.value - 1e-12);
    expect(Math.abs((withWarmStart.point[0] as number) - 0.9137)).toBeLessThan(0.2);
  });

  it('is deterministic for a given generator state', () => {
    const space = new NormalizedSearchSpace({
      a: { kind: 'float', low: 0, high: 1, log: false, step: null },
      b: { kind: 'int', low: 1, high: 100, log: true, step: 1 },
    });
    const acquisition = peakedAcquisition(space, [0.3, 0.7]);
    const first = optimizeAcquisition(acquisition, space, createRng(4), []);
    const second = optimizeAcquisition(acquisition, space, createRng(4), []);
    expect(Array.from(first.point)).toEqual(Array.from(second.point));
  });
});
