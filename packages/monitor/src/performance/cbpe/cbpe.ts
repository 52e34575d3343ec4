import { InvalidArgumentError } from '@dagnostics/core';
import { checkCalibrationNeed, readBinaryTargets } from '../calibration/calibration-check';
import { fitIsotonicRegression } from '../calibration/isotonic-regression';
import type { Chunk } from '../chunking/chunk';
import { type ChunkPeriod, chunkByPeriod } from '../chunking/period-chunker';
import { chunkByCount, chunkBySize, type IncompleteChunk } from '../chunking/size-chunker';
import type { TimestampInput } from '../chunking/timestamps';
import { accuracy } from '../classification/accuracy';
import { confusionMatrix } from '../classification/confusion-matrix';
import { precisionRecallFScore } from '../classification/precision-recall';
import { rocAucScore } from '../classification/roc-auc';
import {
  assertNotEmpty,
  assertProbabilities,
  assertSameLength,
  type NumericInput,
  toFiniteFloat64,
} from '../shared/validation';
import {
  isOutside,
  type StandardDeviationThresholdOptions,
  standardDeviationThresholds,
  type Thresholds,
} from '../thresholds/standard-deviation-threshold';
import { CBPE_METRICS, type CbpeMetric, estimateMetric } from './estimated-metrics';
import {
  type SamplingErrorComponents,
  samplingError,
  samplingErrorComponents,
} from './sampling-error';

/** How CBPE cuts data into chunks (the same for reference and analysis data). */
export type CbpeChunking =
  | { size: number; incomplete?: IncompleteChunk }
  | { count: number; incomplete?: IncompleteChunk }
  | { period: ChunkPeriod };

/** Reference data: labelled predictions the model was validated on. */
export interface CbpeReferenceData {
  /** True labels, 0 or 1. */
  yTrue: NumericInput;
  /** Predicted labels, 0 or 1. */
  yPred: NumericInput;
  /** Predicted probability (score) of class 1, in [0, 1]. */
  yPredProba: NumericInput;
  /** One time per row; required for period chunking, optional otherwise. */
  timestamps?: TimestampInput;
}

/** Analysis data: predictions whose performance is estimated; labels optional (for `realized`). */
export interface CbpeAnalysisData {
  yPred: NumericInput;
  yPredProba: NumericInput;
  /** True labels when known, to report the realized performance beside the estimate. */
  yTrue?: NumericInput;
  timestamps?: TimestampInput;
}

/** Options of {@link fitCbpe}. */
export interface CbpeOptions {
  /** Metrics to estimate. Default: `['roc_auc', 'f1', 'precision', 'recall', 'specificity', 'accuracy']`. */
  metrics?: readonly CbpeMetric[];
  /** Chunking. Default `{ count: 10 }` (NannyML's `DefaultChunker`). */
  chunking?: CbpeChunking;
  /**
   * `'auto'` (default): calibrate with isotonic regression when {@link checkCalibrationNeed}
   * says so, as NannyML; `'always'` / `'never'`: force the choice (for probabilities you
   * know to be calibrated, say).
   */
  calibration?: 'auto' | 'always' | 'never';
  /**
   * Alert threshold options per metric. Default: mean ± 3σ of the realized metric on the
   * reference chunks, limited to [0, 1] (NannyML's `StandardDeviationThreshold()`).
   */
  thresholds?: Partial<Record<CbpeMetric, StandardDeviationThresholdOptions>>;
}

/** One metric on one chunk. */
export interface CbpeMetricResult {
  /** The estimated metric (from predictions and calibrated probabilities only). */
  value: number;
  /** Standard error of the estimate on a chunk of this size, from reference data. */
  samplingError: number;
  /** The metric computed from labels; NaN when the chunk has none or it is undefined. */
  realized: number;
  /** min(1, value + 3·samplingError). */
  upperConfidenceBound: number;
  /** max(0, value − 3·samplingError). */
  lowerConfidenceBound: number;
  upperThreshold: number | null;
  lowerThreshold: number | null;
  /** Whether `value` lies outside the thresholds (strictly). */
  alert: boolean;
}

/** All metrics on one chunk. */
export interface CbpeChunkResult {
  chunk: Chunk;
  period: 'reference' | 'analysis';
  metrics: Partial<Record<CbpeMetric, CbpeMetricResult>>;
}

/** A CBPE estimator fitted on reference data. */
export interface CbpeEstimator {
  /** Whether scores are calibrated before estimation. */
  readonly calibrated: boolean;
  readonly metrics: readonly CbpeMetric[];
  /** Alert thresholds per metric, from the realized metric on the reference chunks. */
  readonly thresholds: Readonly<Partial<Record<CbpeMetric, Thresholds>>>;
  /** The estimates on the reference chunks (NannyML's reference period). */
  readonly referenceResults: readonly CbpeChunkResult[];
  /** Calibrated probabilities for raw scores (the scores themselves when not calibrating). */
  calibrate(scores: NumericInput): Float64Array;
  /** Estimates the metrics on each chunk of `data`. */
  estimate(data: CbpeAnalysisData): CbpeChunkResult[];
}

