export {
  flagOutsideThresholds,
  isOutside,
  type StandardDeviationThresholdOptions,
  standardDeviationThresholds,
  type Thresholds,
} from './standard-deviation-threshold';
