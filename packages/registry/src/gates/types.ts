import type { ValidationResult } from '@dagnostics/core/validate';

/** The kinds of gate a suite can hold. */
export type GateKind =
  | 'metric-threshold'
  | 'mcnemar'
  | 'bootstrap-difference'
  | 'latency-budget'
  | 'size-budget'
  | 'validation-passed';

/** A gate's outcome: `error` when its inputs were missing or unusable, so nothing was judged. */
export type GateStatus = 'pass' | 'fail' | 'error';

/** How a check compares its observed value with its threshold (`observed <comparator> threshold`). */
export type GateComparator = '>=' | '<=' | '>' | '<';

/** A class label or a predicted class: what `accuracy` and `f1-macro` compare. */
export type ClassLabel = string | number | boolean;

/**
 * What a model predicted for each row: class labels (`accuracy`, `f1-macro`), the
 * probability of the positive class for binary labels 0/1, or one probability row per
 * example for class indexes `0..k-1` (`log-loss`).
 */
export type Predictions =
  | readonly ClassLabel[]
  | readonly number[]
  | readonly (readonly number[])[];

/**
 * A metric of predictions against labels, e.g. `(predictions, labels) => accuracy`. It is
 * called once per bootstrap resample with the rows picked, so keep it pure.
 */
export type MetricFunction = (predictions: Predictions, labels: readonly ClassLabel[]) => number;

/** The built-in metrics of `bootstrapDifference`, computed as scikit-learn does. */
export type NamedMetric = 'accuracy' | 'f1-macro' | 'log-loss';

/** Whether a larger metric value is better (`accuracy`) or a smaller one (`log-loss`). */
export type MetricDirection = 'higher-is-better' | 'lower-is-better';

/** `metricThreshold`: a value the caller measured (accuracy on a holdout, say) within bounds. */
export interface MetricThresholdGate {
  kind: 'metric-threshold';
  /** Shown in reports; default `metric <metric>`. */
  name: string;
  /** Key of the value in `inputs.metrics`, unless `value` is given here. */
  metric: string;
  /** The observed value; default `inputs.metrics[metric]`. */
  value?: number | undefined;
  /** Inclusive lower bound. */
  min?: number | undefined;
  /** Inclusive upper bound. */
  max?: number | undefined;
}

/** `mcnemar`: a paired test of challenger against champion on the same rows. */
export interface McNemarGate {
  kind: 'mcnemar';
  name: string;
  /** Per row, whether the champion was right; default from `inputs.champion`. */
  champion?: readonly boolean[] | undefined;
  /** Per row, whether the challenger was right; default from `inputs.challenger`. */
  challenger?: readonly boolean[] | undefined;
  /** Significance level, in (0, 1). Default 0.05. */
  alpha: number;
  /**
   * `not-worse` (default): fails only when the challenger loses significantly more
   * discordant pairs than it wins. `better`: passes only when it wins significantly more.
   */
  require: 'not-worse' | 'better';
  /**
   * Discordant-pair count `b + c` below which the exact binomial test is used, and the
   * chi-square test with continuity correction from it on. Default 25.
   */
  exactBelow: number;
}

/** `bootstrapDifference`: a paired bootstrap interval of challenger − champion on a metric. */
export interface BootstrapDifferenceGate {
  kind: 'bootstrap-difference';
  name: string;
  /** A named metric or a function of (predictions, labels). */
  metric: NamedMetric | MetricFunction;
  /** Name of the metric in reports: the named metric, or `metricName` for a function. */
  metricName: string;
  direction: MetricDirection;
  /** Champion predictions; default `inputs.champion.predictions`. */
  champion?: Predictions | undefined;
  /** Challenger predictions; default `inputs.challenger.predictions`. */
  challenger?: Predictions | undefined;
  /** True labels; default `inputs.labels`. */
  labels?: readonly ClassLabel[] | undefined;
  /** Bootstrap resamples. Default 2000. */
  iterations: number;
  /** Two-sided confidence level of the interval, in (0, 1). Default 0.95. */
  confidence: number;
  /** Seed of core's `createRng`; the same seed gives the same resamples. Default 0. */
  seed: number;
  /**
   * How much worse the challenger may be, in metric units (>= 0). Higher is better: pass
   * when the lower bound > −margin; lower is better: when the upper bound < margin. Default 0.
   */
  margin: number;
  /** `percentile` (default) or `bca` (bias-corrected and accelerated; costs n jackknife evaluations). */
  interval: 'percentile' | 'bca';
}

