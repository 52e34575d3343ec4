import { readGolden } from '../../../test/support/golden';
import type { CategoricalValue, ColumnType, ColumnValues } from '../types';

/** A verdict of one Evidently stattest, or the first line of the ValueError it raised. */
export interface EvidentlyVerdict {
  score?: number;
  drift?: boolean;
  threshold?: number;
  error?: string;
}

/** One pair of samples with every anchor's answer on it (gen_monitor_binned.py). */
export interface SampleCase {
  name: string;
  columnType: Extract<ColumnType, 'num' | 'cat'>;
  dtype: 'float64' | 'int64' | 'str' | 'bool';
  reference: (number | string | boolean | null)[];
  current: (number | string | boolean | null)[];
  /** Evidently's bin keys in Python set order; null when numbers were binned by range. */
  binKeys: (number | string | boolean)[] | null;
  binned: { reference: number[]; current: number[] };
  binnedZeroFilled: { reference: number[]; current: number[] };
  evidently: Record<string, EvidentlyVerdict>;
  statistics: Record<string, number>;
  nannymlJensenShannon: number;
  tfdvJensenShannonDivergence: number | null;
}

interface VectorCase {
  name: string;
  p: number[];
  q: number[];
  base?: number | null;
  expected: number;
}

interface PowerDivergenceCase {
  fObs: number[];
  fExp: number[] | null;
  lambda: 'pearson' | 'log-likelihood';
  statistic?: number;
  pvalue?: number;
  error?: string | null;
}

interface FisherCase {
  table: [[number, number], [number, number]];
  alternative: 'two-sided' | 'less' | 'greater';
  statistic: number;
  pvalue: number;
}

interface HypergeometricCase {
  k: number;
  population: number;
  successes: number;
  draws: number;
  pmf: number;
  cdf: number;
  sf: number;
}

/** The cases of packages/monitor/src/drift/__fixtures__/binned.json. */
export interface BinnedGolden {
  anchors: Record<string, string>;
  samples: SampleCase[];
  vectors: {
    entropy: VectorCase[];
    jensenshannon: VectorCase[];
    psi: VectorCase[];
    tvd: VectorCase[];
  };
  powerDivergence: PowerDivergenceCase[];
  fisherExact: FisherCase[];
  hypergeometric: HypergeometricCase[];
}

/** Reads the binned drift fixture. */
export function readBinnedGolden(): BinnedGolden {
  return readGolden<BinnedGolden>(new URL('./binned.json', import.meta.url)).cases;
}

/** A fixture sample as the tests pass it: an Int32Array for numpy int64 data. */
export function sampleValues(
  values: SampleCase['reference'],
  dtype: SampleCase['dtype'],
): ColumnValues {
  if (dtype === 'int64') return Int32Array.from(values as number[]);
  return values as CategoricalValue[];
}

/** The category key a Python bin key stands for (`True`/`False` are 1/0 in Python). */
export function pythonKey(key: number | string | boolean): number | string {
  return typeof key === 'boolean' ? Number(key) : key;
}
