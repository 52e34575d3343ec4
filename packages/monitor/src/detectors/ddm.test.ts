import { InvalidArgumentError } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import { expectMatchesRiver, flagsAndState, golden, optionsOf } from './__fixtures__/golden-cases';
import { createDdm } from './index';

describe('DDM matches river 0.26.1 (golden)', () => {
  it.each(golden.ddm.map((testCase) => [testCase.name, testCase] as const))(
    '%s',
    (_name, testCase) => {
      expectMatchesRiver(createDdm(optionsOf(testCase)), testCase, flagsAndState);
    },
  );

  it("reproduces river's doctest: first warning at 1084, drift at 1334", () => {
    const testCase = golden.ddm.find((candidate) => candidate.name === 'river-doctest');
    expect(testCase?.drifts).toEqual([1334]);
    expect(testCase?.warningRuns[0]?.[0]).toBe(1084);
  });
});

describe('DDM behaviour', () => {
  it('has river defaults', () => {
    expect(createDdm().options).toEqual({ warmStart: 30, warningThreshold: 2, driftThreshold: 3 });
  });

  it('takes booleans as error indicators', () => {
    const fromBooleans = createDdm();
    const fromNumbers = createDdm();
    for (let i = 0; i < 500; i++) {
      const error = i % 7 === 0 || (i > 300 && i % 2 === 0);
      fromBooleans.update(error);
      fromNumbers.update(error ? 1 : 0);
      expect(fromBooleans.snapshot()).toEqual(fromNumbers.snapshot());
    }
  });

  it('does not warn or drift during the warm start', () => {
    const ddm = createDdm({ warmStart: 50 });
    for (let i = 0; i < 50; i++) {
      ddm.update(i < 25 ? 0 : 1);
      expect(ddm.warningDetected || ddm.driftDetected).toBe(false);
    }
    expect(ddm.snapshot().state.minimumSum).toBeNull();
  });

  it.each([
    ['warmStart', { warmStart: -1 }],
    ['warningThreshold', { warningThreshold: Number.NaN }],
    ['driftThreshold', { driftThreshold: -3 }],
  ])('rejects an invalid %s', (argument, options) => {
    expect(() => createDdm(options)).toThrow(expect.objectContaining({ argument }));
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, 2, -1])('rejects %s as input', (value) => {
    const ddm = createDdm();
    let error: unknown;
    try {
      ddm.update(value);
    } catch (caught) {
      error = caught;
    }
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/^DDM\.update\(x\): x must be 1\/true for an error/);
  });
});
