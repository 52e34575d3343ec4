import { describe, expect, it } from 'vitest';
import { expectMatchesRiver, flagsAndState, golden, optionsOf } from './__fixtures__/golden-cases';
import { createPageHinkley, type PageHinkleyMode } from './index';

describe('PageHinkley matches river 0.26.1 (golden)', () => {
  it.each(golden.pageHinkley.map((testCase) => [testCase.name, testCase] as const))(
    '%s',
    (_name, testCase) => {
      expectMatchesRiver(createPageHinkley(optionsOf(testCase)), testCase, flagsAndState);
    },
  );

  it("reproduces river's doctest: drift at index 1006", () => {
    const testCase = golden.pageHinkley.find((candidate) => candidate.name === 'river-doctest');
    expect(testCase?.drifts).toEqual([1006]);
  });
});

describe('PageHinkley behaviour', () => {
  it('has river defaults', () => {
    expect(createPageHinkley().options).toEqual({
      minInstances: 30,
      delta: 0.005,
      threshold: 50,
      alpha: 1 - 0.0001,
      mode: 'both',
    });
  });

  it.each([
    ['up', 5, true],
    ['up', -5, false],
    ['down', -5, true],
    ['down', 5, false],
    ['both', 5, true],
    ['both', -5, true],
  ] as const)('mode %s with a step of %d: drift %s', (mode, step, expected) => {
    const detector = createPageHinkley({ mode: mode as PageHinkleyMode, threshold: 10 });
    let drift = false;
    for (let i = 0; i < 300; i++) {
      detector.update(i < 100 ? 0 : step);
      drift ||= detector.driftDetected;
    }
    expect(drift).toBe(expected);
  });

  it.each([
    ['mode', { mode: 'sideways' as PageHinkleyMode }],
    ['alpha', { alpha: 1.5 }],
    ['threshold', { threshold: -1 }],
    ['delta', { delta: Number.POSITIVE_INFINITY }],
    ['minInstances', { minInstances: -2 }],
  ])('rejects an invalid %s', (argument, options) => {
    expect(() => createPageHinkley(options)).toThrow(expect.objectContaining({ argument }));
  });

  it('rejects infinite input', () => {
    expect(() => createPageHinkley().update(Number.NEGATIVE_INFINITY)).toThrow(
      /^PageHinkley\.update\(x\)/,
    );
  });
});
