import { createRng } from '@dagnostics/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contains } from '../distributions';
import { createFrozenTrial } from '../trial/frozen-trial';
import type { Distribution, StudyView } from '../types';
import { RandomSampler, sampleUniformInternal } from './random';

const study: StudyView = { studyName: 's', directions: ['minimize'], trials: [] };

describe('sampleUniformInternal', () => {
  const distributions: Distribution[] = [
    { kind: 'float', low: -3, high: 7, log: false, step: null },
    { kind: 'float', low: 1e-5, high: 10, log: true, step: null },
    { kind: 'float', low: 0, high: 1, log: false, step: 0.25 },
    { kind: 'int', low: -4, high: 9, log: false, step: 3 },
    { kind: 'int', low: 1, high: 1000, log: true, step: 1 },
    { kind: 'categorical', choices: ['a', null, 3] },
  ];

  it('always lands inside the distribution', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 0, max: distributions.length - 1 }), (seed, i) => {
        const distribution = distributions[i] as Distribution;
        const value = sampleUniformInternal(createRng(seed), distribution);
        expect(contains(distribution, value)).toBe(true);
      }),
    );
  });

  it('reaches every grid point and both ends of a step grid', () => {
    const rng = createRng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i += 1) {
      seen.add(
        sampleUniformInternal(rng, { kind: 'float', low: 0, high: 1, log: false, step: 0.25 }),
      );
    }
    expect([...seen].sort()).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('is log-uniform for log floats (median near the geometric mean)', () => {
    const rng = createRng(2);
    const draws = Array.from({ length: 4001 }, () =>
      sampleUniformInternal(rng, { kind: 'float', low: 1e-4, high: 1, log: true, step: null }),
    ).sort((a, b) => a - b);
    expect(Math.log10(draws[2000] as number)).toBeCloseTo(-2, 0);
  });
});

describe('RandomSampler', () => {
  const distribution: Distribution = { kind: 'float', low: 0, high: 1, log: false, step: null };

  it('depends only on seed, trial number and parameter name', () => {
    const a = new RandomSampler({ seed: 7 });
    const b = new RandomSampler({ seed: 7 });
    const t3 = createFrozenTrial({ number: 3 });
    const t5 = createFrozenTrial({ number: 5 });
    const fromA = [
      a.sampleIndependent(study, t3, 'x', distribution),
      a.sampleIndependent(study, t5, 'x', distribution),
      a.sampleIndependent(study, t3, 'y', distribution),
    ];
    const fromB = [
      b.sampleIndependent(study, t3, 'y', distribution),
      b.sampleIndependent(study, t5, 'x', distribution),
      b.sampleIndependent(study, t3, 'x', distribution),
    ];
    expect(fromA).toEqual([fromB[2], fromB[1], fromB[0]]);
    expect(new Set(fromA).size).toBe(3);
  });

  it('differs between seeds and follows reseed', () => {
    const t = createFrozenTrial({ number: 0 });
    const a = new RandomSampler({ seed: 1 });
    const b = new RandomSampler({ seed: 2 });
    const first = a.sampleIndependent(study, t, 'x', distribution);
    expect(b.sampleIndependent(study, t, 'x', distribution)).not.toBe(first);
    b.reseed(1);
    expect(b.sampleIndependent(study, t, 'x', distribution)).toBe(first);
  });

  it('has no relative search space', () => {
    const sampler = new RandomSampler();
    const t = createFrozenTrial();
    expect(sampler.inferRelativeSearchSpace()).toEqual({});
    expect(sampler.sampleRelative()).toEqual({});
    expect(new RandomSampler().sampleIndependent(study, t, 'x', distribution)).not.toBe(
      sampler.sampleIndependent(study, t, 'x', distribution),
    );
  });
});
