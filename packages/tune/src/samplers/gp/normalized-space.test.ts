import { createRng } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import { contains } from '../../distributions';
import type { CategoricalChoice, Distribution } from '../../types';
import { readGpGolden } from './golden.test-support';
import { NormalizedSearchSpace } from './normalized-space';

interface NormalizationCases {
  space: Record<string, Distribution>;
  params: Record<string, number | CategoricalChoice>[];
  normalized: number[][];
  roundTrip: Record<string, number | CategoricalChoice>[];
  randomRows: number[][];
  randomUnnormalized: Record<string, number | CategoricalChoice>[];
  discreteIndices: number[];
  continuousIndices: number[];
  choices: number[][];
}

const golden = readGpGolden<NormalizationCases>('normalization.json');
const space = new NormalizedSearchSpace(golden.space);

function external(name: string, internal: number): number | CategoricalChoice {
  const distribution = golden.space[name] as Distribution;
  return distribution.kind === 'categorical'
    ? (distribution.choices[internal] as CategoricalChoice)
    : internal;
}

describe('NormalizedSearchSpace against Optuna 5 (optuna._gp.search_space)', () => {
  it('classifies dimensions as Optuna does', () => {
    expect(space.discreteIndices).toEqual(golden.discreteIndices);
    expect(space.continuousIndices).toEqual(golden.continuousIndices);
    expect(space.isCategorical).toEqual([false, false, false, false, false, true, false]);
  });

  it('normalises trial parameters (log, step, int, categorical)', () => {
    golden.params.forEach((params, i) => {
      const row = space.normalizeParams(params);
      (golden.normalized[i] as number[]).forEach((expected, d) => {
        expect(row[d]).toBeCloseTo(expected, 13);
      });
    });
  });

  it('maps normalised points back to the same values', () => {
    golden.normalized.forEach((row, i) => {
      const values = space.unnormalizeRow(row);
      for (const [name, expected] of Object.entries(golden.roundTrip[i] as object)) {
        const actual = external(name, values[name] as number);
        if (typeof expected === 'number') expect(actual as number).toBeCloseTo(expected, 10);
        else expect(actual).toBe(expected);
      }
    });
  });

  it('unnormalises arbitrary points (ints rounded, values clipped)', () => {
    golden.randomRows.forEach((row, i) => {
      const values = space.unnormalizeRow(row);
      for (const [name, expected] of Object.entries(golden.randomUnnormalized[i] as object)) {
        const distribution = golden.space[name] as Distribution;
        const actual = external(name, values[name] as number);
        if (distribution.kind === 'float' && distribution.step !== null) {
          // We snap stepped floats to the grid; Optuna leaves the raw value (off-grid).
          expect(Math.abs((actual as number) - (expected as number))).toBeLessThanOrEqual(
            distribution.step / 2 + 1e-12,
          );
          expect(contains(distribution, values[name] as number)).toBe(true);
        } else if (typeof expected === 'number') {
          expect(actual as number).toBeCloseTo(expected, 10);
        } else {
          expect(actual).toBe(expected);
        }
      }
    });
  });

  it('lists the grid points of discrete dimensions', () => {
    golden.discreteIndices.forEach((index, j) => {
      const choices = golden.choices[j] as number[];
      expect(space.gridSize(index)).toBe(choices.length);
      choices.forEach((expected, k) => {
        expect(space.gridPoint(index, k)).toBeCloseTo(expected, 13);
        expect(space.nearestGridIndex(index, expected)).toBe(k);
      });
    });
  });

  it('samples points whose discrete coordinates lie on the grid and decode inside the space', () => {
    const rows = space.sampleQuasiRandom(createRng(3), 200);
    for (let i = 0; i < 200; i++) {
      const row = rows.subarray(i * space.dim, (i + 1) * space.dim);
      for (const index of space.discreteIndices) {
        const k = space.nearestGridIndex(index, row[index] as number);
        expect(row[index]).toBeCloseTo(space.gridPoint(index, k), 12);
      }
      const values = space.unnormalizeRow(row);
      for (const [name, value] of Object.entries(values)) {
        expect(contains(golden.space[name] as Distribution, value)).toBe(true);
      }
    }
  });
});
