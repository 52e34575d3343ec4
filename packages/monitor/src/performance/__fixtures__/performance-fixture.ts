import { type GoldenDocument, readGolden } from '../../../test/support/golden';
import type { Label } from '../shared/labels';

/**
 * The shape of `__fixtures__/performance.json`, written by
 * scripts/python/golden/gen_monitor_performance.py from scikit-learn 1.9.1 and NannyML 0.13.1.
 * Test-only; not exported from the package.
 */
export interface PerformanceFixture {
  versions: Record<string, string>;
  classification: ClassificationCase[];
  roc: { binary: BinaryRocCase[]; multiclass: MulticlassRocCase[] };
  logLoss: LogLossCase[];
  calibrationCurve: CalibrationCurveCase[];
  regression: RegressionCase[];
  chunking: ChunkingCases;
  thresholds: ThresholdCase[];
  isotonic: IsotonicCase[];
  randomState: RandomStateCases;
  calibrationCheck: CalibrationCheckCase[];
  cbpeEstimates: CbpeEstimateCase[];
  cbpe: CbpeScenario[];
}

export interface ScoresCase {
  precision: number[];
  recall: number[];
  fScore: number[];
  support: number[];
}

export interface ClassificationCase {
  name: string;
  yTrue: Label[];
  yPred: Label[];
  accuracy: number;
  labels: Label[];
  confusionMatrix: number[][];
  reorderedLabels: Label[];
  confusionMatrixReordered: number[][];
  confusionMatrixNormalized: Record<'true' | 'pred' | 'all', number[][]>;
  perClass: Record<'0' | '1' | 'nan', ScoresCase>;
  averaged: {
    average: 'micro' | 'macro' | 'weighted' | 'binary';
    beta: number;
    zeroDivision: '0' | '1' | 'nan';
    labels?: Label[];
    precision: number;
    recall: number;
    fScore: number;
  }[];
  positiveLabel?: Label;
  f1Binary?: number;
}

export interface CurveCase {
  falsePositiveRate: number[];
  truePositiveRate: number[];
  thresholds: number[];
}

export interface BinaryRocCase {
  name: string;
  yTrue: Label[];
  yScore: number[];
  auc: number;
  curves?: { drop: CurveCase; keep: CurveCase };
  positiveLabel?: Label | null;
}

export interface MulticlassRocCase {
  name: string;
  yTrue: Label[];
  yScore: number[][];
  labels: Label[] | null;
  auc: Record<'macro' | 'weighted' | 'micro', number>;
}

export interface LogLossCase {
  name: string;
  yTrue: Label[];
  yProba: number[] | number[][];
  labels?: Label[];
  expected: number;
}

export interface CalibrationCurveCase {
  name: string;
  yTrue: Label[];
  yProb: number[];
  positiveLabel: Label | null;
  variants: {
    strategy: 'uniform' | 'quantile';
    bins: number;
    fractionOfPositives: number[];
    meanPredictedProbability: number[];
    binCounts: number[];
    ece: number;
  }[];
}

export interface RegressionCase {
  name: string;
  yTrue: number[];
  yPred: number[];
  meanAbsoluteError: number;
  rootMeanSquaredError: number;
  meanAbsolutePercentageError: number;
  r2: number;
  r2NotForced: number;
}

export interface GoldenChunk {
  key: string;
  index: number;
  startIndex: number;
  endIndex: number;
  rows?: number[];
  startTimeMs?: number;
  endTimeMs?: number;
  accuracy?: number;
}

export interface ChunkingCases {
  size: {
    length: number;
    size: number;
    incomplete: 'keep' | 'append' | 'drop';
    chunks: GoldenChunk[];
  }[];
  timedSize: { timestamps: number[]; size: number; chunks: GoldenChunk[] };
  count: { length: number; count: number; chunks: GoldenChunk[] }[];
  period: {
    period: 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';
    timestamps: number[];
    chunks: GoldenChunk[];
  }[];
  yTrue: number[];
  yPred: number[];
}

export interface ThresholdCase {
  name: string;
  values: number[];
  variants: {
    lowerMultiplier: number | null;
    upperMultiplier: number | null;
    lowerLimit: number | null;
    upperLimit: number | null;
    overrideUsingNone: boolean;
    lower: number | null;
    upper: number | null;
  }[];
}

export interface IsotonicFit {
  xThresholds: number[];
  yThresholds: number[];
  predictions: number[];
}

export interface IsotonicCase {
  name: string;
  x: number[];
  y: number[];
  increasing: boolean;
  grid: number[];
  nan: IsotonicFit;
  clip: IsotonicFit;
}

export interface RandomStateCases {
  permutationsSeed42: number[][];
  splitClasses: number[];
  splits: { train: number[]; test: number[] }[];
  splitClassesThree: number[];
  splitsThree: { train: number[]; test: number[] }[];
}

export interface CalibrationCheckCase {
  name: string;
  yTrue: number[];
  yPredProba: number[];
  needsCalibration: boolean;
  errorBefore?: number;
  errorAfter?: number;
  errorAfterStableSort?: number;
}

export interface CbpeEstimateCase {
  name: string;
  yPred: number[];
  probabilities: number[];
  roc_auc: number;
  f1: number;
  precision: number;
  recall: number;
  specificity: number;
  accuracy: number;
}

export interface CbpeColumns {
  yTrue: number[];
  yPred: number[];
  yPredProba: number[];
  timestamps?: number[];
}

export interface CbpeGoldenMetric {
  value: number;
  samplingError: number;
  realized: number;
  upperConfidenceBound: number;
  lowerConfidenceBound: number;
  upperThreshold: number | null;
  lowerThreshold: number | null;
  alert: boolean;
}

export interface CbpeScenario {
  name: string;
  chunking: { size: number } | { count: number } | { period: 'week' | 'month' | 'day' };
  reference: CbpeColumns;
  analysis: CbpeColumns;
  needsCalibration: boolean;
  results: {
    key: string;
    period: 'reference' | 'analysis';
    startIndex: number;
    endIndex: number;
    metrics: Record<string, CbpeGoldenMetric>;
  }[];
}

let cached: GoldenDocument<PerformanceFixture> | undefined;

/** The parsed fixture (read once per test file). */
export function performanceGolden(): PerformanceFixture {
  cached ??= readGolden<PerformanceFixture>(
    new URL('./performance.json', import.meta.url),
  );
  return cached.cases;
}
