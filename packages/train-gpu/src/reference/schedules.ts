/**
 * Learning-rate schedules, per epoch (0-based), in the closed forms of PyTorch's schedulers
 * stepped once per epoch: constant; `StepLR(step_size, gamma)`: `lr0 * gamma^floor(e / step)`;
 * `CosineAnnealingLR(T_max, eta_min)`: `eta_min + (lr0 - eta_min) (1 + cos(pi e / T_max)) / 2`.
 */
import { TrainingInputError } from '../errors';

export type ScheduleOptions =
  | { readonly kind: 'constant' }
  | { readonly kind: 'step'; readonly stepSize: number; readonly gamma: number }
  | { readonly kind: 'cosine'; readonly tMax: number; readonly etaMin?: number };

/** Throws `TrainingInputError` on schedule parameters PyTorch would reject. */
export function checkSchedule(schedule: ScheduleOptions): void {
  const fail = (argument: string, value: unknown, expected: string): never => {
    throw new TrainingInputError({
      argument,
      message: `Invalid ${argument} ${String(value)}: expected ${expected}.`,
    });
  };
  if (schedule.kind === 'constant') return;
  if (schedule.kind === 'step') {
    if (!(Number.isInteger(schedule.stepSize) && schedule.stepSize >= 1)) {
      fail('schedule.stepSize', schedule.stepSize, 'a positive integer');
    }
    if (!(Number.isFinite(schedule.gamma) && schedule.gamma > 0)) {
      fail('schedule.gamma', schedule.gamma, 'a finite number > 0');
    }
    return;
  }
  if (schedule.kind === 'cosine') {
    if (!(Number.isInteger(schedule.tMax) && schedule.tMax >= 1)) {
      fail('schedule.tMax', schedule.tMax, 'a positive integer');
    }
    const etaMin = schedule.etaMin ?? 0;
    if (!(Number.isFinite(etaMin) && etaMin >= 0))
      fail('schedule.etaMin', etaMin, 'a finite number >= 0');
    return;
  }
  fail('schedule.kind', (schedule as { kind: unknown }).kind, "'constant', 'step' or 'cosine'");
}

/** The learning rate of epoch `epoch` (0-based) for base rate `base`. */
export function learningRateAt(schedule: ScheduleOptions, base: number, epoch: number): number {
  switch (schedule.kind) {
    case 'constant':
      return base;
    case 'step':
      return base * schedule.gamma ** Math.floor(epoch / schedule.stepSize);
    case 'cosine': {
      const etaMin = schedule.etaMin ?? 0;
      return etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * epoch) / schedule.tMax))) / 2;
    }
  }
}
