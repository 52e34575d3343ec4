export {
  type CalibrationCheckOptions,
  type CalibrationNeed,
  type CalibrationReason,
  checkCalibrationNeed,
} from './calibration-check';
export {
  fitIsotonicRegression,
  type IsotonicRegressionModel,
  type IsotonicRegressionOptions,
} from './isotonic-regression';