/** The band multiplier of the sampling error (NannyML's `SAMPLING_ERROR_RANGE`). */
const SAMPLING_ERROR_RANGE = 3;

function readMetrics(metrics: unknown): CbpeMetric[] {
  if (metrics === undefined) return [...CBPE_METRICS];
  if (!Array.isArray(metrics) || metrics.length === 0) {
    throw new InvalidArgumentError({
      message: `\`metrics\` must be a non-empty list of ${CBPE_METRICS.join(', ')}.`,
      argument: 'metrics',
    });
  }
  for (const metric of metrics) {
    if (!CBPE_METRICS.includes(metric)) {
      throw new InvalidArgumentError({
        message: `Unknown CBPE metric ${JSON.stringify(metric)}; use one of ${CBPE_METRICS.join(', ')}.`,
        argument: 'metrics',
      });
    }
  }
  return [...new Set(metrics as CbpeMetric[])];
}

interface Columns {
  yPred: Float64Array;
  scores: Float64Array;
  yTrue: Float64Array | undefined;
}

function readColumns(data: CbpeAnalysisData | CbpeReferenceData, labelsRequired: boolean): Columns {
  if (data === null || typeof data !== 'object') {
    throw new InvalidArgumentError({
      message:
        'CBPE data must be an object with `yPred`, `yPredProba` and (for reference data) `yTrue` arrays.',
      argument: 'data',
    });
  }
  const yPred = readBinaryTargets(data.yPred, 'yPred');
  const scores = toFiniteFloat64(data.yPredProba, 'yPredProba');
  assertSameLength(yPred, 'yPred', scores, 'yPredProba');
  assertNotEmpty(scores.length, 'yPredProba', 'a CBPE estimate');
  assertProbabilities(scores, 'yPredProba');
  let yTrue: Float64Array | undefined;
  if (data.yTrue !== undefined || labelsRequired) {
    yTrue = readBinaryTargets(data.yTrue, 'yTrue');
    assertSameLength(yTrue, 'yTrue', scores, 'yPredProba');
  }
  return { yPred, scores, yTrue };
}

function makeChunks(
  chunking: CbpeChunking,
  length: number,
  timestamps: TimestampInput | undefined,
): Chunk[] {
  if ('period' in chunking) {
    if (timestamps === undefined) {
      throw new InvalidArgumentError({
        message:
          'Period chunking needs `timestamps` in the data; pass one time per row or chunk by size or count.',
        argument: 'timestamps',
      });
    }
    return chunkByPeriod(timestamps, { period: chunking.period });
  }
  if ('size' in chunking) return chunkBySize(length, { ...chunking, timestamps });
  if ('count' in chunking) return chunkByCount(length, { ...chunking, timestamps });
  throw new InvalidArgumentError({
    message: '`chunking` must be { size }, { count } or { period }.',
    argument: 'chunking',
  });
}

function take(values: Float64Array, rows: number[]): Float64Array {
  return Float64Array.from(rows, (row) => values[row] as number);
}

/**
 * The metric from labels, as NannyML computes the realized performance: ROC AUC on the raw
 * scores; F1, precision and recall NaN when the labels or the predictions hold one class;
 * specificity NaN without negatives.
 */
function realizedMetric(
  metric: CbpeMetric,
  yTrue: Float64Array,
  yPred: Float64Array,
  scores: Float64Array,
): number {
  const oneClass = (values: Float64Array) => new Set(values).size <= 1;
  switch (metric) {
    case 'roc_auc':
      return oneClass(yTrue) ? Number.NaN : rocAucScore(yTrue, scores);
    case 'f1':
    case 'precision':
    case 'recall': {
      if (oneClass(yTrue) || oneClass(yPred)) return Number.NaN;
      const scoresByName = precisionRecallFScore(yTrue, yPred);
      return metric === 'f1' ? scoresByName.fScore : scoresByName[metric];
    }
    case 'specificity': {
      const [[tn, fp]] = confusionMatrix(yTrue, yPred, { labels: [0, 1] }).matrix as [
        [number, number],
      ];
      return tn + fp === 0 ? Number.NaN : tn / (tn + fp);
    }
    case 'accuracy':
      return accuracy(yTrue, yPred);
  }
}

