import type { GateCheck, GateDefinition, GateResult, GateStatistic } from './types';

/** A gate that could not be judged: its inputs are missing or unusable. */
export function erroredGate(
  gate: GateDefinition,
  reasons: string[],
  statistics: Record<string, GateStatistic> = {},
): GateResult {
  return { name: gate.name, kind: gate.kind, status: 'error', checks: [], statistics, reasons };
}

/** Whether `observed <comparator> threshold` holds; false for a null or NaN observation. */
export function compare(
  observed: number | null,
  comparator: GateCheck['comparator'],
  threshold: number,
): boolean {
  if (observed === null || Number.isNaN(observed)) return false;
  switch (comparator) {
    case '>=':
      return observed >= threshold;
    case '<=':
      return observed <= threshold;
    case '>':
      return observed > threshold;
    case '<':
      return observed < threshold;
  }
}

/** A check with `passed` filled in. */
export function check(
  label: string,
  observed: number | null,
  comparator: GateCheck['comparator'],
  threshold: number,
  extra: Pick<GateCheck, 'interval' | 'scale'> = {},
): GateCheck {
  return {
    label,
    observed,
    comparator,
    threshold,
    passed: compare(observed, comparator, threshold),
    ...extra,
  };
}

/** A judged gate: it passes when every check passes; `reasons` name the failed checks. */
export function judgedGate(
  gate: GateDefinition,
  checks: GateCheck[],
  statistics: Record<string, GateStatistic>,
  extraReasons: string[] = [],
): GateResult {
  const failed = checks.filter((item) => !item.passed);
  const reasons =
    failed.length === 0
      ? [`Every check passed: ${checks.map(describeCheck).join('; ')}.`]
      : failed.map((item) => `Failed: ${describeCheck(item)}.`);
  return {
    name: gate.name,
    kind: gate.kind,
    status: failed.length === 0 ? 'pass' : 'fail',
    checks,
    statistics,
    reasons: [...reasons, ...extraReasons],
  };
}

/** `p95 latency (ms) 41.2 <= 50`, numbers at up to 6 significant digits. */
export function describeCheck(item: GateCheck): string {
  const observed = item.observed === null ? 'n/a' : formatNumber(item.observed);
  return `${item.label} ${observed} ${item.comparator} ${formatNumber(item.threshold)}`;
}

/**
 * A number for sentences: integers as they are, others at 6 significant digits (enough
 * that a value just past a threshold does not print as the threshold), in exponent
 * notation below 1e-4.
 */
export function formatNumber(value: number): string {
  if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
  if (Math.abs(value) < 1e-4) return value.toExponential(5);
  return String(Number(value.toPrecision(6)));
}
