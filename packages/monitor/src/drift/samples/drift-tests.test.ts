import { InvalidArgumentError } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../../../test/support/golden';
import { dataset, pairLabel, samplesGolden } from '../__fixtures__/samples-fixture';
import {
  cramerVonMisesTwoSample,
  empiricalMmdDriftTest,
  ksDriftTest,
  sampleDriftTests,
} from './index';

interface EvidentlyTest {
  name: string;
  displayName: string;
  defaultThreshold: number;
}

interface EvidentlyCase {
  test: string;
  reference: string;
  current: string;
  threshold: number;
  score?: number;
  drift?: boolean;
  error?: string;
}

const evidently = samplesGolden.evidently as { tests: EvidentlyTest[]; cases: EvidentlyCase[] };
const byName = new Map(sampleDriftTests.map((test) => [test.name, test]));

/** How closely each score can follow Evidently's (see the function tests for why). */
const tolerances: Record<string, Parameters<typeof expectClose>[2]> = {
  ks: { rtol: 1e-9, tail: true },
  wasserstein: {},
  ed: {},
  anderson: { atol: 1e-14 },
  cramer_von_mises: { atol: 1e-14 },
  mannw: { tail: true },
  t_test: { tail: true },
  es: { rtol: 1e-10 },
};

/**
 * Evidently's vendored exact Cramér–von Mises p-value (both samples ≤ 20 values) sizes its
 * count table with `np.min_scalar_type` of a float, so the counts are float16/uint16 and
 * round or overflow (on numpy 2 it often raises instead). Those cases follow scipy.
 */
function usesEvidentlyExactCvm(c: EvidentlyCase): boolean {
  return (
    c.test === 'cramer_von_mises' &&
    Math.max(dataset(c.reference).length, dataset(c.current).length) <= 20
  );
}

function evaluate(c: EvidentlyCase) {
  const test = byName.get(c.test);
  if (test === undefined) throw new Error(`no drift test ${c.test}`);
  return test.evaluate(dataset(c.reference), dataset(c.current), { columnType: 'num' });
}

describe('sample drift tests match Evidently 0.7 stattests (golden)', () => {
  it('have Evidently names, display names and default thresholds', () => {
    for (const test of sampleDriftTests) {
      const peer = evidently.tests.find((candidate) => candidate.name === test.name);
      expect(peer, test.name).toBeDefined();
      expect(test.displayName).toBe(peer?.displayName);
      expect(test.defaultThreshold).toBe(peer?.defaultThreshold);
      expect(test.columnTypes).toEqual(['num']);
    }
  });

  const computed = evidently.cases.filter(
    (c) =>
      c.error === undefined &&
      !Number.isNaN(c.score) &&
      !usesEvidentlyExactCvm(c) &&
      !(c.test === 'es' && c.reference === 'constant-10'),
  );
  it.each(computed.map((c) => [`${c.test} ${pairLabel(c.reference, c.current)}`, c] as const))(
    '%s',
    (_label, c) => {
      const result = evaluate(c);
      expect(result.method).toBe(c.test);
      expect(result.threshold).toBe(c.threshold);
      expectClose(result.score, c.score as number, { ...tolerances[c.test], label: 'score' });
      expect(result.drift).toBe(c.drift);
    },
  );

  it('throw where Evidently raises for lack of data or variation', () => {
    const raising = evidently.cases.filter(
      (c) => c.error !== undefined && !c.error.includes('Cannot cast'),
    );
    expect(raising.map((c) => c.test).sort()).toEqual([
      'anderson',
      'anderson',
      'cramer_von_mises',
      'cramer_von_mises',
      'es',
    ]);
    expect(raising.length).toBeGreaterThan(0);
    for (const c of raising) expect(() => evaluate(c), c.test).toThrowError(InvalidArgumentError);
  });

  it('cramer_von_mises follows scipy where Evidently’s vendored exact p-value is wrong or fails', () => {
    const broken = evidently.cases.filter(
      (c) => usesEvidentlyExactCvm(c) && !c.error?.includes('at least two'),
    );
    expect(broken.length).toBeGreaterThan(5);
    for (const c of broken) {
      const { pValue } = cramerVonMisesTwoSample(dataset(c.reference), dataset(c.current));
      const result = evaluate(c);
      expect(result.score).toBe(pValue);
      expect(result.drift).toBe(pValue <= 0.1);
    }
  });

  it('t_test: where Evidently scores NaN (no drift), equal constant samples score p = 1, no drift', () => {
    const nan = evidently.cases.filter((c) => c.test === 't_test' && Number.isNaN(c.score));
    expect(nan.map((c) => c.reference)).toEqual(['single-a', 'constant-10']);
    expect(() => evaluate(nan[0] as EvidentlyCase)).toThrowError(InvalidArgumentError);
    const constant = evaluate(nan[1] as EvidentlyCase);
    expect(constant.score).toBe(1);
    expect(constant.drift).toBe(nan[1]?.drift);
  });
});

describe('es where Evidently scores NaN', () => {
  it('throws for samples under five values instead of reporting no drift', () => {
    const nan = evidently.cases.filter((c) => c.test === 'es' && Number.isNaN(c.score));
    expect(nan.length).toBe(4);
    for (const c of nan) {
      expect(c.drift).toBe(false);
      expect(() => evaluate(c)).toThrowError(InvalidArgumentError);
    }
  });

  it('flags two different constant samples, as Evidently does', () => {
    const c = evidently.cases.find((x) => x.test === 'es' && x.current === 'constant-other-7');
    expect(c?.drift).toBe(true);
    expect(evaluate(c as EvidentlyCase).drift).toBe(true);
  });
});

describe('sample drift tests: options', () => {
  it('apply a custom threshold with the Evidently rule (ks: p ≤ threshold)', () => {
    const reference = [1, 2, 3, 4, 5];
    const current = [3, 4, 5, 6, 7];
    const { score } = ksDriftTest.evaluate(reference, current, { columnType: 'num' });
    const atScore = ksDriftTest.evaluate(reference, current, {
      columnType: 'num',
      threshold: score,
    });
    expect(atScore.drift).toBe(true);
    expect(atScore.statistic).toBe(0.4);
  });

  it('reject categorical columns, non-numeric values and a NaN threshold', () => {
    expect(() => ksDriftTest.evaluate([1, 2], [3], { columnType: 'cat' })).toThrowError(
      /numerical/,
    );
    expect(() => ksDriftTest.evaluate(['a', 'b'], ['c'], { columnType: 'num' })).toThrowError(
      InvalidArgumentError,
    );
    expect(() =>
      ksDriftTest.evaluate([1, 2], [3], { columnType: 'num', threshold: Number.NaN }),
    ).toThrowError(/threshold/);
  });

  it('empirical_mmd is reproducible (seed 0)', () => {
    const reference = dataset('normal-200');
    const current = dataset('normal-150-shifted');
    const first = empiricalMmdDriftTest.evaluate(reference, current, { columnType: 'num' });
    expect(empiricalMmdDriftTest.evaluate(reference, current, { columnType: 'num' })).toEqual(
      first,
    );
    expect(first.drift).toBe(first.score < 0.1);
  });
});
