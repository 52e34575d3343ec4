import { InvalidArgumentError } from '@dagnostics/core';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Options of {@link createMonitorMetrics}. */
export interface MonitorMetricsOptions {
  /**
   * The prom-client registry to register the metric families on. Required: the monitor
   * never touches prom-client's global default registry.
   */
  registry: Registry;
  /**
   * Prefix of every metric name; must match `[a-zA-Z_][a-zA-Z0-9_]*` and should end in
   * `_`. Default `mlops_`.
   */
  prefix?: string;
  /** Buckets of the latency histogram, in seconds. Default prom-client's. */
  latencyBuckets?: readonly number[];
}

/** Labels that identify a served model. */
export interface ModelLabels {
  model: string;
  /** Model version (registry version or alias target). Default `''`. */
  version?: string;
}

/** One column's drift verdict, as `detectColumnDrift` returns it (or your own). */
export interface ColumnDriftSample {
  feature: string;
  /** Registry name of the test, e.g. `ks`, `wasserstein`. */
  method: string;
  /** The compared score: a p-value or a distance. */
  score: number;
  /** The p-value, when the test gives one. */
  pValue?: number | undefined;
  drift: boolean;
}

/** The metric families of a monitored model, registered on the caller's registry. */
export interface MonitorMetrics {
  readonly registry: Registry;
  /** The full metric names, by role. */
  readonly names: Readonly<Record<MetricRole, string>>;
  /**
   * Counts one prediction (or `count` of them, for a batch) and observes its latency. An
   * `error` outcome counts in the same family: `rate(…_predictions_total{outcome="error"})`.
   */
  observePrediction(
    labels: ModelLabels & {
      outcome?: 'success' | 'error';
      latencySeconds?: number;
      count?: number;
    },
  ): void;
  /** Starts a latency timer; calling the result observes the elapsed seconds and returns them. */
  startPredictionTimer(labels: ModelLabels): (outcome?: 'success' | 'error') => number;
  /** Sets the drift gauges of each column (score, p-value when there is one, 0/1 verdict). */
  recordColumnDrift(labels: { model: string }, columns: readonly ColumnDriftSample[]): void;
  /** Sets the dataset-level share of drifted columns and the 0/1 dataset verdict. */
  recordDatasetDrift(labels: { model: string }, result: { share: number; drift: boolean }): void;
  /**
   * Records one concept-drift detector step: counts a detection when `drift` is true and
   * sets the 0/1 warning gauge (zeros are written too, so an alert can resolve).
   */
  recordConceptDrift(
    labels: { model: string; detector: string },
    state: { drift: boolean; warning: boolean },
  ): void;
  /** Sets a realized (labelled) performance value, e.g. accuracy of the last window. */
  recordRealizedPerformance(labels: { model: string; metric: string }, value: number): void;
  /** Sets an estimated (label-free, CBPE) performance value with its confidence band. */
  recordEstimatedPerformance(
    labels: { model: string; metric: string },
    estimate: { value: number; lower?: number | undefined; upper?: number | undefined },
  ): void;
  /** Sets `…_reference_info{model,reference_hash} 1`, dropping the model's previous hash. */
  setReferenceInfo(labels: { model: string; referenceHash: string }): void;
}

/** Roles of the metric families, the keys of {@link MonitorMetrics.names}. */
export type MetricRole =
  | 'predictions'
  | 'latency'
  | 'featureDriftScore'
  | 'featureDriftPValue'
  | 'featureDriftDetected'
  | 'datasetDriftShare'
  | 'datasetDriftDetected'
  | 'conceptDriftDetections'
  | 'conceptDriftWarning'
  | 'realizedPerformance'
  | 'estimatedPerformance'
  | 'estimatedPerformanceLower'
  | 'estimatedPerformanceUpper'
  | 'referenceInfo';

