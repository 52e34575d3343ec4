import type { AnomalyRule, OnlineNormalRule } from './anomaly-rules';
import type { MetricName, TableMetrics } from './column-metrics';
import type { MetricsRepository } from './metrics-repository';

/** One metric of one column that a rule found anomalous. */
export interface Anomaly {
  /** The rule's strategy. */
  strategy: AnomalyRule['strategy'];
  /** The metric. */
  metric: MetricName;
  /** The column; null for `rowCount`. */
  column: string | null;
  /** The current value. */
  value: number;
  /** What it was compared with: the previous run's value, or the history's mean for `onlineNormal`. */
  reference: number;
  /** Smallest accepted value, in the metric's unit; null when unbounded (or not expressible). */
  lowerBound: number | null;
  /** Largest accepted value, in the metric's unit; null when unbounded (or not expressible). */
  upperBound: number | null;
  /** A sentence saying why. */
  reason: string;
}

/** A check that could not be made, and why (too short a history, a missing value…). */
export interface SkippedAnomalyCheck {
  strategy: AnomalyRule['strategy'];
  metric: MetricName;
  column: string | null;
  reason: string;
}

/** Everything {@link checkAnomalies} found. */
export interface AnomalyReport {
  /** True when no anomaly was found (skipped checks do not count as failures). */
  success: boolean;
  /** The anomalies, in rule order then column order. */
  anomalies: Anomaly[];
  /** Checks that were not made. */
  skipped: SkippedAnomalyCheck[];
}

/**
 * Checks `current` against the stored history of `dataset`, as deequ's anomaly checks: each
 * rule, for each watched column, compares the current metric with the series of past runs
 * (oldest first). Call it before saving the current run, or its own value joins the history.
 *
 * Too short a history is not an anomaly: rate and change rules need one past run with a
 * value, `onlineNormal` needs `minHistory` (default 3); until then the check is listed in
 * `skipped`. So are metrics without a value (the mean of a string column) and columns
 * absent from the current metrics. Past runs lacking the column or its value are left out
 * of its series.
 *
 * @example
 * ```ts
 * const metrics = computeColumnMetrics(table);
 * const report = await checkAnomalies(repository, 'orders', metrics, [
 *   relativeRateOfChange('rowCount', { maxRateDecrease: 0.5, maxRateIncrease: 2 }),
 *   onlineNormal('nullFraction'),
 * ]);
 * await repository.save({ dataset: 'orders', metrics });
 * ```
 */
export async function checkAnomalies(
  repository: MetricsRepository,
  dataset: string,
  current: TableMetrics,
  rules: readonly AnomalyRule[],
): Promise<AnomalyReport> {
  const history = (await repository.load(dataset)).map((record) => record.metrics);
  return detectAnomalies(history, current, rules);
}

/** {@link checkAnomalies} over a history given directly (oldest first). */
export function detectAnomalies(
  history: readonly TableMetrics[],
  current: TableMetrics,
  rules: readonly AnomalyRule[],
): AnomalyReport {
  const anomalies: Anomaly[] = [];
  const skipped: SkippedAnomalyCheck[] = [];
  for (const rule of rules) {
    const columns =
      rule.metric === 'rowCount' ? [null] : (rule.columns ?? Object.keys(current.columns));
    for (const column of columns) {
      const target = { strategy: rule.strategy, metric: rule.metric, column };
      const value = metricValue(current, rule.metric, column);
      if (value === null) {
        skipped.push({ ...target, reason: missingReason(current, rule.metric, column) });
        continue;
      }
      const series = history
        .map((metrics) => metricValue(metrics, rule.metric, column))
        .filter((past): past is number => past !== null);
      const verdict = judge(rule, value, series);
      if (verdict.kind === 'skipped') skipped.push({ ...target, reason: verdict.reason });
      else if (verdict.kind === 'anomaly') anomalies.push({ ...target, value, ...verdict.finding });
    }
  }
  return { success: anomalies.length === 0, anomalies, skipped };
}

type Verdict =
  | { kind: 'normal' }
  | { kind: 'skipped'; reason: string }
  | { kind: 'anomaly'; finding: Omit<Anomaly, 'strategy' | 'metric' | 'column' | 'value'> };

