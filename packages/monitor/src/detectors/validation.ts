import { InvalidArgumentError } from '@dagnostics/core';

/** Checks a detector option; `detector` is the name users know it by (e.g. `ADWIN`). */
export interface OptionCheck {
  detector: string;
  option: string;
  value: unknown;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function fail(check: OptionCheck, requirement: string): never {
  throw new InvalidArgumentError({
    message: `${check.detector}: option \`${check.option}\` must be ${requirement}; got ${describe(check.value)}.`,
    argument: check.option,
  });
}

/** An integer option with a lower bound (river's `int` parameters). */
export function integerOption(check: OptionCheck, minimum: number, reason = ''): number {
  const { value } = check;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum) {
    fail(check, `an integer >= ${minimum}${reason}`);
  }
  return value;
}

/**
 * A real option within [low, high]; `open` excludes the named ends, e.g. a confidence
 * in (0, 1) is `realOption(check, 0, 1, 'both')`.
 */
export function realOption(
  check: OptionCheck,
  low: number,
  high: number,
  open: 'none' | 'low' | 'high' | 'both' = 'none',
): number {
  const { value } = check;
  const lowOpen = open === 'low' || open === 'both';
  const highOpen = open === 'high' || open === 'both';
  if (
    typeof value !== 'number' ||
    Number.isNaN(value) ||
    (lowOpen ? value <= low : value < low) ||
    (highOpen ? value >= high : value > high)
  ) {
    const range = `${lowOpen ? '(' : '['}${low}, ${high}${highOpen ? ')' : ']'}`;
    fail(check, `a number in ${range}`);
  }
  return value;
}

/** Any finite real option. */
export function finiteOption(check: OptionCheck): number {
  const { value } = check;
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(check, 'a finite number');
  return value;
}

/** A boolean option. */
export function booleanOption(check: OptionCheck): boolean {
  const { value } = check;
  if (typeof value !== 'boolean') fail(check, 'true or false');
  return value;
}

/** The value given to `update()` of a detector of real-valued streams. */
export function finiteInput(detector: string, x: unknown): number {
  if (typeof x === 'number' && Number.isFinite(x)) return x;
  if (typeof x === 'boolean') return x ? 1 : 0;
  throw new InvalidArgumentError({
    message: `${detector}.update(x): x must be a finite number; got ${describe(x)}. Drop or impute missing and infinite values before updating the detector.`,
    argument: 'x',
  });
}

/**
 * The value given to `update()` of a detector of error streams (DDM, EDDM, HDDM): 1 or
 * `true` for an error, 0 or `false` for a correct prediction, or an error probability.
 */
export function errorInput(detector: string, x: unknown): number {
  if (typeof x === 'boolean') return x ? 1 : 0;
  if (typeof x === 'number' && x >= 0 && x <= 1) return x;
  throw new InvalidArgumentError({
    message: `${detector}.update(x): x must be 1/true for an error, 0/false for a correct prediction, or an error probability in [0, 1]; got ${describe(x)}. Feed the detector the per-prediction error indicator, not the raw prediction or target.`,
    argument: 'x',
  });
}

/** The `kind` of a snapshot handed to a detector's `fromSnapshot`. */
export function snapshotKind(detector: string, expected: string, kind: unknown): void {
  if (kind !== expected) {
    throw new InvalidArgumentError({
      message: `${detector}: cannot restore a snapshot of kind ${describe(kind)}; expected "${expected}". Restore it with restoreDriftDetector() instead.`,
      argument: 'snapshot',
    });
  }
}

/** A snapshot whose state does not fit its detector. */
export function invalidSnapshot(detector: string, detail: string): never {
  throw new InvalidArgumentError({
    message: `${detector}: invalid snapshot: ${detail}. Pass an object returned by snapshot(), unmodified.`,
    argument: 'snapshot',
  });
}
