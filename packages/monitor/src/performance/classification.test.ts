import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../../test/support/golden';
import { performanceGolden } from './__fixtures__/performance-fixture';
import {
  accuracy,
  confusionMatrix,
  f1Score,
  precisionRecallFScore,
  precisionRecallFScorePerClass,
  precisionScore,
  recallScore,
  type ZeroDivision,
} from './index';

const golden = performanceGolden();
const cases = golden.classification.map((testCase) => [testCase.name, testCase] as const);

function expectAllClose(actual: number[], expected: number[], label: string): void {
  expect(actual.length, label).toBe(expected.length);
  actual.forEach((value, i) => {
    expectClose(value, expected[i] as number, { label: `${label}[${i}]` });
  });
}

const zeroDivisions: Record<string, ZeroDivision> = { '0': 0, '1': 1, nan: 'nan' };

describe('classification metrics match scikit-learn 1.9.1 (golden)', () => {
  it.each(cases)('%s: accuracy and confusion matrices', (_name, testCase) => {
    // Counts divided by n: exact.
    expect(accuracy(testCase.yTrue, testCase.yPred)).toBe(testCase.accuracy);
    const matrix = confusionMatrix(testCase.yTrue, testCase.yPred);
    expect(matrix.labels).toEqual(testCase.labels);
    expect(matrix.matrix).toEqual(testCase.confusionMatrix);
    const reordered = confusionMatrix(testCase.yTrue, testCase.yPred, {
      labels: testCase.reorderedLabels,
    });
    expect(reordered.labels).toEqual(testCase.reorderedLabels);
    expect(reordered.matrix).toEqual(testCase.confusionMatrixReordered);
    for (const mode of ['true', 'pred', 'all'] as const) {
      const normalized = confusionMatrix(testCase.yTrue, testCase.yPred, { normalize: mode });
      expect(normalized.matrix, mode).toEqual(testCase.confusionMatrixNormalized[mode]);
    }
  });

  it.each(cases)('%s: per-class precision, recall and F1', (_name, testCase) => {
    for (const [key, expected] of Object.entries(testCase.perClass)) {
      const scores = precisionRecallFScorePerClass(testCase.yTrue, testCase.yPred, {
        zeroDivision: zeroDivisions[key],
      });
      expect(scores.labels).toEqual(testCase.labels);
      expect(scores.support).toEqual(expected.support);
      expectAllClose(scores.precision, expected.precision, `precision zd=${key}`);
      expectAllClose(scores.recall, expected.recall, `recall zd=${key}`);
      expectAllClose(scores.fScore, expected.fScore, `f1 zd=${key}`);
    }
  });

  it.each(cases)(
    '%s: averaged scores for every average, beta and zero_division',
    (_name, testCase) => {
      for (const expected of testCase.averaged) {
        const scores = precisionRecallFScore(testCase.yTrue, testCase.yPred, {
          average: expected.average,
          beta: expected.beta,
          zeroDivision: zeroDivisions[expected.zeroDivision],
          ...(testCase.positiveLabel === undefined
            ? {}
            : { positiveLabel: testCase.positiveLabel }),
          ...(expected.labels === undefined ? {} : { labels: expected.labels }),
        });
        const label = `${expected.average} beta=${expected.beta} zd=${expected.zeroDivision}${expected.labels ? ' subset' : ''}`;
        expectClose(scores.precision, expected.precision, { label: `${label} precision` });
        expectClose(scores.recall, expected.recall, { label: `${label} recall` });
        expectClose(scores.fScore, expected.fScore, { label: `${label} fScore` });
      }
      if (testCase.f1Binary !== undefined) {
        const options = { positiveLabel: testCase.positiveLabel as string | number };
        expectClose(f1Score(testCase.yTrue, testCase.yPred, options), testCase.f1Binary);
      }
    },
  );
});

describe('classification metrics: behaviour', () => {
  it('binary scores default to positive label 1 and need it named for strings', () => {
    expect(precisionScore([0, 1, 1, 0], [1, 1, 0, 0])).toBe(0.5);
    expect(recallScore([0, 1, 1, 1], [1, 1, 0, 1])).toBe(2 / 3);
    expect(() => precisionScore(['a', 'b'], ['a', 'a'])).toThrow(/positiveLabel/);
    expect(precisionScore(['a', 'b', 'b'], ['a', 'a', 'b'], { positiveLabel: 'b' })).toBe(1);
  });

  it('rejects average binary on more than two classes', () => {
    expect(() => precisionScore([0, 1, 2], [0, 1, 2])).toThrow(/average/);
  });

  it('macro and weighted averages skip classes whose score is NaN', () => {
    const scores = precisionRecallFScore([0, 0, 1, 1], [0, 0, 0, 0], {
      average: 'macro',
      zeroDivision: 'nan',
    });
    expect(scores.precision).toBe(0.5);
  });

  it('orders string labels by code point, as numpy', () => {
    expect(confusionMatrix(['b', 'B', 'é', 'a'], ['b', 'B', 'é', 'a']).labels).toEqual([
      'B',
      'a',
      'b',
      'é',
    ]);
  });

  it('accuracy is 1 for identical labels and in [0, 1] in general (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })), {
          minLength: 1,
        }),
        (pairs) => {
          const yTrue = pairs.map(([a]) => a);
          const yPred = pairs.map(([, b]) => b);
          const value = accuracy(yTrue, yPred);
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(1);
          expect(accuracy(yTrue, yTrue)).toBe(1);
          const diagonal = confusionMatrix(yTrue, yPred).matrix.reduce(
            (sum, row, i) => sum + (row[i] as number),
            0,
          );
          expect(diagonal / yTrue.length).toBe(value);
        },
      ),
    );
  });

  it('micro-averaged precision, recall and F1 equal accuracy on multiclass labels (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })), {
          minLength: 1,
        }),
        (pairs) => {
          const yTrue = pairs.map(([a]) => a);
          const yPred = pairs.map(([, b]) => b);
          const micro = precisionRecallFScore(yTrue, yPred, { average: 'micro' });
          const value = accuracy(yTrue, yPred);
          expect(micro.precision).toBeCloseTo(value, 14);
          expect(micro.recall).toBeCloseTo(value, 14);
          expect(micro.fScore).toBeCloseTo(value, 14);
        },
      ),
    );
  });
});