const metricNamePattern = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Registers the monitor's metric families on `registry`, named after Prometheus' naming
 * rules: one prefix, base units (`_seconds`), `_total` counters, `_ratio` for 0-1 shares,
 * 0/1 gauges for verdicts and an `_info` gauge for metadata. Labels are bounded sets
 * (model, version, feature, method, detector, metric), never request ids or raw values.
 *
 * | name (default prefix)                     | type      | labels                  |
 * | ----------------------------------------- | --------- | ----------------------- |
 * | `mlops_predictions_total`                 | counter   | model, version, outcome |
 * | `mlops_prediction_latency_seconds`        | histogram | model, version          |
 * | `mlops_feature_drift_score`               | gauge     | model, feature, method  |
 * | `mlops_feature_drift_p_value`             | gauge     | model, feature, method  |
 * | `mlops_feature_drift_detected`            | gauge 0/1 | model, feature, method  |
 * | `mlops_dataset_drift_share_ratio`         | gauge     | model                   |
 * | `mlops_dataset_drift_detected`            | gauge 0/1 | model                   |
 * | `mlops_concept_drift_detections_total`    | counter   | model, detector         |
 * | `mlops_concept_drift_warning`             | gauge 0/1 | model, detector         |
 * | `mlops_realized_performance`              | gauge     | model, metric           |
 * | `mlops_estimated_performance`             | gauge     | model, metric           |
 * | `mlops_estimated_performance_lower/upper` | gauge     | model, metric           |
 * | `mlops_reference_info`                    | gauge = 1 | model, reference_hash   |
 *
 * @example
 * ```ts
 * import { Registry } from 'prom-client';
 * import { createMonitorMetrics } from '@dagnostics/monitor/prometheus';
 *
 * const metrics = createMonitorMetrics({ registry: new Registry() });
 * const stop = metrics.startPredictionTimer({ model: 'log-classifier', version: '3' });
 * // ... predict ...
 * stop('success');
 * ```
 */
