import { InvalidArgumentError } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import { expectMatchesRiver, golden, optionsOf } from './__fixtures__/golden-cases';
import { type Adwin, createAdwin } from './index';

function read(detector: Adwin): Record<string, unknown> {
  return {
    drift: detector.driftDetected,
    warning: detector.warningDetected,
    width: detector.width,
    total: detector.total,
    variance: detector.variance,
    estimation: detector.estimation,
    nDetections: detector.nDetections,
  };
}

describe('ADWIN matches river 0.26.1 (golden)', () => {
  it.each(golden.adwin.map((testCase) => [testCase.name, testCase] as const))(
    '%s',
    (_name, testCase) => {
      expectMatchesRiver(createAdwin(optionsOf(testCase)), testCase, read);
    },
  );

  it("reproduces river's doctest: drift at index 1023", () => {
    const testCase = golden.adwin.find((candidate) => candidate.name === 'river-doctest');
    expect(testCase?.drifts).toEqual([1023]);
  });
});

describe('ADWIN behaviour', () => {
  it('has river defaults', () => {
    expect(createAdwin().options).toEqual({
      delta: 0.002,
      clock: 32,
      maxBuckets: 5,
      minWindowLength: 5,
      gracePeriod: 10,
    });
  });

  it('tests for a cut only on clock ticks, and starts afresh after a drift', () => {
    const adwin = createAdwin({ clock: 10 });
    const flagged: number[] = [];
    for (let i = 0; i < 400; i++) {
      adwin.update(i < 200 ? 0 : 10);
      if (adwin.driftDetected) flagged.push(i);
    }
    expect(flagged.length).toBeGreaterThan(0);
    for (const index of flagged) expect((index + 1) % 10).toBe(0);
    const first = flagged[0] as number;
    const replay = createAdwin({ clock: 10 });
    for (let i = 0; i <= first; i++) replay.update(i < 200 ? 0 : 10);
    expect(replay.driftDetected).toBe(true);
    expect(replay.nDetections).toBe(1);
    replay.update(10);
    expect(replay.width).toBe(1);
    expect(replay.nDetections).toBe(0);
  });

  it('keeps width, total and estimation of every value while there is no drift', () => {
    const adwin = createAdwin();
    for (let i = 1; i <= 1000; i++) adwin.update(3);
    expect(adwin.width).toBe(1000);
    expect(adwin.total).toBe(3000);
    expect(adwin.estimation).toBe(3);
    expect(adwin.variance).toBe(0);
  });

  it.each([
    ['delta', { delta: 0 }],
    ['delta', { delta: 1 }],
    ['clock', { clock: 0 }],
    ['clock', { clock: 1.5 }],
    ['maxBuckets', { maxBuckets: 0 }],
    ['minWindowLength', { minWindowLength: 0 }],
    ['gracePeriod', { gracePeriod: -1 }],
  ])('rejects an invalid %s', (argument, options) => {
    const error = (() => {
      try {
        createAdwin(options);
      } catch (caught) {
        return caught;
      }
    })();
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe(argument);
    expect((error as Error).message).toContain('ADWIN');
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    'rejects %s as input and names the detector',
    (value) => {
      const adwin = createAdwin();
      expect(() => adwin.update(value)).toThrow(/ADWIN\.update\(x\).*finite/);
      expect(adwin.width).toBe(0);
    },
  );
});
