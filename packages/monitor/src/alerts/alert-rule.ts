import { InvalidArgumentError } from '@dagnostics/core';

/** Severity, written into the alert's `severity` label. */
export type AlertSeverity = 'info' | 'warning' | 'critical';

/**
 * One alert rule: a value read on every evaluation, a condition on it, how long the
 * condition must hold before the alert fires (`forMs`, Prometheus' `for`), and where it
 * resolves (hysteresis), so a value hovering at the threshold does not flap.
 */
export interface AlertRule {
  /** The `alertname` label; unique among the rules of a manager. */
  name: string;
  /**
   * Reads the watched value (e.g. the dataset drift share, a p-value, a latency quantile).
   * `undefined` means no data: a pending alert goes back to inactive, a firing one stays.
   */
  value: () => number | undefined | Promise<number | undefined>;
  /** Fires when the value is above this (`>`) ... */
  above?: number;
  /** ... or below this (`<`). Give exactly one of `above` and `below`. */
  below?: number;
  /**
   * Where a firing alert resolves. For `above`, the value must drop to `resolveAt` or
   * lower (`<=`); for `below`, rise to it or higher. Default: the threshold itself.
   */
  resolveAt?: number;
  /** How long the condition must hold, in ms, before the alert fires. Default 0. */
  forMs?: number;
  severity?: AlertSeverity;
  /** Extra labels (e.g. `model`); `alertname` and `severity` are set from the rule. */
  labels?: Readonly<Record<string, string>>;
  /** Annotations; `{{value}}` in them is replaced with the value that fired. */
  annotations?: Readonly<Record<string, string>>;
}

/** A rule with its direction resolved, checked once. */
export interface NormalisedRule extends AlertRule {
  direction: 'above' | 'below';
  threshold: number;
  resolveLevel: number;
  forMs: number;
  allLabels: Record<string, string>;
}

const labelNamePattern = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Checks a rule and fills in its defaults; the error names the rule and the field. */
export function normaliseRule(rule: AlertRule): NormalisedRule {
  const fail = (argument: string, problem: string): never => {
    throw new InvalidArgumentError({
      argument,
      message: `Alert rule ${JSON.stringify(rule.name)}: ${problem}`,
    });
  };
  if (typeof rule.name !== 'string' || rule.name.length === 0) fail('name', 'give it a name');
  if ((rule.above === undefined) === (rule.below === undefined)) {
    fail('above', 'give exactly one of `above` and `below`');
  }
  const direction = rule.above !== undefined ? 'above' : 'below';
  const threshold = (rule.above ?? rule.below) as number;
  if (!Number.isFinite(threshold))
    fail(direction, `the threshold is ${threshold}; give a finite number`);
  const resolveLevel = rule.resolveAt ?? threshold;
  if (!Number.isFinite(resolveLevel))
    fail('resolveAt', `resolveAt is ${resolveLevel}; give a finite number`);
  if (direction === 'above' ? resolveLevel > threshold : resolveLevel < threshold) {
    fail(
      'resolveAt',
      `resolveAt ${resolveLevel} is on the firing side of the threshold ${threshold}; for \`${direction}\` rules it must be ${direction === 'above' ? 'at or below' : 'at or above'} it`,
    );
  }
  const forMs = rule.forMs ?? 0;
  if (!(forMs >= 0) || !Number.isFinite(forMs))
    fail('forMs', `forMs is ${forMs}; give milliseconds >= 0`);
  for (const name of Object.keys(rule.labels ?? {})) {
    if (!labelNamePattern.test(name))
      fail('labels', `label name ${JSON.stringify(name)} is not a valid Prometheus label name`);
  }
  const allLabels: Record<string, string> = {
    ...rule.labels,
    alertname: rule.name,
    ...(rule.severity === undefined ? {} : { severity: rule.severity }),
  };
  return { ...rule, direction, threshold, resolveLevel, forMs, allLabels };
}

/** Whether `value` meets the firing condition. */
export function conditionHolds(rule: NormalisedRule, value: number): boolean {
  return rule.direction === 'above' ? value > rule.threshold : value < rule.threshold;
}

/** Whether a firing alert may resolve at `value` (the hysteresis level). */
export function resolves(rule: NormalisedRule, value: number): boolean {
  return rule.direction === 'above' ? value <= rule.resolveLevel : value >= rule.resolveLevel;
}
