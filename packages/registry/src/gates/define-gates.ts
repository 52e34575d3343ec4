import { InvalidArgumentError } from '@dagnostics/core';
import type { ValidationResult } from '@dagnostics/core/validate';
import { defaultDirection, namedMetrics } from './metrics';
import type {
  BootstrapDifferenceGate,
  ClassLabel,
  GateDefinition,
  GateSuite,
  LatencyBudgetGate,
  McNemarGate,
  MetricDirection,
  MetricFunction,
  MetricThresholdGate,
  NamedMetric,
  Predictions,
  SizeBudgetGate,
  ValidationPassedGate,
} from './types';

function fail(argument: string, message: string): never {
  throw new InvalidArgumentError({ message, argument });
}

function finiteOrUndefined(value: unknown, argument: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    fail(argument, `\`${argument}\` must be a finite number; got ${String(value)}.`);
  }
  return value;
}

function openUnit(value: number, argument: string): number {
  if (!(value > 0 && value < 1)) {
    fail(argument, `\`${argument}\` must be strictly between 0 and 1; got ${String(value)}.`);
  }
  return value;
}

function nonNegative(value: unknown, argument: string): number {
  const number = finiteOrUndefined(value, argument);
  if (number === undefined || number < 0) {
    fail(argument, `\`${argument}\` must be a number >= 0; got ${String(value)}.`);
  }
  return number;
}

function positiveInteger(value: number, argument: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    fail(argument, `\`${argument}\` must be a positive integer; got ${String(value)}.`);
  }
  return value;
}

/** Options of {@link metricThreshold}; at least one of `min` and `max`. */
export interface MetricThresholdOptions {
  metric: string;
  /** The observed value, when known now; default `inputs.metrics[metric]`. */
  value?: number;
  /** Inclusive lower bound. */
  min?: number;
  /** Inclusive upper bound. */
  max?: number;
  /** Default `metric <metric>`. */
  name?: string;
}

/**
 * A gate on one value the caller measured, e.g. `metricThreshold({ metric: 'accuracy',
 * min: 0.9 })` with `inputs.metrics.accuracy`. Bounds are inclusive.
 */
export function metricThreshold(options: MetricThresholdOptions): MetricThresholdGate {
  if (typeof options.metric !== 'string' || options.metric === '') {
    fail('metric', '`metric` must be a non-empty name.');
  }
  const min = finiteOrUndefined(options.min, 'min');
  const max = finiteOrUndefined(options.max, 'max');
  if (min === undefined && max === undefined) {
    fail('min', `metricThreshold(${options.metric}) needs \`min\`, \`max\` or both.`);
  }
  if (min !== undefined && max !== undefined && min > max) {
    fail('min', `\`min\` (${min}) is above \`max\` (${max}).`);
  }
  return {
    kind: 'metric-threshold',
    name: options.name ?? `metric ${options.metric}`,
    metric: options.metric,
    value: finiteOrUndefined(options.value, 'value'),
    min,
    max,
  };
}

/** Options of {@link mcnemar}. */
export interface McNemarOptions {
  /** Per row, whether the champion was right; default from the inputs. */
  champion?: readonly boolean[];
  /** Per row, whether the challenger was right; default from the inputs. */
  challenger?: readonly boolean[];
  /** Significance level in (0, 1). Default 0.05. */
  alpha?: number;
  /** Default `not-worse`; see {@link McNemarGate.require}. */
  require?: 'not-worse' | 'better';
  /** Discordant pairs below which the exact test is used. Default 25. */
  exactBelow?: number;
  /** Default `McNemar (<require>)`. */
  name?: string;
}

/**
 * McNemar's paired test of challenger against champion on the rows where exactly one of
 * them is right: `b` (champion only) and `c` (challenger only). Exact binomial test when
 * `b + c < exactBelow` (default 25), chi-square with continuity correction otherwise, both
 * two-sided as statsmodels `mcnemar`. `not-worse` fails when `b > c` and p < alpha;
 * `better` passes when `c > b` and p < alpha.
 */
export function mcnemar(options: McNemarOptions = {}): McNemarGate {
  const require = options.require ?? 'not-worse';
  if (require !== 'not-worse' && require !== 'better') {
    fail('require', `\`require\` must be 'not-worse' or 'better'; got ${String(require)}.`);
  }
  return {
    kind: 'mcnemar',
    name: options.name ?? `McNemar (${require})`,
    champion: options.champion,
    challenger: options.challenger,
    alpha: openUnit(options.alpha ?? 0.05, 'alpha'),
    require,
    exactBelow: nonNegative(options.exactBelow ?? 25, 'exactBelow'),
  };
}

/** Options of {@link bootstrapDifference}. */
export interface BootstrapDifferenceOptions {
  /** `accuracy`, `f1-macro`, `log-loss`, or a function of (predictions, labels). */
  metric: NamedMetric | MetricFunction;
  /** Name of a metric function in reports. Default `metric`. */
  metricName?: string;
  /** Default `lower-is-better` for `log-loss`, `higher-is-better` otherwise. */
  direction?: MetricDirection;
  champion?: Predictions;
  challenger?: Predictions;
  labels?: readonly ClassLabel[];
  /** Default 2000. */
  iterations?: number;
  /** Default 0.95. */
  confidence?: number;
  /** Default 0. */
  seed?: number;
  /** Allowed loss in metric units, >= 0. Default 0. */
  margin?: number;
  /** Default `percentile`. */
  interval?: 'percentile' | 'bca';
  /** Default `bootstrap <metric>`. */
  name?: string;
}

