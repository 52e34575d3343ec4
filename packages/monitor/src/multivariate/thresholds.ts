import { InvalidArgumentError } from '@dagnostics/core';
import { mean, standardDeviation } from '@dagnostics/core/stats';
import type { ReconstructionThreshold } from './types';

/** Lower and upper alert thresholds; `null` means no bound on that side. */
export interface ThresholdPair {
  lower: number | null;
  upper: number | null;
}

/** Checks a threshold setting as NannyML's threshold classes do. */
export function validateThreshold(threshold: ReconstructionThreshold): void {
  const fail = (message: string) => {
    throw new InvalidArgumentError({ argument: 'threshold', message });
  };
  if (threshold === null || typeof threshold !== 'object') {
    fail("threshold must be { kind: 'standard-deviation', ... } or { kind: 'constant', ... }.");
  }
  if (threshold.kind === 'standard-deviation') {
    for (const [name, value] of [
      ['lowerMultiplier', threshold.lowerMultiplier],
      ['upperMultiplier', threshold.upperMultiplier],
    ] as const) {
      if (value !== undefined && value !== null && !(Number.isFinite(value) && value >= 0)) {
        fail(
          `threshold.${name} must be a finite number ≥ 0, or null for no threshold; got ${String(value)}.`,
        );
      }
    }
  } else if (threshold.kind === 'constant') {
    const { lower, upper } = threshold;
    for (const [name, value] of [
      ['lower', lower],
      ['upper', upper],
    ] as const) {
      if (value !== undefined && value !== null && !Number.isFinite(value)) {
        fail(`threshold.${name} must be a finite number, or null for none; got ${String(value)}.`);
      }
    }
    if (typeof lower === 'number' && typeof upper === 'number' && lower >= upper) {
      fail(`threshold.lower (${lower}) must be less than threshold.upper (${upper}).`);
    }
  } else {
    fail(
      `Unknown threshold kind ${JSON.stringify((threshold as { kind: unknown }).kind)}; use 'standard-deviation' or 'constant'.`,
    );
  }
}

/**
 * The alert thresholds from the reference chunks' values: NannyML's
 * `calculate_threshold_values` with `lower_threshold_value_limit=0` and
 * `override_using_none=True`, so a lower threshold at or below 0 becomes `null`. The
 * standard-deviation kind uses `nanmean ∓ k·nanstd` (ddof 0) over the values.
 */
export function thresholdValues(
  threshold: ReconstructionThreshold,
  referenceValues: Float64Array,
): ThresholdPair {
  let lower: number | null;
  let upper: number | null;
  if (threshold.kind === 'constant') {
    lower = threshold.lower ?? null;
    upper = threshold.upper ?? null;
  } else {
    const present = referenceValues.filter((value) => !Number.isNaN(value));
    const center = present.length === 0 ? Number.NaN : mean(present);
    const spread = present.length === 0 ? Number.NaN : standardDeviation(present);
    const lowerMultiplier = threshold.lowerMultiplier === undefined ? 3 : threshold.lowerMultiplier;
    const upperMultiplier = threshold.upperMultiplier === undefined ? 3 : threshold.upperMultiplier;
    lower = lowerMultiplier === null ? null : center - spread * lowerMultiplier;
    upper = upperMultiplier === null ? null : center + spread * upperMultiplier;
  }
  if (lower !== null && lower <= 0) lower = null;
  return { lower, upper };
}

/** NannyML's alert rule: the value is not strictly inside the thresholds (so `NaN` alerts). */
export function isAlert(value: number, thresholds: ThresholdPair): boolean {
  const lower = thresholds.lower ?? Number.NEGATIVE_INFINITY;
  const upper = thresholds.upper ?? Number.POSITIVE_INFINITY;
  return !(lower < value && value < upper);
}
