import { EmptyInputError, InvalidArgumentError } from '@dagnostics/core';
import { mean, standardDeviation } from '@dagnostics/core/stats';
import { fitPreprocessing } from './preprocessing';
import {
  type ComponentSelection,
  fitPrincipalComponents,
  reconstructionErrors,
} from './principal-components';
import { sizeChunks } from './size-chunks';
import { type DatasetRole, readReconstructionColumns } from './table-input';
import { isAlert, type ThresholdPair, thresholdValues, validateThreshold } from './thresholds';
import type {
  IncompleteChunkHandling,
  ReconstructionDriftChunk,
  ReconstructionDriftModel,
  ReconstructionDriftOptions,
  ReconstructionTableInput,
} from './types';

/** NannyML's `SAMPLING_ERROR_RANGE`: confidence bounds sit this many standard errors from the value. */
const samplingErrorRange = 3;

/**
 * Fits NannyML's multivariate drift calculator by data reconstruction error
 * (`DataReconstructionDriftCalculator`, NannyML 0.13.1) on reference data.
 *
 * The anchor convention is NannyML's, step for step: missing continuous values take the
 * reference mean and missing labels the most frequent reference label; labels become their
 * reference frequency (`CountEncoder(normalize=True)`; unseen labels 0); all columns are
 * standardized (`StandardScaler`, constant columns get scale 1); PCA keeps the fewest
 * components that explain more than `varianceExplained` (0.65) of the variance. A row's
 * reconstruction error is the Euclidean distance between the standardized row and its
 * projection back from those components; a chunk's value is the mean over its rows, with
 * the standard error of that mean as sampling error and ±3 standard errors as confidence
 * bounds (the lower one floored at 0). Data are cut into chunks of `chunkSize` rows
 * (`SizeBasedChunker`, a smaller last chunk kept by default); the reference chunks give the
 * alert thresholds, by default mean ± 3·std (ddof 0) of their values, where a lower
 * threshold at or below 0 is dropped. A chunk alerts unless its value lies strictly between
 * the thresholds.
 *
 * Drift in the joint distribution shows even when every column's marginal distribution
 * stays the same: when correlations change, rows leave the subspace the reference spanned,
 * and their reconstruction error grows.
 *
 * @param reference - The reference data (an Arrow table or columns by name).
 * @param options - The columns, `chunkSize`, and optionally the number of components and
 * the threshold.
 * @returns The fitted model, with the reference chunks' results and `evaluate()` for new data.
 * @throws InvalidArgumentError when an option is invalid, a column is missing, holds the
 * wrong kind of values or an infinity, the reference has fewer than 2 rows, or every column
 * is constant; EmptyInputError when the reference has no rows or no chunk, or a column has
 * no value at all (the message names it).
 *
 * @example
 * ```ts
 * const model = fitReconstructionDrift(referenceTable, {
 *   continuousColumns: ['car_value', 'debt_to_income_ratio'],
 *   categoricalColumns: ['salary_range'],
 *   chunkSize: 5000,
 * });
 * for (const chunk of model.evaluate(currentTable)) {
 *   if (chunk.alert) console.log(chunk.key, chunk.reconstructionError, model.upperThreshold);
 * }
 * ```
 */
export function fitReconstructionDrift(
  reference: ReconstructionTableInput,
  options: ReconstructionDriftOptions,
): ReconstructionDriftModel {
  if (options === null || typeof options !== 'object') {
    throw new InvalidArgumentError({
      argument: 'options',
      message:
        'fitReconstructionDrift needs options with continuousColumns and/or categoricalColumns and a chunkSize.',
    });
  }
  const continuousColumns = validateColumnNames(options.continuousColumns, 'continuousColumns');
  const categoricalColumns = validateColumnNames(options.categoricalColumns, 'categoricalColumns');
  const columns = [...continuousColumns, ...categoricalColumns];
  if (columns.length === 0) {
    throw new InvalidArgumentError({
      argument: 'options',
      message:
        'Give at least one column in continuousColumns or categoricalColumns for the reconstruction drift calculator.',
    });
  }
  const duplicate = columns.find((name, index) => columns.indexOf(name) !== index);
  if (duplicate !== undefined) {
    throw new InvalidArgumentError({
      argument: 'options',
      message: `Column ${JSON.stringify(duplicate)} is listed twice; list each column once, in continuousColumns or in categoricalColumns.`,
    });
  }
  const chunkSize = validateChunkSize(options.chunkSize);
  const incomplete = validateIncomplete(options.incomplete ?? 'keep');
  const selection = validateSelection(options);
  const threshold = options.threshold ?? { kind: 'standard-deviation' };
  validateThreshold(threshold);

  const referenceColumns = readReconstructionColumns(
    reference,
    continuousColumns,
    categoricalColumns,
    'reference',
  );
  if (referenceColumns.rowCount === 0) {
    throw new EmptyInputError({
      argument: 'reference',
      message:
        'The reference data has no rows; fit on a data set that represents normal behaviour.',
    });
  }
  if (referenceColumns.rowCount < 2) {
    throw new InvalidArgumentError({
      argument: 'reference',
      message:
        'The reference data has a single row, which has no variance to fit principal components on; fit on more rows (several chunks of them).',
    });
  }

  const preprocessing = fitPreprocessing(referenceColumns, continuousColumns, categoricalColumns);
  const standardizedReference = preprocessing.standardize(referenceColumns);
  const pca = fitPrincipalComponents(standardizedReference, selection);

  const errorsOf = (data: ReconstructionTableInput, role: DatasetRole): Float64Array => {
    const read = readReconstructionColumns(data, continuousColumns, categoricalColumns, role);
    return reconstructionErrors(pca, preprocessing.standardize(read), read.rowCount);
  };

  const referenceErrors = reconstructionErrors(
    pca,
    standardizedReference,
    referenceColumns.rowCount,
  );
  const referenceMeasures = measureChunks(referenceErrors, chunkSize, incomplete);
  if (referenceMeasures.length === 0) {
    throw new EmptyInputError({
      argument: 'reference',
      message: `The reference data (${referenceColumns.rowCount} rows) has no complete chunk of ${chunkSize} rows to derive thresholds from, and incomplete chunks are dropped. Use a smaller chunkSize or incomplete: 'keep'.`,
    });
  }
  const thresholds = thresholdValues(
    threshold,
    Float64Array.from(referenceMeasures, (measure) => measure.reconstructionError),
  );
  const referenceChunks = referenceMeasures.map((measure) => withVerdict(measure, thresholds));

  return {
    columns,
    continuousColumns,
    categoricalColumns,
    preprocessing: preprocessing.summary,
    componentCount: pca.componentCount,
    explainedVarianceRatio: pca.explainedVarianceRatio,
    upperThreshold: thresholds.upper,
    lowerThreshold: thresholds.lower,
    referenceChunks,
    evaluate(current, evaluateOptions = {}) {
      const size =
        evaluateOptions.chunkSize === undefined
          ? chunkSize
          : validateChunkSize(evaluateOptions.chunkSize);
      const handling =
        evaluateOptions.incomplete === undefined
          ? incomplete
          : validateIncomplete(evaluateOptions.incomplete);
      const errors = errorsOf(current, 'current');
      if (errors.length === 0) {
        throw new EmptyInputError({
          argument: 'current',
          message: 'The current data has no rows; pass the rows to check for drift.',
        });
      }
      return measureChunks(errors, size, handling).map((measure) =>
        withVerdict(measure, thresholds),
      );
    },
    rowErrors(data) {
      return errorsOf(data, 'current');
    },
  };
}

