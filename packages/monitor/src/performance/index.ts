/**
 * Performance metrics and label-free performance estimation for monitoring.
 *
 * - Classification and regression metrics that match scikit-learn 1.9.1 (accuracy,
 *   precision/recall/F-scores with every averaging and `zero_division` rule, confusion
 *   matrices, ROC curves and AUC, log loss, calibration curves and ECE; MAE, RMSE, MAPE, R²).
 *   Labels may be strings or integers.
 * - NannyML 0.13.1's chunking (by size, count or calendar period), reference-chunk
 *   thresholds (mean ± 3σ) and alert flags.
 * - NannyML 0.13.1's CBPE: estimated ROC AUC, F1, precision, recall, specificity and
 *   accuracy for binary classifiers from predicted probabilities alone, with isotonic
 *   calibration and a ±3 standard-error band.
 *
 * @example
 * ```ts
 * import {
 *   accuracy,
 *   chunkBySize,
 *   computeOverChunks,
 *   flagOutsideThresholds,
 *   standardDeviationThresholds,
 * } from '@dagnostics/monitor/performance';
 *
 * const reference = computeOverChunks(chunkBySize(refTrue.length, { size: 500 }), { refTrue, refPred },
 *   (rows) => accuracy(rows.refTrue, rows.refPred));
 * const thresholds = standardDeviationThresholds(reference.map((r) => r.value), { lowerLimit: 0, upperLimit: 1 });
 * const current = computeOverChunks(chunkBySize(curTrue.length, { size: 500 }), { curTrue, curPred },
 *   (rows) => accuracy(rows.curTrue, rows.curPred));
 * const alerts = flagOutsideThresholds(current.map((r) => r.value), thresholds);
 * ```
 */
export {
  type CalibrationCheckOptions,
  type CalibrationNeed,
  type CalibrationReason,
  checkCalibrationNeed,
  fitIsotonicRegression,
  type IsotonicRegressionModel,
  type IsotonicRegressionOptions,
} from './calibration';
export {
  type BinaryEstimationInput,
  CBPE_METRICS,
  type CbpeAnalysisData,
  type CbpeChunking,
  type CbpeChunkResult,
  type CbpeEstimator,
  type CbpeMetric,
  type CbpeMetricResult,
  type CbpeOptions,
  type CbpeReferenceData,
  estimateBinaryMetrics,
  fitCbpe,
} from './cbpe';
export {
  type Chunk,
  type ChunkColumns,
  type ChunkPeriod,
  type ChunkResult,
  type ChunkSlice,
  type CountChunkOptions,
  chunkByCount,
  chunkByPeriod,
  chunkBySize,
  computeOverChunks,
  type IncompleteChunk,
  type PeriodChunkOptions,
  type SizeChunkOptions,
  type TimestampInput,
} from './chunking';
export {
  type Average,
  type AveragedScores,
  accuracy,
  areaUnderCurve,
  type CalibrationCurve,
  type CalibrationCurveOptions,
  type ConfusionMatrix,
  type ConfusionMatrixOptions,
  calibrationCurve,
  confusionMatrix,
  expectedCalibrationError,
  f1Score,
  type LogLossOptions,
  logLoss,
  type PerClassOptions,
  type PerClassScores,
  type PrecisionRecallOptions,
  precisionRecallFScore,
  precisionRecallFScorePerClass,
  precisionScore,
  type RocAucOptions,
  type RocCurve,
  type RocCurveOptions,
  recallScore,
  rocAucScore,
  rocCurve,
  type ZeroDivision,
} from './classification';
export {
  meanAbsoluteError,
  meanAbsolutePercentageError,
  type R2Options,
  r2Score,
  rootMeanSquaredError,
} from './regression';
export type { Label, LabelInput } from './shared/labels';
export type { NumericInput } from './shared/validation';
export {
  flagOutsideThresholds,
  isOutside,
  type StandardDeviationThresholdOptions,
  standardDeviationThresholds,
  type Thresholds,
} from './thresholds';
