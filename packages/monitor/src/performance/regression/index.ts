export {
  meanAbsoluteError,
  meanAbsolutePercentageError,
  type R2Options,
  r2Score,
  rootMeanSquaredError,
} from './regression-metrics';
