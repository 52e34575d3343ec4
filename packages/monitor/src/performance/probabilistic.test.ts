import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../../test/support/golden';
import { performanceGolden } from './__fixtures__/performance-fixture';
import {
  areaUnderCurve,
  calibrationCurve,
  expectedCalibrationError,
  logLoss,
  rocAucScore,
  rocCurve,
} from './index';

const golden = performanceGolden();

function expectAllClose(actual: number[], expected: number[], label: string): void {
  expect(actual.length, label).toBe(expected.length);
  actual.forEach((value, i) => {
    expectClose(value, expected[i] as number, { label: `${label}[${i}]` });
  });
}

describe('ROC curves and AUC match scikit-learn 1.9.1 (golden)', () => {
  it.each(golden.roc.binary.map((c) => [c.name, c] as const))('binary %s', (_name, testCase) => {
    expectClose(rocAucScore(testCase.yTrue, testCase.yScore), testCase.auc, { label: 'auc' });
    if (testCase.curves === undefined) return;
    const positiveLabel = testCase.positiveLabel ?? undefined;
    for (const [mode, expected] of Object.entries(testCase.curves)) {
      const curve = rocCurve(testCase.yTrue, testCase.yScore, {
        dropIntermediate: mode === 'drop',
        ...(positiveLabel === undefined ? {} : { positiveLabel }),
      });
      expectAllClose(curve.falsePositiveRate, expected.falsePositiveRate, `${mode} fpr`);
      expectAllClose(curve.truePositiveRate, expected.truePositiveRate, `${mode} tpr`);
      expect(curve.thresholds, `${mode} thresholds`).toEqual(expected.thresholds);
    }
  });

  it.each(golden.roc.multiclass.map((c) => [c.name, c] as const))(
    'one-vs-rest %s',
    (_name, testCase) => {
      for (const average of ['macro', 'weighted', 'micro'] as const) {
        const options =
          testCase.labels === null ? { average } : { average, labels: testCase.labels };
        expectClose(rocAucScore(testCase.yTrue, testCase.yScore, options), testCase.auc[average], {
          label: average,
        });
      }
    },
  );
});

describe('ROC AUC: behaviour', () => {
  it('counts tied positive and negative scores as one half', () => {
    expect(rocAucScore([0, 1], [0.5, 0.5])).toBe(0.5);
    expect(rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.4, 0.8])).toBe(0.875);
  });

  it('areaUnderCurve integrates either direction and rejects non-monotonic x', () => {
    expect(areaUnderCurve([0, 1, 2], [1, 1, 1])).toBe(2);
    expect(areaUnderCurve([2, 1, 0], [1, 1, 1])).toBe(2);
    expect(() => areaUnderCurve([0, 2, 1], [1, 1, 1])).toThrow(/monotonic/);
    expect(() => areaUnderCurve([0], [1])).toThrow(/2 points/);
  });

  it('equals the Mann–Whitney probability P(score⁺ > score⁻) + ½ P(tie) (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 5 })), { minLength: 2 }),
        (rows) => {
          const positives = rows.filter(([label]) => label).map(([, score]) => score);
          const negatives = rows.filter(([label]) => !label).map(([, score]) => score);
          fc.pre(positives.length > 0 && negatives.length > 0);
          let wins = 0;
          for (const p of positives)
            for (const n of negatives) wins += p > n ? 1 : p === n ? 0.5 : 0;
          const auc = rocAucScore(
            rows.map(([label]) => (label ? 1 : 0)),
            rows.map(([, score]) => score),
          );
          expect(auc).toBeCloseTo(wins / (positives.length * negatives.length), 12);
        },
      ),
    );
  });
});

describe('log loss matches scikit-learn 1.9.1 (golden)', () => {
  it.each(golden.logLoss.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const options = testCase.labels === undefined ? {} : { labels: testCase.labels };
    expectClose(logLoss(testCase.yTrue, testCase.yProba, options), testCase.expected);
  });

  it('clips certain mistakes at −ln(2⁻⁵²) instead of returning infinity', () => {
    expect(logLoss([0, 1], [1, 0])).toBeCloseTo(-Math.log(Number.EPSILON), 12);
  });
});

describe('calibration curve and ECE match scikit-learn 1.9.1 (golden)', () => {
  it.each(golden.calibrationCurve.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    for (const variant of testCase.variants) {
      const options = {
        bins: variant.bins,
        strategy: variant.strategy,
        ...(testCase.positiveLabel === null ? {} : { positiveLabel: testCase.positiveLabel }),
      };
      const label = `${variant.strategy} ${variant.bins}`;
      const curve = calibrationCurve(testCase.yTrue, testCase.yProb, options);
      expect(curve.binCounts, label).toEqual(variant.binCounts);
      expectAllClose(curve.fractionOfPositives, variant.fractionOfPositives, `${label} true`);
      expectAllClose(
        curve.meanPredictedProbability,
        variant.meanPredictedProbability,
        `${label} pred`,
      );
      expectClose(expectedCalibrationError(testCase.yTrue, testCase.yProb, options), variant.ece, {
        label: `${label} ece`,
      });
    }
  });

  it('puts a probability on an inner edge into the lower bin, as numpy searchsorted', () => {
    const curve = calibrationCurve([0, 1, 1], [0.2, 0.2000000001, 1], { bins: 5 });
    expect(curve.binIndices).toEqual([0, 1, 4]);
  });
});