/**
 * A paired bootstrap of `metric(challenger) − metric(champion)`: rows are resampled with
 * replacement, the same rows for both models, from core's `createRng(seed)`, so a run
 * repeats exactly. Passes when the interval's worse end stays within `margin`: lower bound
 * > −margin for higher-is-better metrics, upper bound < margin for lower-is-better ones.
 */
export function bootstrapDifference(options: BootstrapDifferenceOptions): BootstrapDifferenceGate {
  const { metric } = options;
  if (typeof metric !== 'function' && !namedMetrics.includes(metric)) {
    fail(
      'metric',
      `\`metric\` must be a function or one of ${namedMetrics.join(', ')}; got ${String(metric)}.`,
    );
  }
  const metricName = options.metricName ?? (typeof metric === 'string' ? metric : 'metric');
  const direction = options.direction ?? defaultDirection(metric);
  if (direction !== 'higher-is-better' && direction !== 'lower-is-better') {
    fail(
      'direction',
      `\`direction\` must be 'higher-is-better' or 'lower-is-better'; got ${String(direction)}.`,
    );
  }
  const interval = options.interval ?? 'percentile';
  if (interval !== 'percentile' && interval !== 'bca') {
    fail('interval', `\`interval\` must be 'percentile' or 'bca'; got ${String(interval)}.`);
  }
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed) || seed < 0) {
    fail('seed', `\`seed\` must be an integer >= 0; got ${String(seed)}.`);
  }
  return {
    kind: 'bootstrap-difference',
    name: options.name ?? `bootstrap ${metricName}`,
    metric,
    metricName,
    direction,
    champion: options.champion,
    challenger: options.challenger,
    labels: options.labels,
    iterations: positiveInteger(options.iterations ?? 2000, 'iterations'),
    confidence: openUnit(options.confidence ?? 0.95, 'confidence'),
    seed,
    margin: nonNegative(options.margin ?? 0, 'margin'),
    interval,
  };
}

/** Options of {@link latencyBudget}; at least one budget. */
export interface LatencyBudgetOptions {
  p50Ms?: number;
  p95Ms?: number;
  p99Ms?: number;
  /** Measured latencies in ms; default `inputs.latenciesMs`. */
  latenciesMs?: readonly number[];
  /** Default `latency budget`. */
  name?: string;
}

/**
 * Budgets on latency quantiles in milliseconds, each inclusive (`p95 <= p95Ms`); the
 * quantiles are numpy's default linear method, via core's `quantile`.
 */
export function latencyBudget(options: LatencyBudgetOptions): LatencyBudgetGate {
  const gate: LatencyBudgetGate = {
    kind: 'latency-budget',
    name: options.name ?? 'latency budget',
    latenciesMs: options.latenciesMs,
  };
  for (const key of ['p50Ms', 'p95Ms', 'p99Ms'] as const) {
    if (options[key] !== undefined) gate[key] = nonNegative(options[key], key);
  }
  if (gate.p50Ms === undefined && gate.p95Ms === undefined && gate.p99Ms === undefined) {
    fail('p95Ms', 'latencyBudget needs at least one of `p50Ms`, `p95Ms`, `p99Ms`.');
  }
  return gate;
}

/** Options of {@link sizeBudget}. */
export interface SizeBudgetOptions {
  /** Inclusive upper bound in bytes. */
  maxBytes: number;
  /** The measured size; default `inputs.sizeBytes`. */
  sizeBytes?: number;
  /** Default `size budget`. */
  name?: string;
}

/** The model's size in bytes at most `maxBytes`. */
export function sizeBudget(options: SizeBudgetOptions): SizeBudgetGate {
  return {
    kind: 'size-budget',
    name: options.name ?? 'size budget',
    maxBytes: nonNegative(options.maxBytes, 'maxBytes'),
    sizeBytes:
      options.sizeBytes === undefined ? undefined : nonNegative(options.sizeBytes, 'sizeBytes'),
  };
}

/**
 * Passes when a `@dagnostics/core/validate` result met every expectation. Without
 * `result`, reads `inputs.validation`.
 */
export function validationPassed(
  result?: ValidationResult,
  options: { name?: string } = {},
): ValidationPassedGate {
  return { kind: 'validation-passed', name: options.name ?? 'data validation', result };
}

/**
 * A suite of gates, checked: at least one gate, each made by a builder, names distinct
 * (pass `name` to tell two gates of one kind apart).
 *
 * @example
 * ```ts
 * const suite = defineGates([
 *   metricThreshold({ metric: 'accuracy', min: 0.9 }),
 *   mcnemar({ require: 'not-worse' }),
 *   bootstrapDifference({ metric: 'f1-macro', margin: 0.01, seed: 7 }),
 *   latencyBudget({ p95Ms: 50 }),
 * ]);
 * const report = evaluateGates(suite, inputs);
 * process.exitCode = gateExitCode(report);
 * ```
 */
export function defineGates(gates: readonly GateDefinition[]): GateSuite {
  if (!Array.isArray(gates) || gates.length === 0) {
    fail('gates', 'defineGates needs a non-empty array of gates.');
  }
  const names = new Set<string>();
  for (const gate of gates) {
    if (gate === null || typeof gate !== 'object' || typeof gate.kind !== 'string') {
      fail('gates', 'Every gate must come from a builder such as metricThreshold() or mcnemar().');
    }
    if (names.has(gate.name)) {
      fail(
        'gates',
        `Two gates are named ${JSON.stringify(gate.name)}; give one a different \`name\`.`,
      );
    }
    names.add(gate.name);
  }
  return { gates: [...gates] };
}
