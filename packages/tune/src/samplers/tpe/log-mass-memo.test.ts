import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LogMassMemo } from './log-mass-memo';
import { logGaussMass } from './truncnorm';

describe('LogMassMemo', () => {
  it('returns exactly logGaussMass, through hits and slot collisions', () => {
    const memo = new LogMassMemo(2); // four slots: constant replacement
    const cell = fc.tuple(
      fc.double({ min: -5, max: 5, noNaN: true }),
      fc.double({ min: 0, max: 2, noNaN: true }),
      fc.double({ min: -5, max: 5, noNaN: true }),
      fc.double({ min: 1e-3, max: 3, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 30 }), (cells) => {
        for (const [left, width, mu, sigma] of [...cells, ...cells]) {
          const right = left + width;
          const expected = logGaussMass((left - mu) / sigma, (right - mu) / sigma);
          expect(Object.is(memo.logMass(left, right, mu, sigma), expected)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('tells −0 from +0 in its keys', () => {
    const memo = new LogMassMemo(0); // a single slot
    const a = memo.logMass(-1, 0, 0, 1);
    const b = memo.logMass(-1, -0, 0, 1);
    expect(Object.is(a, logGaussMass(-1, 0))).toBe(true);
    expect(Object.is(b, logGaussMass(-1, -0))).toBe(true);
  });
});
