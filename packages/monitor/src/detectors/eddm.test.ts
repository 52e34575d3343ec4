import { describe, expect, it } from 'vitest';
import { expectMatchesRiver, flagsAndState, golden, optionsOf } from './__fixtures__/golden-cases';
import { createEddm } from './index';

describe('EDDM matches river 0.26.1 (golden)', () => {
  it.each(golden.eddm.map((testCase) => [testCase.name, testCase] as const))(
    '%s',
    (_name, testCase) => {
      expectMatchesRiver(createEddm(optionsOf(testCase)), testCase, flagsAndState);
    },
  );

  it("reproduces river's doctest: first warning at 1059, drift at 1278", () => {
    const testCase = golden.eddm.find((candidate) => candidate.name === 'river-doctest');
    expect(testCase?.drifts).toEqual([1278]);
    expect(testCase?.warningRuns[0]?.[0]).toBe(1059);
  });
});

describe('EDDM behaviour', () => {
  it('has river defaults', () => {
    expect(createEddm().options).toEqual({ warmStart: 30, alpha: 0.95, beta: 0.9 });
  });

  it('counts only exactly 1 as an error', () => {
    const eddm = createEddm();
    eddm.update(0.9).update(true).update(1).update(0);
    expect(eddm.snapshot().state).toMatchObject({ n: 4, nErrors: 2, lastError: 3 });
  });

  it('rejects alpha below beta, as river does', () => {
    expect(() => createEddm({ alpha: 0.8, beta: 0.9 })).toThrow(
      expect.objectContaining({ argument: 'alpha' }),
    );
  });

  it.each([
    ['warmStart', { warmStart: 2.5 }],
    ['alpha', { alpha: 1.5 }],
    ['beta', { beta: -0.1 }],
  ])('rejects an invalid %s', (argument, options) => {
    expect(() => createEddm(options)).toThrow(expect.objectContaining({ argument }));
  });

  it('rejects NaN input', () => {
    expect(() => createEddm().update(Number.NaN)).toThrow(/^EDDM\.update\(x\)/);
  });
});
