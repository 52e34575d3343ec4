import { describe, expect, it } from 'vitest';
import { expectMatchesRiver, flagsAndState, golden, optionsOf } from './__fixtures__/golden-cases';
import { createHddmW } from './index';

describe('HDDM_W matches river 0.26.1 (golden)', () => {
  it.each(golden.hddmW.map((testCase) => [testCase.name, testCase] as const))(
    '%s',
    (_name, testCase) => {
      expectMatchesRiver(createHddmW(optionsOf(testCase)), testCase, flagsAndState);
    },
  );

  it("reproduces river's doctest: first warning at 451, drift at 1077", () => {
    const testCase = golden.hddmW.find((c) => c.name === 'river-doctest-one-sided');
    expect(testCase?.drifts).toEqual([1077]);
    expect(testCase?.warningRuns[0]?.[0]).toBe(451);
  });
});

describe('HDDM_W behaviour', () => {
  it('has river defaults (one-sided)', () => {
    expect(createHddmW().options).toEqual({
      driftConfidence: 0.001,
      warningConfidence: 0.005,
      lambda: 0.05,
      twoSidedTest: false,
    });
  });

  it('initialises the EWMA with the first value even when it is 0', () => {
    const detector = createHddmW({ lambda: 0.5 });
    detector.update(0).update(1);
    expect(detector.estimation).toBe(0.5);
  });

  it.each([
    ['lambda', { lambda: 1.1 }],
    ['driftConfidence', { driftConfidence: 1 }],
    ['warningConfidence', { warningConfidence: Number.NaN }],
    ['twoSidedTest', { twoSidedTest: 1 as unknown as boolean }],
  ])('rejects an invalid %s', (argument, options) => {
    expect(() => createHddmW(options)).toThrow(expect.objectContaining({ argument }));
  });

  it('rejects NaN input', () => {
    expect(() => createHddmW().update(Number.NaN)).toThrow(/^HDDM_W\.update\(x\)/);
  });
});
