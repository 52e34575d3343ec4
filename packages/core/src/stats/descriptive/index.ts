export { mean } from './mean';
export { skewness } from './skewness';
export { standardDeviation, type VarianceOptions, variance } from './variance';
