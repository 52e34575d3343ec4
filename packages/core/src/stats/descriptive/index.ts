export { mean } from './mean';
export { pairwiseSum } from './pairwise-sum';
export { skewness } from './skewness';
export { standardDeviation, type VarianceOptions, variance } from './variance';
