import { createRng } from '@dagnostics/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFrozenTrial } from '../../trial/frozen-trial';
import type { Distribution } from '../../types';
import { generateChild } from './child-generation';
import { BLXAlphaCrossover, SBXCrossover, UniformCrossover } from './crossover';
import { nextBelow } from './numeric-transform';

const p1 = Float64Array.from([0, 1, 2]);
const p2 = Float64Array.from([10, 11, 12]);

describe('crossovers', () => {
  it('uniform: swappingProb 0 copies the first parent, 1 the second, 0.5 mixes', () => {
    const rng = createRng(1);
    expect(Array.from(new UniformCrossover(0).crossover([p1, p2], rng))).toEqual([10, 11, 12]);
    expect(Array.from(new UniformCrossover(1).crossover([p1, p2], rng))).toEqual([0, 1, 2]);
    let fromFirst = 0;
    const half = new UniformCrossover(0.5);
    for (let i = 0; i < 2000; i++) {
      const child = half.crossover([p1, p2], rng);
      child.forEach((value, d) => {
        expect([p1[d], p2[d]]).toContain(value);
        if (value === p1[d]) fromFirst += 1;
      });
    }
    expect(fromFirst / 6000).toBeGreaterThan(0.46);
    expect(fromFirst / 6000).toBeLessThan(0.54);
  });

  it('BLX-α: uniform on the parents interval widened by α on both sides', () => {
    const rng = createRng(2);
    const blx = new BLXAlphaCrossover(0.5);
    let outside = 0;
    for (let i = 0; i < 2000; i++) {
      const child = blx.crossover([p1, p2], rng);
      child.forEach((value, d) => {
        expect(value).toBeGreaterThanOrEqual((p1[d] as number) - 5);
        expect(value).toBeLessThanOrEqual((p2[d] as number) + 5);
        if (value < (p1[d] as number) || value > (p2[d] as number)) outside += 1;
      });
    }
    // Half of the widened interval lies outside the parents' interval.
    expect(outside / 6000).toBeGreaterThan(0.45);
    expect(outside / 6000).toBeLessThan(0.55);
    for (const value of new BLXAlphaCrossover(0).crossover([p1, p2], rng)) {
      expect(value).toBeGreaterThanOrEqual(0);
    }
  });

  it('SBX: children stay inside the bounds and near the parents with a large eta', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 1000 }),
        fc.boolean(),
        (a, b, seed, multi) => {
          const child = new SBXCrossover().crossover(
            [Float64Array.of(a), Float64Array.of(b)],
            createRng(seed),
            [[-1, 1]],
            multi,
          );
          const value = child[0] as number;
          return value >= -1 - 1e-9 && value <= 1 + 1e-9;
        },
      ),
    );
    const rng = createRng(3);
    const tight = new SBXCrossover({ eta: 1000, useChildGeneProb: 1 });
    for (let i = 0; i < 200; i++) {
      const value = tight.crossover(
        [Float64Array.of(0.4), Float64Array.of(0.6)],
        rng,
        [[0, 1]],
        true,
      )[0] as number;
      expect(Math.abs(value - 0.4) < 0.01 || Math.abs(value - 0.6) < 0.01).toBe(true);
    }
  });

  it('nextBelow is the largest double under x', () => {
    expect(nextBelow(1)).toBe(1 - 2 ** -53);
    expect(nextBelow(-1)).toBe(-1 - 2 ** -52);
    expect(nextBelow(0)).toBe(-Number.MIN_VALUE);
    expect(nextBelow(10) < 10 && nextBelow(10) > 10 - 1e-14).toBe(true);
  });
});

describe('generateChild', () => {
  const space: Record<string, Distribution> = {
    a: { kind: 'float', low: 0, high: 1, log: false, step: null },
    b: { kind: 'float', low: 0, high: 1, log: false, step: null },
    c: { kind: 'int', low: 0, high: 9, log: false, step: 1 },
    d: { kind: 'categorical', choices: ['x', 'y', 'z'] },
  };
  const parents = [0, 1, 2, 3].map((i) =>
    createFrozenTrial({
      number: i,
      trialId: i,
      state: 'COMPLETE',
      values: [i, 3 - i],
      params: { a: i / 4, b: 1 - i / 4, c: i * 2, d: ['x', 'y', 'z'][i % 3] as string },
      distributions: space,
    }),
  );
  const settings = {
    crossover: new UniformCrossover(0.5),
    crossoverProb: 0.9,
    swappingProb: 0.5,
    mutationProb: undefined,
    directions: ['minimize', 'minimize'] as const,
  };

  it('drops each parameter with the default mutation probability 1 / n_params', () => {
    const root = createRng(4);
    let dropped = 0;
    const n = 4000;
    for (let i = 0; i < n; i++) {
      const child = generateChild(parents, space, settings, root.fork(i));
      dropped += 4 - Object.keys(child).length;
      for (const [name, value] of Object.entries(child)) {
        const internal = parents.map((parent) =>
          name === 'd' ? ['x', 'y', 'z'].indexOf(parent.params.d as string) : parent.params[name],
        );
        // Optuna keeps a continuous child strictly below `high` (1 becomes 1 − 2⁻⁵³).
        expect(internal.some((v) => Math.abs((v as number) - value) <= 1e-15)).toBe(true);
      }
    }
    expect(dropped / (4 * n)).toBeGreaterThan(0.23);
    expect(dropped / (4 * n)).toBeLessThan(0.27);
  });

  it('keeps everything with mutationProb 0 and copies one parent without crossover', () => {
    const root = createRng(5);
    for (let i = 0; i < 50; i++) {
      const child = generateChild(
        parents,
        space,
        { ...settings, crossoverProb: 0, mutationProb: 0 },
        root.fork(i),
      );
      const match = parents.some(
        (parent) =>
          child.a === parent.params.a &&
          child.b === parent.params.b &&
          child.c === parent.params.c &&
          child.d === ['x', 'y', 'z'].indexOf(parent.params.d as string),
      );
      expect(match).toBe(true);
    }
  });
});
