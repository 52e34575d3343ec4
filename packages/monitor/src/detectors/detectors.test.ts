import { InvalidArgumentError } from '@dagnostics/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AnyDriftDetectorSnapshot,
  createAdwin,
  createDdm,
  createEddm,
  createHddmA,
  createHddmW,
  createKswin,
  createPageHinkley,
  type DriftDetector,
  restoreDriftDetector,
} from './index';

/** Each detector with settings that make drifts and warnings frequent in short streams. */
const factories: Record<string, { create: () => DriftDetector; binary: boolean }> = {
  adwin: { create: () => createAdwin({ clock: 4, delta: 0.2 }), binary: false },
  ddm: { create: () => createDdm({ warmStart: 5 }), binary: true },
  eddm: { create: () => createEddm({ warmStart: 3, alpha: 0.9, beta: 0.8 }), binary: true },
  'page-hinkley': {
    create: () => createPageHinkley({ minInstances: 5, threshold: 3 }),
    binary: false,
  },
  kswin: { create: () => createKswin({ windowSize: 20, statSize: 6, alpha: 0.1 }), binary: false },
  'hddm-a': { create: () => createHddmA({ twoSidedTest: true }), binary: true },
  'hddm-w': { create: () => createHddmW({ twoSidedTest: true, lambda: 0.3 }), binary: true },
};

/** JSON keeps no sign of zero, the only thing a round trip may change (and nothing reads it). */
function asJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

function streamArbitrary(binary: boolean) {
  return binary
    ? fc.array(fc.boolean(), { minLength: 1, maxLength: 300 })
    : fc.array(
        fc.oneof(fc.double({ min: -100, max: 100, noNaN: true }), fc.integer({ min: -3, max: 3 })),
        { minLength: 1, maxLength: 300 },
      );
}

describe.each(Object.entries(factories))('%s', (kind, { create, binary }) => {
  it('returns itself from update() and reports its kind', () => {
    const detector = create();
    expect(detector.kind).toBe(kind);
    expect(detector.update(1)).toBe(detector);
  });

  it('resumes exactly from a JSON round trip of its snapshot', () => {
    fc.assert(
      fc.property(streamArbitrary(binary), fc.nat(), (stream, cut) => {
        const split = cut % stream.length;
        const original = create();
        for (const value of stream.slice(0, split)) original.update(value as number);
        const snapshot = JSON.parse(
          JSON.stringify(original.snapshot()),
        ) as AnyDriftDetectorSnapshot;
        const restored = restoreDriftDetector(snapshot);
        expect(asJson(restored.snapshot())).toEqual(asJson(original.snapshot()));
        for (const value of stream.slice(split)) {
          original.update(value as number);
          restored.update(value as number);
          expect(restored.driftDetected).toBe(original.driftDetected);
          expect(restored.warningDetected).toBe(original.warningDetected);
        }
        expect(asJson(restored.snapshot())).toEqual(asJson(original.snapshot()));
      }),
      { numRuns: 60 },
    );
  });

  it('forgets everything on reset()', () => {
    const fresh = create().snapshot();
    const detector = create();
    for (let i = 0; i < 200; i++) detector.update(i % 3 === 0 ? 1 : 0);
    detector.reset();
    const { random: _freshRandom, ...freshState } = fresh.state as Record<string, unknown>;
    const { random: _random, ...state } = detector.snapshot().state as Record<string, unknown>;
    expect(state).toEqual(freshState);
  });

  it('never reports a drift on two consecutive updates (it restarts after one)', () => {
    fc.assert(
      fc.property(streamArbitrary(binary), (stream) => {
        const detector = create();
        let previous = false;
        for (const value of stream) {
          const drift = detector.update(value as number).driftDetected;
          expect(previous && drift).toBe(false);
          previous = drift;
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('restoreDriftDetector', () => {
  it('rejects unknown kinds and versions with InvalidArgumentError', () => {
    const snapshot = createDdm().snapshot();
    for (const bad of [{ ...snapshot, kind: 'cusum' }, { ...snapshot, version: 2 }, null]) {
      let error: unknown;
      try {
        restoreDriftDetector(bad as unknown as AnyDriftDetectorSnapshot);
      } catch (caught) {
        error = caught;
      }
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      expect((error as InvalidArgumentError).argument).toBe('snapshot');
    }
  });

  it('re-validates the options of a snapshot', () => {
    const snapshot = createAdwin().snapshot();
    expect(() =>
      restoreDriftDetector({ ...snapshot, options: { ...snapshot.options, clock: 0 } }),
    ).toThrow(expect.objectContaining({ argument: 'clock' }));
  });
});