function judge(rule: AnomalyRule, value: number, series: number[]): Verdict {
  if (rule.strategy === 'onlineNormal') return judgeOnlineNormal(rule, value, series);
  const previous = series.at(-1);
  if (previous === undefined) {
    return { kind: 'skipped', reason: 'No previous run with a value to compare with.' };
  }
  if (rule.strategy === 'absoluteChange') {
    const change = value - previous;
    const lowerBound = rule.maxDecrease === undefined ? null : previous - rule.maxDecrease;
    const upperBound = rule.maxIncrease === undefined ? null : previous + rule.maxIncrease;
    const outside =
      (rule.maxDecrease !== undefined && -change > rule.maxDecrease) ||
      (rule.maxIncrease !== undefined && change > rule.maxIncrease);
    if (!outside) return { kind: 'normal' };
    return {
      kind: 'anomaly',
      finding: {
        reference: previous,
        lowerBound,
        upperBound,
        reason: `Changed by ${change} since the previous run (${previous} → ${value}); allowed: −${rule.maxDecrease ?? '∞'} to +${rule.maxIncrease ?? '∞'}.`,
      },
    };
  }
  const ratio = previous === 0 ? (value === 0 ? 1 : Math.sign(value) * Infinity) : value / previous;
  const outside =
    (rule.maxRateDecrease !== undefined && ratio < rule.maxRateDecrease) ||
    (rule.maxRateIncrease !== undefined && ratio > rule.maxRateIncrease);
  if (!outside) return { kind: 'normal' };
  const scaled = (rate: number | undefined): number | null =>
    rate === undefined || previous <= 0 ? null : previous * rate;
  return {
    kind: 'anomaly',
    finding: {
      reference: previous,
      lowerBound: scaled(rule.maxRateDecrease),
      upperBound: scaled(rule.maxRateIncrease),
      reason: `Ratio to the previous run is ${ratio} (${previous} → ${value}); allowed: ${rule.maxRateDecrease ?? 0} to ${rule.maxRateIncrease ?? '∞'}.`,
    },
  };
}

function judgeOnlineNormal(rule: OnlineNormalRule, value: number, series: number[]): Verdict {
  const minHistory = rule.minHistory ?? 3;
  const lowerFactor = rule.lowerDeviationFactor === undefined ? 3 : rule.lowerDeviationFactor;
  const upperFactor = rule.upperDeviationFactor === undefined ? 3 : rule.upperDeviationFactor;
  const ignoreAnomalies = rule.ignoreAnomalies ?? true;
  // Welford's running mean and sum of squared deviations (population variance).
  let count = 0;
  let mean = 0;
  let squares = 0;
  const bounds = () => {
    const deviation = Math.sqrt(squares / count);
    return {
      lower: lowerFactor === null ? null : mean - lowerFactor * deviation,
      upper: upperFactor === null ? null : mean + upperFactor * deviation,
    };
  };
  const isOutside = (x: number, { lower, upper }: ReturnType<typeof bounds>) =>
    (lower !== null && x < lower) || (upper !== null && x > upper);
  for (const past of series) {
    if (ignoreAnomalies && count >= minHistory && isOutside(past, bounds())) continue;
    count++;
    const delta = past - mean;
    mean += delta / count;
    squares += delta * (past - mean);
  }
  if (count < minHistory) {
    return {
      kind: 'skipped',
      reason: `onlineNormal needs ${minHistory} past runs with a value; found ${count}.`,
    };
  }
  const current = bounds();
  if (!isOutside(value, current)) return { kind: 'normal' };
  return {
    kind: 'anomaly',
    finding: {
      reference: mean,
      lowerBound: current.lower,
      upperBound: current.upper,
      reason: `${value} lies outside mean ± k·σ of ${count} past runs: [${current.lower ?? '−∞'}, ${current.upper ?? '∞'}].`,
    },
  };
}

function metricValue(
  metrics: TableMetrics,
  metric: MetricName,
  column: string | null,
): number | null {
  if (metric === 'rowCount') return metrics.rowCount;
  const columnMetrics = column === null ? undefined : metrics.columns[column];
  const value = columnMetrics?.[metric];
  return typeof value === 'number' && !Number.isNaN(value) ? value : null;
}

function missingReason(metrics: TableMetrics, metric: MetricName, column: string | null): string {
  if (column !== null && metrics.columns[column] === undefined) {
    return `Column ${JSON.stringify(column)} is absent from the current metrics.`;
  }
  return `The current run has no ${metric} for this column.`;
}
