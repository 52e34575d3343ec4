export {
  type CbpeAnalysisData,
  type CbpeChunking,
  type CbpeChunkResult,
  type CbpeEstimator,
  type CbpeMetricResult,
  type CbpeOptions,
  type CbpeReferenceData,
  fitCbpe,
} from './cbpe';
export {
  type BinaryEstimationInput,
  CBPE_METRICS,
  type CbpeMetric,
  estimateBinaryMetrics,
} from './estimated-metrics';
