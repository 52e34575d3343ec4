import { createRng } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import { readGpGolden } from './golden.test-support';
import { MAX_SOBOL_DIMENSION, sobolPoints } from './sobol';

const golden = readGpGolden<{ dim: number; count: number; numerators: number[] }>('sobol.json');

describe('sobolPoints', () => {
  it('reproduces scipy qmc.Sobol(scramble=False) in 32 dimensions', () => {
    expect(MAX_SOBOL_DIMENSION).toBe(golden.dim);
    const expected = golden.numerators.map((numerator) => numerator / golden.count);
    expect(Array.from(sobolPoints(golden.count, golden.dim))).toEqual(expected);
  });

  it('keeps every dimension balanced after the random digital shift', () => {
    // Any 2^k consecutive-from-0 points of a (shifted) Sobol sequence put one point in each
    // of the 2^k dyadic intervals of every single dimension.
    const points = sobolPoints(64, 5, createRng(1));
    for (let d = 0; d < 5; d++) {
      const cells = new Set<number>();
      for (let i = 0; i < 64; i++) cells.add(Math.floor((points[i * 5 + d] as number) * 64));
      expect(cells.size).toBe(64);
    }
    expect(points[0]).not.toBe(0);
  });

  it('fills dimensions past the table with uniform draws, and only with a generator', () => {
    const points = sobolPoints(8, MAX_SOBOL_DIMENSION + 2, createRng(2));
    for (const value of points) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
    expect(() => sobolPoints(8, MAX_SOBOL_DIMENSION + 1)).toThrow(RangeError);
  });
});
