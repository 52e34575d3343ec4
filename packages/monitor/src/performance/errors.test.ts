import { EmptyInputError, InvalidArgumentError } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import {
  accuracy,
  calibrationCurve,
  checkCalibrationNeed,
  chunkByCount,
  chunkByPeriod,
  chunkBySize,
  confusionMatrix,
  estimateBinaryMetrics,
  fitCbpe,
  fitIsotonicRegression,
  logLoss,
  meanAbsoluteError,
  precisionRecallFScore,
  r2Score,
  rocAucScore,
} from './index';

/** Runs `action`, expecting an InvalidArgumentError (not an EmptyInputError) about `argument`. */
function expectInvalid(action: () => unknown, argument: string, message?: RegExp): void {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(InvalidArgumentError.isInstance(caught), String(caught)).toBe(true);
  expect(EmptyInputError.isInstance(caught), String(caught)).toBe(false);
  expect((caught as InvalidArgumentError).argument).toBe(argument);
  if (message !== undefined) expect((caught as Error).message).toMatch(message);
}

function expectEmpty(action: () => unknown, argument: string): void {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(EmptyInputError.isInstance(caught), String(caught)).toBe(true);
  expect((caught as EmptyInputError).argument).toBe(argument);
  expect((caught as Error).message).toMatch(/at least one/);
}

describe('bad input is rejected with errors that name the argument and the fix', () => {
  it('empty input', () => {
    expectEmpty(() => accuracy([], []), 'yTrue');
    expectEmpty(() => confusionMatrix([], []), 'yTrue');
    expectEmpty(() => rocAucScore([], []), 'yTrue');
    expectEmpty(() => logLoss([], []), 'yTrue');
    expectEmpty(() => meanAbsoluteError([], []), 'yTrue');
    expectEmpty(() => calibrationCurve([], []), 'yProb');
    expectEmpty(() => fitIsotonicRegression([], []), 'x');
    expectEmpty(() => estimateBinaryMetrics({ yPred: [], probabilities: [] }), 'yPred');
    expectEmpty(() => fitCbpe({ yTrue: [], yPred: [], yPredProba: [] }), 'yPredProba');
  });

  it('mismatched lengths', () => {
    expectInvalid(() => accuracy([0, 1], [0]), 'yPred', /same length/);
    expectInvalid(() => r2Score([1, 2, 3], [1, 2]), 'yPred', /same length/);
    expectInvalid(() => rocAucScore([0, 1, 1], [0.2, 0.4]), 'yScore', /same length/);
    expectInvalid(() => logLoss([0, 1], [0.5]), 'yProba', /same length/);
    expectInvalid(
      () => fitCbpe({ yTrue: [0, 1], yPred: [0, 1], yPredProba: [0.5] }),
      'yPredProba',
      /same length/,
    );
  });

  it('probabilities outside [0, 1]', () => {
    expectInvalid(() => logLoss([0, 1], [0.2, 1.2]), 'yProba', /\[0, 1\]/);
    expectInvalid(() => calibrationCurve([0, 1], [-0.1, 0.5]), 'yProb', /\[0, 1\]/);
    expectInvalid(() => checkCalibrationNeed([0, 1], [0.5, 2]), 'yPredProba', /\[0, 1\]/);
    expectInvalid(
      () => estimateBinaryMetrics({ yPred: [0, 1], probabilities: [0.5, 1.5] }),
      'probabilities',
    );
  });

  it('NaN values and labels', () => {
    expectInvalid(() => meanAbsoluteError([1, Number.NaN], [1, 2]), 'yTrue', /finite/);
    expectInvalid(() => rocAucScore([0, 1], [Number.NaN, 0.3]), 'yScore', /finite/);
    expectInvalid(() => accuracy([0, Number.NaN], [0, 1]), 'yTrue', /missing labels/);
    expectInvalid(() => logLoss([0, 1], [0.5, Number.NaN]), 'yProba', /finite/);
  });

  it('scores passed as labels, mixed label types, and binary options on multiclass data', () => {
    expectInvalid(() => accuracy([0, 1], [0.2, 0.9]), 'yPred', /not scores/);
    expectInvalid(() => accuracy(['a', 1] as string[], ['a', 'a']), 'yTrue', /mixes/);
    expectInvalid(() => accuracy([0, 1], ['0', '1']), 'yPred', /one type/);
    expectInvalid(() => precisionRecallFScore([0, 1, 2], [0, 1, 2]), 'average', /'macro'/);
    expectInvalid(() => confusionMatrix([0, 1], [0, 1], { labels: [5] }), 'labels');
  });

  it('multiclass scores that are not probabilities', () => {
    expectInvalid(
      () =>
        rocAucScore(
          [0, 1, 2],
          [
            [0.5, 0.5, 0.5],
            [0.2, 0.3, 0.5],
            [0.1, 0.1, 0.8],
          ],
        ),
      'yScore',
      /softmax/,
    );
    expectInvalid(() => rocAucScore([0, 1, 2], [0.1, 0.2, 0.3]), 'yScore', /one row/);
  });

  it('CBPE and chunking options', () => {
    expectInvalid(
      () => fitCbpe({ yTrue: [0, 2], yPred: [0, 1], yPredProba: [0.1, 0.9] }),
      'yTrue',
      /0 and 1/,
    );
    expectInvalid(
      () =>
        fitCbpe(
          { yTrue: [0, 1], yPred: [0, 1], yPredProba: [0.1, 0.9] },
          { metrics: ['auc' as 'roc_auc'] },
        ),
      'metrics',
    );
    expectInvalid(
      () =>
        fitCbpe(
          { yTrue: [0, 1], yPred: [0, 1], yPredProba: [0.1, 0.9] },
          { chunking: { period: 'week' } },
        ),
      'timestamps',
    );
    expectInvalid(() => chunkBySize(10, { size: 0 }), 'size');
    expectInvalid(() => chunkByCount(3, { count: 5 }), 'count');
    expectInvalid(() => chunkByPeriod([Number.NaN]), 'timestamps');
    expectInvalid(() => chunkByPeriod([0], { period: 'fortnight' as 'week' }), 'period');
  });
});
