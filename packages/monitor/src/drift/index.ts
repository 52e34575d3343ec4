/**
 * Data drift: two-sample tests and distances that match scipy and Evidently, Evidently's
 * automatic choice of test per column, and dataset-level drift with optional
 * multiple-testing correction.
 */
export * from './binned';
export {
  type ColumnDriftOptions,
  type ColumnDriftResult,
  chooseDriftTest,
  detectColumnDrift,
  getDriftTest,
} from './column-drift';
export {
  type DatasetColumnDrift,
  type DatasetDriftOptions,
  type DatasetDriftResult,
  type DriftCorrection,
  type DriftTableInput,
  detectDatasetDrift,
} from './dataset-drift';
export { driftTestRegistry } from './registry';
export * from './samples';
export {
  type CategoricalValue,
  type ColumnType,
  type ColumnValues,
  type DriftRule,
  type DriftTest,
  type DriftTestResult,
  decideDrift,
} from './types';