/**
 * Fits NannyML 0.13.1's confidence-based performance estimation (CBPE) for binary
 * classification on labelled reference data. The estimator then estimates ROC AUC, F1,
 * precision, recall, specificity and accuracy on unlabelled data from predicted
 * probabilities alone, with a ±3 standard-error band and alert thresholds.
 *
 * Steps, as NannyML's `CBPE(problem_type='classification_binary').fit(reference)`:
 * 1. per metric, sampling-error components from the reference rows, and thresholds
 *    (mean ± 3σ, limited to [0, 1]) from the realized metric on each reference chunk;
 * 2. whether to calibrate ({@link checkCalibrationNeed}); if so an isotonic regression of
 *    `yTrue` on the scores (clipped outside the reference range) calibrates all scores;
 * 3. estimation on the reference chunks (the `reference` period).
 *
 * CBPE assumes the calibrated probabilities stay right on new data: no concept drift
 * (P(y | x) unchanged) and no shift into regions unseen in the reference.
 *
 * @example
 * ```ts
 * const cbpe = fitCbpe(reference, { chunking: { size: 500 } });
 * for (const { chunk, metrics } of cbpe.estimate(analysis)) {
 *   if (metrics.roc_auc?.alert) console.warn(`ROC AUC may have dropped in ${chunk.key}`);
 * }
 * ```
 * @throws EmptyInputError for empty data; InvalidArgumentError for labels or predictions
 * other than 0/1, scores outside [0, 1] or NaN, mismatched lengths, unknown metrics or
 * chunking, period chunking without timestamps, and (with `calibration: 'auto'`) reference
 * data too small for the calibration check.
 */
export function fitCbpe(reference: CbpeReferenceData, options: CbpeOptions = {}): CbpeEstimator {
  const metrics = readMetrics(options.metrics);
  const chunking = options.chunking ?? { count: 10 };
  const calibration = options.calibration ?? 'auto';
  if (calibration !== 'auto' && calibration !== 'always' && calibration !== 'never') {
    throw new InvalidArgumentError({
      message: `\`calibration\` must be 'auto', 'always' or 'never'; got ${String(calibration)}.`,
      argument: 'calibration',
    });
  }
  const columns = readColumns(reference, true);
  const yTrue = columns.yTrue as Float64Array;
  const referenceChunks = makeChunks(chunking, yTrue.length, reference.timestamps);

  const components = new Map<CbpeMetric, SamplingErrorComponents>();
  const thresholds: Partial<Record<CbpeMetric, Thresholds>> = {};
  for (const metric of metrics) {
    components.set(metric, samplingErrorComponents(metric, yTrue, columns.yPred, columns.scores));
    const realized = referenceChunks.map((chunk) =>
      realizedMetric(
        metric,
        take(yTrue, chunk.rows),
        take(columns.yPred, chunk.rows),
        take(columns.scores, chunk.rows),
      ),
    );
    thresholds[metric] = standardDeviationThresholds(realized, {
      lowerLimit: 0,
      upperLimit: 1,
      ...options.thresholds?.[metric],
    });
  }

  const calibrated =
    calibration === 'always' ||
    (calibration === 'auto' && checkCalibrationNeed(yTrue, columns.scores).needed);
  const calibrator = calibrated
    ? fitIsotonicRegression(columns.scores, yTrue, { outOfBounds: 'clip' })
    : undefined;
  const calibrate = (scores: NumericInput) =>
    calibrator === undefined ? toFiniteFloat64(scores, 'scores') : calibrator.predict(scores);

  const estimateChunks = (data: Columns, chunks: Chunk[], period: CbpeChunkResult['period']) => {
    const probabilities = calibrate(data.scores);
    return chunks.map((chunk): CbpeChunkResult => {
      const yPred = take(data.yPred, chunk.rows);
      const scores = take(data.scores, chunk.rows);
      const chunkProbabilities = take(probabilities, chunk.rows);
      const chunkTruth = data.yTrue === undefined ? undefined : take(data.yTrue, chunk.rows);
      const results: Partial<Record<CbpeMetric, CbpeMetricResult>> = {};
      for (const metric of metrics) {
        const value = estimateMetric(metric, yPred, chunkProbabilities, scores);
        const error = samplingError(
          components.get(metric) as SamplingErrorComponents,
          chunk.rows.length,
        );
        const limits = thresholds[metric] as Thresholds;
        results[metric] = {
          value,
          samplingError: error,
          realized:
            chunkTruth === undefined
              ? Number.NaN
              : realizedMetric(metric, chunkTruth, yPred, scores),
          upperConfidenceBound: Math.min(1, value + SAMPLING_ERROR_RANGE * error),
          lowerConfidenceBound: Math.max(0, value - SAMPLING_ERROR_RANGE * error),
          upperThreshold: limits.upper,
          lowerThreshold: limits.lower,
          alert: isOutside(value, limits),
        };
      }
      return { chunk, period, metrics: results };
    });
  };

  const referenceResults = estimateChunks(columns, referenceChunks, 'reference');
  return {
    calibrated,
    metrics,
    thresholds,
    referenceResults,
    calibrate,
    estimate(data: CbpeAnalysisData): CbpeChunkResult[] {
      const analysis = readColumns(data, false);
      return estimateChunks(
        analysis,
        makeChunks(chunking, analysis.scores.length, data.timestamps),
        'analysis',
      );
    },
  };
}
