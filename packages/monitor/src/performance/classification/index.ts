export { accuracy } from './accuracy';
export {
  type CalibrationCurve,
  type CalibrationCurveOptions,
  calibrationCurve,
  expectedCalibrationError,
} from './calibration-curve';
export {
  type ConfusionMatrix,
  type ConfusionMatrixOptions,
  confusionMatrix,
} from './confusion-matrix';
export { type LogLossOptions, logLoss } from './log-loss';
export {
  type Average,
  type AveragedScores,
  f1Score,
  type PerClassOptions,
  type PerClassScores,
  type PrecisionRecallOptions,
  precisionRecallFScore,
  precisionRecallFScorePerClass,
  precisionScore,
  recallScore,
  type ZeroDivision,
} from './precision-recall';
export {
  areaUnderCurve,
  type RocAucOptions,
  type RocCurve,
  type RocCurveOptions,
  rocAucScore,
  rocCurve,
} from './roc-auc';
