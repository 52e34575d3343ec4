import { describe, expect, it } from 'vitest';
import { expectMatchesRiver, flagsAndState, golden, optionsOf } from './__fixtures__/golden-cases';
import { createHddmA } from './index';

describe('HDDM_A matches river 0.26.1 (golden)', () => {
  it.each(golden.hddmA.map((testCase) => [testCase.name, testCase] as const))(
    '%s',
    (_name, testCase) => {
      expectMatchesRiver(createHddmA(optionsOf(testCase)), testCase, flagsAndState);
    },
  );

  it("reproduces river's doctest: first warning at 451, drift at 1206", () => {
    const testCase = golden.hddmA.find((c) => c.name === 'river-doctest-one-sided');
    expect(testCase?.drifts).toEqual([1206]);
    expect(testCase?.warningRuns[0]?.[0]).toBe(451);
  });
});

describe('HDDM_A behaviour', () => {
  it('has river defaults (one-sided)', () => {
    expect(createHddmA().options).toEqual({
      driftConfidence: 0.001,
      warningConfidence: 0.005,
      twoSidedTest: false,
    });
  });

  it('reports a falling error rate only when two-sided', () => {
    const oneSided = createHddmA();
    const twoSided = createHddmA({ twoSidedTest: true });
    let oneSidedDrift = false;
    let twoSidedDrift = false;
    for (let i = 0; i < 2000; i++) {
      const error = i < 1000 ? i % 2 === 0 : i % 20 === 0;
      oneSidedDrift ||= oneSided.update(error).driftDetected;
      twoSidedDrift ||= twoSided.update(error).driftDetected;
    }
    expect(oneSidedDrift).toBe(false);
    expect(twoSidedDrift).toBe(true);
  });

  it.each([
    ['driftConfidence', { driftConfidence: 0 }],
    ['warningConfidence', { warningConfidence: 1 }],
    ['twoSidedTest', { twoSidedTest: 'yes' as unknown as boolean }],
  ])('rejects an invalid %s', (argument, options) => {
    expect(() => createHddmA(options)).toThrow(expect.objectContaining({ argument }));
  });

  it('rejects input outside [0, 1]', () => {
    expect(() => createHddmA().update(1.5)).toThrow(/^HDDM_A\.update\(x\)/);
  });
});
