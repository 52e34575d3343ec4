/**
 * Profiles of reference data and their history: TFDV's schema inference, deequ's constraint
 * suggestion (as expectations of this engine), a metrics repository of past runs, and
 * deequ's anomaly checks over it.
 *
 * @example
 * ```ts
 * const suite = defineSuite(suggestExpectations(inferSchema(reference), { rangeMargin: 0.1 }));
 * const repository = createMetricsRepository({ path: 'metrics.jsonl' });
 * const metrics = computeColumnMetrics(today);
 * const report = await checkAnomalies(repository, 'orders', metrics, [onlineNormal('nullFraction')]);
 * await repository.save({ dataset: 'orders', metrics });
 * ```
 */
export {
  type AbsoluteChangeRule,
  type AnomalyRule,
  absoluteChange,
  type OnlineNormalRule,
  onlineNormal,
  type RelativeRateOfChangeRule,
  relativeRateOfChange,
} from './anomaly-rules';
export {
  type Anomaly,
  type AnomalyReport,
  checkAnomalies,
  detectAnomalies,
  type SkippedAnomalyCheck,
} from './check-anomalies';
export {
  type ColumnMetrics,
  computeColumnMetrics,
  type MetricName,
  type TableMetrics,
} from './column-metrics';
export {
  type ColumnSchema,
  type InferredSchema,
  type InferSchemaOptions,
  inferSchema,
} from './infer-schema';
export {
  createInMemoryMetricsRepository,
  createMetricsRepository,
  type LoadMetricsOptions,
  type MetricsRecord,
  type MetricsRepository,
  type MetricsRepositorySettings,
  type SaveMetricsInput,
} from './metrics-repository';
export { type SuggestExpectationsOptions, suggestExpectations } from './suggest-expectations';
