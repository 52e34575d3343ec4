import type { Table } from '@dagnostics/core/arrow';
import type { NumericArray } from '@dagnostics/core/stats';

/**
 * The values of one column: numbers for a continuous column (`NaN`, `null` or
 * `undefined` mark a missing value), strings for a categorical one (`null` or `undefined`
 * mark a missing value).
 */
export type ReconstructionColumnValues =
  | NumericArray
  | readonly (number | null | undefined)[]
  | readonly (string | null | undefined)[];

/**
 * A data set for the reconstruction drift calculator: an Apache Arrow table (numeric
 * columns for the continuous columns, Utf8 or dictionary columns for the categorical ones)
 * or plain columns by name, all of the same length. Rows are taken in order; sort them by
 * time first if the chunks should follow time.
 */
export type ReconstructionTableInput = Table | Readonly<Record<string, ReconstructionColumnValues>>;

/**
 * How the alert thresholds are derived from the reconstruction errors of the reference
 * chunks (NannyML's `thresholds.py`).
 *
 * - `standard-deviation` (NannyML's `StandardDeviationThreshold`): the mean of the
 *   reference chunk values ∓ a multiple of their population standard deviation (ddof 0).
 *   A multiplier of `null` means no threshold on that side. Defaults: 3 and 3.
 * - `constant` (NannyML's `ConstantThreshold`): fixed bounds; `null` means none.
 *
 * Whatever the kind, a lower threshold at or below 0 is dropped (`null`): a reconstruction
 * error cannot be negative, so NannyML removes such a bound instead of clipping it.
 */
export type ReconstructionThreshold =
  | {
      kind: 'standard-deviation';
      /** Standard deviations below the mean; `null` for no lower threshold. Default 3. */
      lowerMultiplier?: number | null;
      /** Standard deviations above the mean; `null` for no upper threshold. Default 3. */
      upperMultiplier?: number | null;
    }
  | {
      kind: 'constant';
      /** The lower threshold; `null` (the default) for none. */
      lower?: number | null;
      /** The upper threshold; `null` (the default) for none. */
      upper?: number | null;
    };

/**
 * What to do with the rows left over after the last full chunk (NannyML's
 * `SizeBasedChunker(incomplete=...)`): `keep` them as a smaller last chunk (NannyML's
 * default), `drop` them, or `append` them to the last full chunk.
 */
export type IncompleteChunkHandling = 'keep' | 'drop' | 'append';

/** How rows are cut into chunks. */
export interface ReconstructionChunkingOptions {
  /** Rows per chunk (NannyML's `chunk_size`); a positive integer. */
  chunkSize: number;
  /** The rows after the last full chunk. Default `keep`, NannyML's default. */
  incomplete?: IncompleteChunkHandling;
}

/** Options of {@link fitReconstructionDrift}. */
export interface ReconstructionDriftOptions extends ReconstructionChunkingOptions {
  /** Columns of numbers; missing values are imputed with their reference mean. */
  continuousColumns?: readonly string[];
  /**
   * Columns of category labels (strings); missing values are imputed with their most
   * frequent reference label, then each label is replaced by its reference frequency
   * (a label the reference never saw by 0).
   */
  categoricalColumns?: readonly string[];
  /**
   * Keep the fewest principal components whose explained variance ratios add up to more
   * than this (scikit-learn's `PCA(n_components=float)`). In (0, 1); default 0.65,
   * NannyML's default. Give this or `componentCount`, not both.
   */
  varianceExplained?: number;
  /**
   * Keep exactly this many principal components (scikit-learn's `PCA(n_components=int)`),
   * from 1 to the number of columns (and at most the number of reference rows).
   */
  componentCount?: number;
  /** How alert thresholds come from the reference chunks. Default `{ kind: 'standard-deviation' }` (mean ± 3σ). */
  threshold?: ReconstructionThreshold;
}