/** `latencyBudget`: quantiles of measured latencies (numpy's linear method) under budgets. */
export interface LatencyBudgetGate {
  kind: 'latency-budget';
  name: string;
  /** Measured latencies in milliseconds; default `inputs.latenciesMs`. */
  latenciesMs?: readonly number[] | undefined;
  p50Ms?: number | undefined;
  p95Ms?: number | undefined;
  p99Ms?: number | undefined;
}

/** `sizeBudget`: the model's size in bytes at most `maxBytes`. */
export interface SizeBudgetGate {
  kind: 'size-budget';
  name: string;
  /** The measured size; default `inputs.sizeBytes`. */
  sizeBytes?: number | undefined;
  maxBytes: number;
}

/** `validationPassed`: a `@dagnostics/core/validate` result with every expectation met. */
export interface ValidationPassedGate {
  kind: 'validation-passed';
  name: string;
  /** The result; default `inputs.validation`. */
  result?: ValidationResult | undefined;
}

/** One gate of a suite, as the builders (`metricThreshold`, `mcnemar`, ...) return it. */
export type GateDefinition =
  | MetricThresholdGate
  | McNemarGate
  | BootstrapDifferenceGate
  | LatencyBudgetGate
  | SizeBudgetGate
  | ValidationPassedGate;

/** A checked list of gates with distinct names, from `defineGates`. */
export interface GateSuite {
  readonly gates: readonly GateDefinition[];
}

/** What one model brings to a comparison. */
export interface ModelEvidence {
  /** Per row, whether the model was right (McNemar). Derived from `predictions` and `labels` when absent. */
  correct?: readonly boolean[] | undefined;
  /** Per row, the prediction (bootstrap; McNemar when `correct` is absent). */
  predictions?: Predictions | undefined;
}

/**
 * The measurements gates read when their definition does not carry the data itself.
 * Plain JSON, so a CLI can read it from a file.
 */
export interface GateInputs {
  /** Values for `metricThreshold`, by metric name. */
  metrics?: Readonly<Record<string, number>> | undefined;
  champion?: ModelEvidence | undefined;
  challenger?: ModelEvidence | undefined;
  /** True labels of the rows both models predicted. */
  labels?: readonly ClassLabel[] | undefined;
  /** Measured latencies in milliseconds. */
  latenciesMs?: readonly number[] | undefined;
  /** The model's size in bytes. */
  sizeBytes?: number | undefined;
  validation?: ValidationResult | undefined;
}

/** One comparison inside a gate: `observed <comparator> threshold`. */
export interface GateCheck {
  /** What is compared, e.g. `p95 latency (ms)`. */
  label: string;
  /** The measured value; null when it could not be computed. */
  observed: number | null;
  comparator: GateComparator;
  threshold: number;
  passed: boolean;
  /** An interval around the observed value (a bootstrap confidence interval), for display. */
  interval?: [number, number] | undefined;
  /** How a chart should scale the value: `log` for p-values. Default `linear`. */
  scale?: 'linear' | 'log' | undefined;
}

/** A statistic a gate computed, for the report: numbers, words, or null when undefined. */
export type GateStatistic = number | string | boolean | null;

/** How one gate came out. */
export interface GateResult {
  name: string;
  kind: GateKind;
  status: GateStatus;
  /** Every comparison made; the gate passes when all pass. Empty when `status` is `error`. */
  checks: GateCheck[];
  /** Everything computed on the way (counts, test statistic, p-value, interval ends, ...). */
  statistics: Record<string, GateStatistic>;
  /** Why it passed, failed or could not be judged, one sentence each. */
  reasons: string[];
}

/** What `evaluateGates` returns: plain JSON. */
export interface GateReport {
  /** `error` when any gate could not be judged, else `fail` when any failed, else `pass`. */
  verdict: GateStatus;
  counts: { pass: number; fail: number; error: number };
  gates: GateResult[];
}
