import { describe, expect, it } from 'vitest';
import { TrainingInputError } from '../errors';
import { checkSchedule, learningRateAt } from './schedules';

describe('learningRateAt', () => {
  it('is constant, steps like StepLR and anneals like CosineAnnealingLR', () => {
    expect(learningRateAt({ kind: 'constant' }, 0.1, 7)).toBe(0.1);
    const step = { kind: 'step', stepSize: 2, gamma: 0.5 } as const;
    expect([0, 1, 2, 3, 4].map((e) => learningRateAt(step, 0.1, e))).toEqual([
      0.1, 0.1, 0.05, 0.05, 0.025,
    ]);
    const cosine = { kind: 'cosine', tMax: 4, etaMin: 0.01 } as const;
    expect(learningRateAt(cosine, 0.1, 0)).toBeCloseTo(0.1, 15);
    expect(learningRateAt(cosine, 0.1, 2)).toBeCloseTo(0.055, 15);
    expect(learningRateAt(cosine, 0.1, 4)).toBeCloseTo(0.01, 15);
    expect(learningRateAt(cosine, 0.1, 1)).toBeCloseTo(0.01 + (0.09 * (1 + Math.SQRT1_2)) / 2, 15);
  });

  it('rejects bad parameters', () => {
    expect(() => checkSchedule({ kind: 'step', stepSize: 0, gamma: 0.5 })).toThrow(
      TrainingInputError,
    );
    expect(() => checkSchedule({ kind: 'step', stepSize: 1, gamma: Number.NaN })).toThrow(
      TrainingInputError,
    );
    expect(() => checkSchedule({ kind: 'cosine', tMax: 0 })).toThrow(TrainingInputError);
    expect(() => checkSchedule({ kind: 'warp' } as never)).toThrow(TrainingInputError);
  });
});
