import { abortableSleep } from '@dagnostics/core';
import { type Condition, compileCondition, type MetricValue } from './condition';
import { RolloutPlanError } from './errors';
import type { MetricProvider } from './metric-provider';

/** The phase of a measurement, of a metric and of a whole analysis (Argo Rollouts' names). */
export type AnalysisPhase =
  | 'Pending'
  | 'Running'
  | 'Successful'
  | 'Failed'
  | 'Inconclusive'
  | 'Error';

/** A measurement's verdict: never Pending or Running, as measurements here are synchronous. */
export type MeasurementPhase = Extract<
  AnalysisPhase,
  'Successful' | 'Failed' | 'Inconclusive' | 'Error'
>;

/** One metric of an analysis, after Argo Rollouts' `Metric`. */
export interface AnalysisMetric {
  /** Unique within the analysis. */
  readonly name: string;
  readonly provider: MetricProvider;
  /** Expression over `result` that a good measurement satisfies, e.g. `result >= 0.95`. */
  readonly successCondition?: string;
  /** Expression over `result` that a bad measurement satisfies, e.g. `result > 0.05`. */
  readonly failureCondition?: string;
  /** Milliseconds between measurements. Required when `count` > 1. */
  readonly intervalMs?: number;
  /** Milliseconds to wait before the first measurement. Default 0. */
  readonly initialDelayMs?: number;
  /**
   * Measurements to take (Errors do not count). Default 1 without `intervalMs`; with an
   * interval and no count the metric runs until the analysis is stopped.
   */
  readonly count?: number;
  /** Failed measurements tolerated; one more fails the metric. Default 0; −1 disables. */
  readonly failureLimit?: number;
  /** Inconclusive measurements tolerated; one more makes the metric Inconclusive. Default 0. */
  readonly inconclusiveLimit?: number;
  /** Consecutive Error measurements tolerated; one more errors the metric. Default 4. */
  readonly consecutiveErrorLimit?: number;
}

/** An analysis: its metrics run side by side; the worst metric decides. */
export interface AnalysisSpec {
  readonly metrics: readonly AnalysisMetric[];
  /** Retry delay after an Error measurement of a metric without `intervalMs`. Default 10 000 (Argo's). */
  readonly errorRetryIntervalMs?: number;
}

/** One measurement taken. Times are milliseconds from the analysis' `now()`. */
export interface Measurement {
  readonly phase: MeasurementPhase;
  /** The value measured; absent when the provider failed. */
  readonly value?: MetricValue;
  /** Why it is an Error (the provider's or the condition's message). */
  readonly message?: string;
  readonly startedAt: number;
  readonly finishedAt: number;
}

/** A metric's counters and verdict, as Argo's `MetricResult`. */
export interface MetricResult {
  readonly name: string;
  readonly phase: AnalysisPhase;
  /** Successful + Failed + Inconclusive measurements. */
  readonly count: number;
  readonly successful: number;
  readonly failed: number;
  readonly inconclusive: number;
  readonly error: number;
  readonly consecutiveError: number;
  /** The latest measurements, at most 10 (oldest first). */
  readonly measurements: readonly Measurement[];
}

/** The outcome of `runAnalysis`. */
export interface AnalysisResult {
  readonly phase: AnalysisPhase;
  readonly metrics: readonly MetricResult[];
  readonly startedAt: number;
  readonly finishedAt: number;
  /** The metric whose verdict is the run's, and the time of its deciding measurement. */
  readonly decidedBy?: { readonly metric: string; readonly measurementFinishedAt: number };
}

/** Options of `runAnalysis`. */
export interface RunAnalysisOptions {
  /** Stops the analysis; `runAnalysis` then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Clock in milliseconds. Default `Date.now`. */
  readonly now?: () => number;
  /** Waits `ms` or rejects when `signal` aborts. Default: a timer. */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Called after each measurement (progress). */
  readonly onMeasurement?: (metric: string, measurement: Measurement) => void;
}

const measurementHistoryLimit = 10;
const defaultConsecutiveErrorLimit = 4;
const defaultErrorRetryIntervalMs = 10_000;

/**
 * A measurement's verdict from the conditions (Argo's `EvaluateResult`): with only a
 * success condition, not meeting it fails; with only a failure condition, not meeting it
 * succeeds; with both, failure wins, success needs the success condition alone, and
 * neither is Inconclusive; with none, every measurement succeeds. A condition that cannot
 * be evaluated makes the measurement an Error.
 */
export function evaluateMeasurement(
  conditions: { readonly success?: Condition; readonly failure?: Condition },
  value: MetricValue,
): { phase: MeasurementPhase; message?: string } {
  let succeeded: boolean;
  let failed: boolean;
  try {
    succeeded = conditions.success?.evaluate(value) ?? false;
    failed = conditions.failure?.evaluate(value) ?? false;
  } catch (error) {
    return { phase: 'Error', message: (error as Error).message };
  }
  if (conditions.success === undefined && conditions.failure === undefined)
    return { phase: 'Successful' };
  if (conditions.failure === undefined) failed = !succeeded;
  if (conditions.success === undefined) succeeded = !failed;
  if (failed) return { phase: 'Failed' };
  return succeeded ? { phase: 'Successful' } : { phase: 'Inconclusive' };
}