/** The reconstruction error of one chunk, with its uncertainty and verdict. */
export interface ReconstructionDriftChunk {
  /** NannyML's chunk key, `[startIndex:endIndex]`. */
  key: string;
  /** Position of the chunk in its data set, from 0. */
  chunkIndex: number;
  /** Row index of the chunk's first row, from 0. */
  startIndex: number;
  /** Row index of the chunk's last row (inclusive, as NannyML's `end_index`). */
  endIndex: number;
  /** Rows in the chunk. */
  rowCount: number;
  /**
   * The mean over the chunk's rows of the Euclidean distance between the standardized row
   * and its reconstruction from the kept principal components (in standard deviations).
   */
  reconstructionError: number;
  /**
   * The standard error of that mean: the rows' sample standard deviation (ddof 1) over
   * √rowCount. `NaN` for a chunk of one row.
   */
  samplingError: number;
  /** `reconstructionError + 3·samplingError`. */
  upperConfidenceBound: number;
  /** `max(reconstructionError − 3·samplingError, 0)`; `NaN` when the sampling error is. */
  lowerConfidenceBound: number;
  /** The upper alert threshold, or `null` for none. */
  upperThreshold: number | null;
  /** The lower alert threshold, or `null` for none. */
  lowerThreshold: number | null;
  /** True unless `lowerThreshold < reconstructionError < upperThreshold` (strictly). */
  alert: boolean;
}

/** The fitted preprocessing, as NannyML's imputers, count encoder and scaler hold it. */
export interface ReconstructionPreprocessing {
  /** Imputation values of the continuous columns (their reference means). */
  continuousImputation: Readonly<Record<string, number>>;
  /**
   * Imputation values of the categorical columns: the most frequent reference label; on a
   * tie, the smallest label by Unicode code points (as scikit-learn's `SimpleImputer`).
   */
  categoricalImputation: Readonly<Record<string, string>>;
  /** For each categorical column, each reference label's share of the reference rows (after imputation). */
  countEncodings: Readonly<Record<string, ReadonlyMap<string, number>>>;
  /** Column means after imputation and encoding, by column (StandardScaler's `mean_`). */
  scalerMean: Readonly<Record<string, number>>;
  /**
   * Column standard deviations (ddof 0) after imputation and encoding, by column
   * (StandardScaler's `scale_`); 1 for a column that is constant within rounding.
   */
  scalerScale: Readonly<Record<string, number>>;
}

/** Options of {@link ReconstructionDriftModel.evaluate}. */
export interface ReconstructionEvaluateOptions {
  /** Rows per chunk. Default: the chunk size the model was fitted with. */
  chunkSize?: number;
  /** The rows after the last full chunk. Default: the model's setting. */
  incomplete?: IncompleteChunkHandling;
}

/** A reconstruction drift calculator fitted on reference data. */
export interface ReconstructionDriftModel {
  /** The columns, in the order the model uses: continuous first, then categorical. */
  readonly columns: readonly string[];
  /** The continuous columns. */
  readonly continuousColumns: readonly string[];
  /** The categorical columns. */
  readonly categoricalColumns: readonly string[];
  /** The fitted imputation, encoding and scaling. */
  readonly preprocessing: ReconstructionPreprocessing;
  /** Principal components kept. */
  readonly componentCount: number;
  /** The explained variance ratio of each kept component, largest first. */
  readonly explainedVarianceRatio: readonly number[];
  /** The upper alert threshold from the reference chunks, or `null` for none. */
  readonly upperThreshold: number | null;
  /** The lower alert threshold from the reference chunks, or `null` for none (also when it fell at or below 0). */
  readonly lowerThreshold: number | null;
  /** The reference data's own chunks, as NannyML reports them for the `reference` period. */
  readonly referenceChunks: readonly ReconstructionDriftChunk[];
  /**
   * The reconstruction error of each chunk of `current` (NannyML's `analysis` period),
   * with the model's thresholds and alerts.
   *
   * @throws InvalidArgumentError when a column is missing, has the wrong kind of values
   * or an infinite value, or the options are invalid.
   */
  evaluate(
    current: ReconstructionTableInput,
    options?: ReconstructionEvaluateOptions,
  ): ReconstructionDriftChunk[];
  /**
   * The reconstruction error of every row of `data`, in standard deviations.
   *
   * @throws InvalidArgumentError as {@link ReconstructionDriftModel.evaluate}.
   */
  rowErrors(data: ReconstructionTableInput): Float64Array;
}
