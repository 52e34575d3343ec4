export type { QuantileMethod } from './methods';
export { type QuantileOptions, quantile, quantiles } from './quantile';