/** Counters a metric verdict is decided from. */
export interface MetricCounters {
  readonly count: number;
  readonly failed: number;
  readonly inconclusive: number;
  readonly consecutiveError: number;
  readonly measurements: number;
}

/**
 * A metric's verdict from its counters (Argo's `assessMetricStatus`): Failed when failed >
 * failureLimit, else Inconclusive when inconclusive > inconclusiveLimit, else Error when
 * consecutive errors > consecutiveErrorLimit, else Successful once `count` measurements are
 * in (or when the run is terminating), else Running (Pending before any measurement).
 */
export function assessMetric(
  metric: Pick<
    AnalysisMetric,
    'count' | 'intervalMs' | 'failureLimit' | 'inconclusiveLimit' | 'consecutiveErrorLimit'
  >,
  counters: MetricCounters,
  terminating = false,
): AnalysisPhase {
  if (counters.measurements === 0) return terminating ? 'Successful' : 'Pending';
  const failureLimit = metric.failureLimit ?? 0;
  if (failureLimit >= 0 && counters.failed > failureLimit) return 'Failed';
  if (counters.inconclusive > (metric.inconclusiveLimit ?? 0)) return 'Inconclusive';
  if (counters.consecutiveError > (metric.consecutiveErrorLimit ?? defaultConsecutiveErrorLimit))
    return 'Error';
  const count = effectiveCount(metric);
  if (count !== undefined && counters.count >= count) return 'Successful';
  return terminating ? 'Successful' : 'Running';
}

const phaseRank: Readonly<Record<AnalysisPhase, number>> = {
  Successful: 0,
  Running: 1,
  Pending: 2,
  Inconclusive: 3,
  Error: 4,
  Failed: 5,
};

/** True when `candidate` is a worse phase than `current` (Successful < Running < Pending < Inconclusive < Error < Failed). */
export function isWorsePhase(current: AnalysisPhase, candidate: AnalysisPhase): boolean {
  return phaseRank[candidate] > phaseRank[current];
}

function effectiveCount(metric: Pick<AnalysisMetric, 'count' | 'intervalMs'>): number | undefined {
  if (metric.count !== undefined) return metric.count;
  return metric.intervalMs === undefined ? 1 : undefined;
}

function isCompleted(phase: AnalysisPhase): boolean {
  return phase !== 'Pending' && phase !== 'Running';
}

/**
 * Checks an analysis before it runs (Argo's `ValidateMetrics`): unique names, conditions
 * that parse, non-negative integers, an interval when `count` > 1, limits within `count`.
 * `requireEnd` (inline analyses of a canary step) also refuses metrics that never end.
 *
 * @throws RolloutPlanError naming the offending field.
 */
export function validateAnalysis(spec: AnalysisSpec, path = 'analysis', requireEnd = false): void {
  const fail = (where: string, message: string): never => {
    throw new RolloutPlanError({ path: `${path}.${where}`, message });
  };
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0)
    fail('metrics', 'needs at least one metric');
  const names = new Set<string>();
  spec.metrics.forEach((metric, index) => {
    const at = `metrics[${index}]`;
    if (typeof metric.name !== 'string' || metric.name === '') fail(`${at}.name`, 'needs a name');
    if (names.has(metric.name))
      fail(`${at}.name`, `duplicate metric name ${JSON.stringify(metric.name)}`);
    names.add(metric.name);
    if (typeof metric.provider?.measure !== 'function')
      fail(`${at}.provider`, 'needs a metric provider');
    for (const key of ['successCondition', 'failureCondition'] as const) {
      const expression = metric[key];
      if (expression === undefined) continue;
      try {
        compileCondition(expression);
      } catch (error) {
        fail(`${at}.${key}`, (error as Error).message);
      }
    }
    for (const key of [
      'intervalMs',
      'initialDelayMs',
      'count',
      'inconclusiveLimit',
      'consecutiveErrorLimit',
    ] as const) {
      const value = metric[key];
      if (value !== undefined && !(Number.isInteger(value) && value >= 0))
        fail(`${at}.${key}`, 'must be an integer ≥ 0');
    }
    if (
      metric.failureLimit !== undefined &&
      !(Number.isInteger(metric.failureLimit) && metric.failureLimit >= -1)
    ) {
      fail(`${at}.failureLimit`, 'must be an integer ≥ −1 (−1 disables it)');
    }
    if (metric.count === 0) fail(`${at}.count`, 'must be at least 1');
    if ((metric.count ?? 1) > 1 && metric.intervalMs === undefined)
      fail(`${at}.intervalMs`, 'is required when count > 1');
    const count = effectiveCount(metric);
    if (count !== undefined && count < (metric.failureLimit ?? 0))
      fail(`${at}.count`, 'must be ≥ failureLimit');
    if (count !== undefined && count < (metric.inconclusiveLimit ?? 0))
      fail(`${at}.count`, 'must be ≥ inconclusiveLimit');
    if (requireEnd && count === undefined)
      fail(`${at}.count`, 'is required in a blocking analysis (it would never end)');
  });
}

