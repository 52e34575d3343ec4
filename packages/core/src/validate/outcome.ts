import type { FailureCaseValue } from './results';

/** One failure before it is labelled with its check. */
export interface Failure {
  column: string | null;
  failureCase: FailureCaseValue;
  rowIndex: number | null;
}

/** What evaluating one expectation found; failures are built only as far as they are reported. */
export interface Outcome {
  success: boolean;
  nullCount: number;
  unexpectedCount: number | null;
  unexpectedPercent: number | null;
  observedValue?: number | string | string[] | null;
  /** How many failures the check has. */
  failureCount: number;
  /** The `index`-th failure, 0 ≤ index < failureCount. */
  failureAt(index: number): Failure;
}

/**
 * GE's `mostly` rule for row-level checks: success when the passing fraction of the
 * `denominator` rows is at least `mostly`; vacuously true without rows.
 */
export function mapOutcome(options: {
  unexpected: number[];
  denominator: number;
  nullCount: number;
  mostly: number | undefined;
  failureAt: (rowIndex: number) => Failure;
}): Outcome {
  const { unexpected, denominator, nullCount, mostly } = options;
  const unexpectedCount = unexpected.length;
  const success =
    denominator === 0 || (denominator - unexpectedCount) / denominator >= (mostly ?? 1);
  return {
    success,
    nullCount,
    unexpectedCount,
    unexpectedPercent: denominator === 0 ? null : (100 * unexpectedCount) / denominator,
    failureCount: unexpectedCount,
    failureAt: (index) => options.failureAt(unexpected[index] as number),
  };
}

/** A failure list already materialised (schema checks, which have few). */
export function listOutcome(
  failures: Failure[],
  fields: Omit<Outcome, 'failureCount' | 'failureAt' | 'success'> & { success?: boolean },
): Outcome {
  return {
    ...fields,
    success: fields.success ?? failures.length === 0,
    failureCount: failures.length,
    failureAt: (index) => failures[index] as Failure,
  };
}
