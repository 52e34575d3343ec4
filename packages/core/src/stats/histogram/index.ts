export { type HistogramBinEdgesOptions, histogramBinEdges } from './bin-edges';
export type { BinEstimator } from './bin-width-estimators';
export { histogram } from './histogram';
