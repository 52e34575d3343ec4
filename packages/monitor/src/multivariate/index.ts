/**
 * Multivariate drift by PCA data reconstruction error, after NannyML 0.13.1's
 * `DataReconstructionDriftCalculator`: fit imputation, count encoding, standardization and
 * PCA on reference data, then report each chunk's mean reconstruction error against
 * thresholds from the reference chunks. It catches changes in how columns relate to each
 * other that per-column drift tests miss.
 *
 * @example
 * ```ts
 * import { fitReconstructionDrift } from '@dagnostics/monitor';
 *
 * const model = fitReconstructionDrift(reference, {
 *   continuousColumns: ['weight_kg', 'price_eur'],
 *   categoricalColumns: ['colour'],
 *   chunkSize: 500,
 * });
 * const alerts = model.evaluate(current).filter((chunk) => chunk.alert);
 * ```
 */
export { fitReconstructionDrift } from './reconstruction-drift';
export type {
  IncompleteChunkHandling,
  ReconstructionChunkingOptions,
  ReconstructionColumnValues,
  ReconstructionDriftChunk,
  ReconstructionDriftModel,
  ReconstructionDriftOptions,
  ReconstructionEvaluateOptions,
  ReconstructionPreprocessing,
  ReconstructionTableInput,
  ReconstructionThreshold,
} from './types';