/**
 * Runs an analysis: each metric measures every `intervalMs` until its verdict is reached
 * (see `assessMetric`); the run's phase is the worst metric's. Unlike Argo, which waits
 * for every metric, a metric that ends Failed or Error stops the others at once (they are
 * then assessed as terminating), so a rollback is not held up by healthy metrics.
 *
 * @throws RolloutPlanError when the spec is invalid; the signal's reason when aborted.
 */
export async function runAnalysis(
  spec: AnalysisSpec,
  options: RunAnalysisOptions = {},
): Promise<AnalysisResult> {
  validateAnalysis(spec);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  const outer = options.signal;
  outer?.throwIfAborted();
  const stop = new AbortController();
  const onOuterAbort = () => stop.abort(outer?.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  const startedAt = now();
  let decidedBy: AnalysisResult['decidedBy'];

  const runMetric = async (metric: AnalysisMetric): Promise<MetricResult> => {
    const conditions = {
      ...(metric.successCondition === undefined
        ? {}
        : { success: compileCondition(metric.successCondition) }),
      ...(metric.failureCondition === undefined
        ? {}
        : { failure: compileCondition(metric.failureCondition) }),
    };
    const state = {
      count: 0,
      successful: 0,
      failed: 0,
      inconclusive: 0,
      error: 0,
      consecutiveError: 0,
      measurements: [] as Measurement[],
      total: 0,
    };
    const result = (phase: AnalysisPhase): MetricResult => ({
      name: metric.name,
      phase,
      count: state.count,
      successful: state.successful,
      failed: state.failed,
      inconclusive: state.inconclusive,
      error: state.error,
      consecutiveError: state.consecutiveError,
      measurements: state.measurements,
    });
    const counters = (): MetricCounters => ({ ...state, measurements: state.total });
    try {
      if ((metric.initialDelayMs ?? 0) > 0) await sleep(metric.initialDelayMs ?? 0, stop.signal);
      for (;;) {
        const measurementStartedAt = now();
        let measurement: Measurement;
        try {
          const value = await metric.provider.measure({ signal: stop.signal });
          measurement = {
            ...evaluateMeasurement(conditions, value),
            value,
            startedAt: measurementStartedAt,
            finishedAt: now(),
          };
        } catch (error) {
          if (stop.signal.aborted) throw error;
          measurement = {
            phase: 'Error',
            message: (error as Error).message,
            startedAt: measurementStartedAt,
            finishedAt: now(),
          };
        }
        record(state, measurement);
        options.onMeasurement?.(metric.name, measurement);
        const phase = assessMetric(metric, counters());
        if (isCompleted(phase)) {
          if (phase === 'Failed' || phase === 'Error') {
            if (!stop.signal.aborted) {
              decidedBy = { metric: metric.name, measurementFinishedAt: measurement.finishedAt };
              stop.abort(new MetricVerdict(phase));
            }
          }
          return result(phase);
        }
        const waitMs =
          metric.intervalMs ??
          (measurement.phase === 'Error'
            ? (spec.errorRetryIntervalMs ?? defaultErrorRetryIntervalMs)
            : 0);
        await sleep(waitMs, stop.signal);
      }
    } catch (error) {
      if (!(stop.signal.reason instanceof MetricVerdict)) throw error;
      return result(assessMetric(metric, counters(), true));
    }
  };

  try {
    const metrics = await Promise.all(spec.metrics.map(runMetric));
    outer?.throwIfAborted();
    let phase: AnalysisPhase = 'Successful';
    let worst: MetricResult | undefined;
    for (const metric of metrics) {
      if (isWorsePhase(phase, metric.phase)) {
        phase = metric.phase;
        worst = metric;
      }
    }
    if (decidedBy === undefined && worst !== undefined) {
      const last = worst.measurements.at(-1);
      if (last !== undefined)
        decidedBy = { metric: worst.name, measurementFinishedAt: last.finishedAt };
    }
    return {
      phase,
      metrics,
      startedAt,
      finishedAt: now(),
      ...(decidedBy === undefined ? {} : { decidedBy }),
    };
  } finally {
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

/** The reason a metric's Failed/Error verdict stops its sibling metrics. */
class MetricVerdict {
  constructor(readonly phase: AnalysisPhase) {}
}

function record(
  state: {
    count: number;
    successful: number;
    failed: number;
    inconclusive: number;
    error: number;
    consecutiveError: number;
    measurements: Measurement[];
    total: number;
  },
  measurement: Measurement,
): void {
  state.total++;
  state.measurements.push(measurement);
  if (state.measurements.length > measurementHistoryLimit) state.measurements.shift();
  if (measurement.phase === 'Error') {
    state.error++;
    state.consecutiveError++;
    return;
  }
  state.count++;
  state.consecutiveError = 0;
  if (measurement.phase === 'Successful') state.successful++;
  else if (measurement.phase === 'Failed') state.failed++;
  else state.inconclusive++;
}
