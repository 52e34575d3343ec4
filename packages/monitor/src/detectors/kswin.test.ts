import { describe, expect, it } from 'vitest';
import { decodeValues, expectMatchesRiver, golden, optionsOf } from './__fixtures__/golden-cases';
import { createKswin, type Kswin } from './index';
import { PythonRandom } from './python-random';

function read(detector: Kswin): Record<string, unknown> {
  return {
    drift: detector.driftDetected,
    warning: detector.warningDetected,
    n: detector.n,
    pValue: detector.pValue,
    statistic: detector.statistic,
    windowLength: detector.windowLength,
  };
}

describe("CPython's random.Random(seed).sample, which KSWIN draws with (golden)", () => {
  it.each(golden.pythonRandom.map((testCase) => [testCase.seed, testCase] as const))(
    'seed %s',
    (_seed, testCase) => {
      expect(new PythonRandom(testCase.seed, 1).nextUint32()).toBe(testCase.nextUint32);
      const random = new PythonRandom(testCase.seed, testCase.n);
      const out = new Int32Array(testCase.k);
      for (const expected of testCase.samples) {
        random.sample(testCase.n, testCase.k, out);
        expect(Array.from(out)).toEqual(expected);
      }
    },
  );
});

describe('KSWIN matches river 0.26.1 for integer seeds (golden)', () => {
  it.each(golden.kswin.map((testCase) => [testCase.name, testCase] as const))(
    '%s',
    (_name, testCase) => {
      const options = optionsOf(testCase);
      if (testCase.window !== undefined) options.window = decodeValues(testCase.window);
      expectMatchesRiver(createKswin(options), testCase, read);
    },
  );

  it("reproduces river's doctest: drift at index 1016", () => {
    const testCase = golden.kswin.find((candidate) => candidate.name === 'river-doctest');
    expect(testCase?.drifts).toEqual([1016]);
  });
});

describe('KSWIN behaviour', () => {
  it('has river defaults', () => {
    expect(createKswin().options).toEqual({
      alpha: 0.005,
      windowSize: 100,
      statSize: 30,
      seed: undefined,
    });
  });

  it('does not test until the window is full', () => {
    const kswin = createKswin({ seed: 1 });
    for (let i = 0; i < 99; i++) kswin.update(i < 70 ? 0 : 100);
    expect(kswin.pValue).toBe(0);
    expect(kswin.driftDetected).toBe(false);
    kswin.update(100);
    expect(kswin.statistic).toBe(1);
    expect(kswin.driftDetected).toBe(true);
  });

  it('keeps only the recent part of the window on a drift, and empties it on the next update', () => {
    const kswin = createKswin({ seed: 3, windowSize: 40, statSize: 10 });
    let index = 0;
    while (!kswin.driftDetected) kswin.update(index++ < 40 ? 0 : 5);
    expect(kswin.windowLength).toBe(10);
    kswin.update(5);
    expect(kswin.windowLength).toBe(1);
    expect(kswin.n).toBe(1);
  });

  it('draws the same samples after a reset with a seed, as river re-seeds', () => {
    const values = Array.from({ length: 300 }, (_, i) => Math.sin(i * 1.7) * 3);
    const first = createKswin({ seed: 11 });
    const pValues = values.map((value) => first.update(value).pValue);
    first.reset();
    expect(values.map((value) => first.update(value).pValue)).toEqual(pValues);
  });

  it('without a seed still detects an obvious shift', () => {
    const kswin = createKswin();
    let drift = false;
    for (let i = 0; i < 400; i++)
      drift ||= kswin.update(i < 200 ? i % 7 : 50 + (i % 7)).driftDetected;
    expect(drift).toBe(true);
  });

  it.each([
    ['statSize', { statSize: 0 }],
    ['windowSize', { windowSize: 50, statSize: 30 }],
    ['alpha', { alpha: -0.1 }],
    ['seed', { seed: 1.5 }],
    ['window', { window: [1, Number.NaN] }],
  ])('rejects an invalid %s', (argument, options) => {
    expect(() => createKswin(options)).toThrow(expect.objectContaining({ argument }));
  });

  it('rejects NaN input', () => {
    expect(() => createKswin().update(Number.NaN)).toThrow(/^KSWIN\.update\(x\)/);
  });
});