type ChunkMeasure = Omit<ReconstructionDriftChunk, 'upperThreshold' | 'lowerThreshold' | 'alert'>;

function measureChunks(
  errors: Float64Array,
  chunkSize: number,
  incomplete: IncompleteChunkHandling,
): ChunkMeasure[] {
  return sizeChunks(errors.length, chunkSize, incomplete).map(
    ({ startIndex, endIndex }, chunkIndex) => {
      const rows = errors.subarray(startIndex, endIndex + 1);
      const value = mean(rows);
      // numpy's std with ddof 1 is 0/0 = NaN for one row, and so is the sampling error.
      const samplingError = standardDeviation(rows, { ddof: 1 }) / Math.sqrt(rows.length);
      return {
        key: `[${startIndex}:${endIndex}]`,
        chunkIndex,
        startIndex,
        endIndex,
        rowCount: rows.length,
        reconstructionError: value,
        samplingError,
        upperConfidenceBound: value + samplingErrorRange * samplingError,
        lowerConfidenceBound: nanMaximum(value - samplingErrorRange * samplingError, 0),
      };
    },
  );
}

/** `np.maximum`: NaN wins. */
function nanMaximum(value: number, floor: number): number {
  return Number.isNaN(value) ? value : Math.max(value, floor);
}

function withVerdict(measure: ChunkMeasure, thresholds: ThresholdPair): ReconstructionDriftChunk {
  return {
    ...measure,
    upperThreshold: thresholds.upper,
    lowerThreshold: thresholds.lower,
    alert: isAlert(measure.reconstructionError, thresholds),
  };
}

function validateColumnNames(names: unknown, argument: string): string[] {
  if (names === undefined) return [];
  if (!Array.isArray(names) || names.some((name) => typeof name !== 'string')) {
    throw new InvalidArgumentError({
      argument,
      message: `${argument} must be an array of column names (strings).`,
    });
  }
  return [...names];
}

function validateChunkSize(chunkSize: unknown): number {
  if (typeof chunkSize !== 'number' || !Number.isSafeInteger(chunkSize) || chunkSize <= 0) {
    throw new InvalidArgumentError({
      argument: 'chunkSize',
      message: `chunkSize must be a positive integer (rows per chunk); got ${String(chunkSize)}. Choose it so that the reference data makes several chunks.`,
    });
  }
  return chunkSize;
}

function validateIncomplete(incomplete: unknown): IncompleteChunkHandling {
  if (incomplete !== 'keep' && incomplete !== 'drop' && incomplete !== 'append') {
    throw new InvalidArgumentError({
      argument: 'incomplete',
      message: `incomplete must be 'keep', 'drop' or 'append'; got ${JSON.stringify(incomplete)}.`,
    });
  }
  return incomplete;
}

function validateSelection(options: ReconstructionDriftOptions): ComponentSelection {
  const { varianceExplained, componentCount } = options;
  if (varianceExplained !== undefined && componentCount !== undefined) {
    throw new InvalidArgumentError({
      argument: 'componentCount',
      message:
        'Give varianceExplained or componentCount, not both: one keeps components up to a share of the variance, the other a fixed number.',
    });
  }
  if (componentCount !== undefined) {
    if (!Number.isSafeInteger(componentCount) || componentCount < 1) {
      throw new InvalidArgumentError({
        argument: 'componentCount',
        message: `componentCount must be a positive integer; got ${String(componentCount)}.`,
      });
    }
    return { kind: 'count', componentCount };
  }
  const share = varianceExplained ?? 0.65;
  if (typeof share !== 'number' || !(share > 0 && share < 1)) {
    throw new InvalidArgumentError({
      argument: 'varianceExplained',
      message: `varianceExplained must be a fraction strictly between 0 and 1 (NannyML's default is 0.65); got ${String(share)}.`,
    });
  }
  return { kind: 'variance', varianceExplained: share };
}