export function createMonitorMetrics(options: MonitorMetricsOptions): MonitorMetrics {
  const { registry } = options;
  const prefix = options.prefix ?? 'mlops_';
  if (!metricNamePattern.test(`${prefix}x`)) {
    throw new InvalidArgumentError({
      argument: 'prefix',
      message: `createMonitorMetrics: prefix ${JSON.stringify(prefix)} is not a valid start of a Prometheus metric name; use letters, digits and underscores, e.g. "mlops_"`,
    });
  }
  const names: Record<MetricRole, string> = {
    predictions: `${prefix}predictions_total`,
    latency: `${prefix}prediction_latency_seconds`,
    featureDriftScore: `${prefix}feature_drift_score`,
    featureDriftPValue: `${prefix}feature_drift_p_value`,
    featureDriftDetected: `${prefix}feature_drift_detected`,
    datasetDriftShare: `${prefix}dataset_drift_share_ratio`,
    datasetDriftDetected: `${prefix}dataset_drift_detected`,
    conceptDriftDetections: `${prefix}concept_drift_detections_total`,
    conceptDriftWarning: `${prefix}concept_drift_warning`,
    realizedPerformance: `${prefix}realized_performance`,
    estimatedPerformance: `${prefix}estimated_performance`,
    estimatedPerformanceLower: `${prefix}estimated_performance_lower`,
    estimatedPerformanceUpper: `${prefix}estimated_performance_upper`,
    referenceInfo: `${prefix}reference_info`,
  };
  const registers = [registry];
  const predictions = new Counter({
    name: names.predictions,
    help: 'Predictions served, by outcome (success or error).',
    labelNames: ['model', 'version', 'outcome'] as const,
    registers,
  });
  const latency = new Histogram({
    name: names.latency,
    help: 'Time to serve one prediction request, in seconds.',
    labelNames: ['model', 'version'] as const,
    registers,
    ...(options.latencyBuckets === undefined ? {} : { buckets: [...options.latencyBuckets] }),
  });
  const featureLabels = ['model', 'feature', 'method'] as const;
  const featureScore = new Gauge({
    name: names.featureDriftScore,
    help: 'Drift score of one feature: the p-value or distance its drift test compares with the threshold.',
    labelNames: featureLabels,
    registers,
  });
  const featurePValue = new Gauge({
    name: names.featureDriftPValue,
    help: 'p-value of the drift test of one feature, for tests that give one.',
    labelNames: featureLabels,
    registers,
  });
  const featureDetected = new Gauge({
    name: names.featureDriftDetected,
    help: '1 when the drift test of the feature detected drift, else 0.',
    labelNames: featureLabels,
    registers,
  });
  const datasetShare = new Gauge({
    name: names.datasetDriftShare,
    help: 'Share of the tested columns that drifted (0 to 1).',
    labelNames: ['model'] as const,
    registers,
  });
  const datasetDetected = new Gauge({
    name: names.datasetDriftDetected,
    help: '1 when the share of drifted columns reached the dataset drift share, else 0.',
    labelNames: ['model'] as const,
    registers,
  });
  const conceptDetections = new Counter({
    name: names.conceptDriftDetections,
    help: 'Concept drifts flagged by a streaming detector.',
    labelNames: ['model', 'detector'] as const,
    registers,
  });
  const conceptWarning = new Gauge({
    name: names.conceptDriftWarning,
    help: '1 while a streaming detector is in its warning zone, else 0.',
    labelNames: ['model', 'detector'] as const,
    registers,
  });
  const performanceLabels = ['model', 'metric'] as const;
  const realized = new Gauge({
    name: names.realizedPerformance,
    help: 'Performance measured against ground-truth labels over the last window.',
    labelNames: performanceLabels,
    registers,
  });
  const estimated = new Gauge({
    name: names.estimatedPerformance,
    help: 'Performance estimated without labels (confidence-based performance estimation).',
    labelNames: performanceLabels,
    registers,
  });
  const estimatedLower = new Gauge({
    name: names.estimatedPerformanceLower,
    help: 'Lower end of the confidence band of the estimated performance.',
    labelNames: performanceLabels,
    registers,
  });
  const estimatedUpper = new Gauge({
    name: names.estimatedPerformanceUpper,
    help: 'Upper end of the confidence band of the estimated performance.',
    labelNames: performanceLabels,
    registers,
  });
  const referenceInfo = new Gauge({
    name: names.referenceInfo,
    help: 'The reference dataset a model is compared with, as a label; always 1.',
    labelNames: ['model', 'reference_hash'] as const,
    registers,
  });
  const referenceByModel = new Map<string, string>();

  const finiteOrThrow = (argument: string, value: number): number => {
    if (!Number.isFinite(value)) {
      throw new InvalidArgumentError({
        argument,
        message: `MonitorMetrics: ${argument} is ${value}; only finite numbers can be exported (a NaN score means the drift test had no data: fix the input rather than export it)`,
      });
    }
    return value;
  };

  const observePrediction: MonitorMetrics['observePrediction'] = (labels) => {
    const version = labels.version ?? '';
    const count = labels.count ?? 1;
    if (!Number.isInteger(count) || count < 0) {
      throw new InvalidArgumentError({
        argument: 'count',
        message: `MonitorMetrics.observePrediction: count must be a non-negative integer, got ${count}`,
      });
    }
    predictions.inc({ model: labels.model, version, outcome: labels.outcome ?? 'success' }, count);
    if (labels.latencySeconds !== undefined) {
      const seconds = finiteOrThrow('latencySeconds', labels.latencySeconds);
      latency.observe({ model: labels.model, version }, seconds);
    }
  };

  return {
    registry,
    names,
    observePrediction,
    startPredictionTimer(labels) {
      const started = process.hrtime.bigint();
      return (outcome = 'success') => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        observePrediction({ ...labels, outcome, latencySeconds: seconds });
        return seconds;
      };
    },
    recordColumnDrift({ model }, columns) {
      for (const column of columns) {
        const labels = { model, feature: column.feature, method: column.method };
        featureScore.set(labels, finiteOrThrow(`score of ${column.feature}`, column.score));
        if (column.pValue !== undefined) {
          featurePValue.set(labels, finiteOrThrow(`pValue of ${column.feature}`, column.pValue));
        }
        featureDetected.set(labels, column.drift ? 1 : 0);
      }
    },
    recordDatasetDrift({ model }, result) {
      datasetShare.set({ model }, finiteOrThrow('share', result.share));
      datasetDetected.set({ model }, result.drift ? 1 : 0);
    },
    recordConceptDrift(labels, state) {
      // inc(0) creates the series, so a detector that never fired still exports 0.
      conceptDetections.inc(labels, state.drift ? 1 : 0);
      conceptWarning.set(labels, state.warning ? 1 : 0);
    },
    recordRealizedPerformance(labels, value) {
      realized.set(labels, finiteOrThrow('value', value));
    },
    recordEstimatedPerformance(labels, estimate) {
      estimated.set(labels, finiteOrThrow('value', estimate.value));
      if (estimate.lower !== undefined) {
        estimatedLower.set(labels, finiteOrThrow('lower', estimate.lower));
      }
      if (estimate.upper !== undefined) {
        estimatedUpper.set(labels, finiteOrThrow('upper', estimate.upper));
      }
    },
    setReferenceInfo({ model, referenceHash }) {
      const previous = referenceByModel.get(model);
      if (previous !== undefined && previous !== referenceHash) {
        referenceInfo.remove({ model, reference_hash: previous });
      }
      referenceByModel.set(model, referenceHash);
      referenceInfo.set({ model, reference_hash: referenceHash }, 1);
    },
  };
}
