import {
  histogram,
  histogramBinEdges,
  mean,
  numericColumn,
  quantiles,
  standardDeviation,
  stringColumn,
  type Table,
} from '@dagnostics/core';

/** The seven labels of the DAGnostics error classifier, in report order. */
export const categories = [
  'resource_error',
  'data_quality',
  'dependency_failure',
  'configuration_error',
  'permission_error',
  'timeout_error',
  'unknown',
] as const;

const lengthQuantiles = [0, 0.05, 0.25, 0.5, 0.75, 0.95, 1] as const;

/** What the demo prints, as data (also written by `--json`). */
export interface LogProfile {
  rows: number;
  columns: string[];
  categories: { category: string; count: number; share: number; medianDurationS: number }[];
  logLength: {
    quantiles: { q: number; characters: number }[];
    mean: number;
    std: number;
    /** Histogram over log10(characters) with numpy's 'sturges' bin edges. */
    histogram: { fromCharacters: number; toCharacters: number; count: number }[];
  };
  operators: { operator: string; count: number }[];
  retries: { onRetry: number; final: number };
}

/** Profiles a table of task-failure records (the sample's schema). */
export function profileLogs(table: Table): LogProfile {
  const logs = stringColumn(table, 'log');
  const labels = stringColumn(table, 'category');
  const durations = numericColumn(table, 'duration_s').values;
  const tries = numericColumn(table, 'try_number').values;
  const maxTries = numericColumn(table, 'max_tries').values;

  const lengths = new Float64Array(logs.length);
  logs.forEach((log, index) => {
    lengths[index] = log?.length ?? 0;
  });
  const logLengths = Float64Array.from(lengths, (length) => Math.log10(Math.max(length, 1)));
  const edges = histogramBinEdges(logLengths, 'sturges');
  const counts = histogram(logLengths, edges);

  const byCategory = categories.map((category) => {
    const picked: number[] = [];
    labels.forEach((label, index) => {
      if (label === category) picked.push(durations[index] ?? Number.NaN);
    });
    return {
      category,
      count: picked.length,
      share: picked.length / Math.max(labels.length, 1),
      medianDurationS:
        picked.length === 0 ? Number.NaN : (quantiles(picked, [0.5])[0] ?? Number.NaN),
    };
  });

  const operatorCounts = new Map<string, number>();
  for (const operator of stringColumn(table, 'operator')) {
    const name = operator ?? '(none)';
    operatorCounts.set(name, (operatorCounts.get(name) ?? 0) + 1);
  }

  let onRetry = 0;
  let final = 0;
  tries.forEach((attempt, index) => {
    if (attempt > 1) onRetry += 1;
    // Airflow's max_tries counts retries: the last allowed attempt is max_tries + 1.
    if (attempt >= (maxTries[index] ?? 0) + 1) final += 1;
  });

  return {
    rows: table.numRows,
    columns: table.schema.fields.map((field) => field.name),
    categories: byCategory,
    logLength: {
      quantiles: Array.from(quantiles(lengths, [...lengthQuantiles]), (characters, index) => ({
        q: lengthQuantiles[index] ?? Number.NaN,
        characters,
      })),
      mean: mean(lengths),
      std: standardDeviation(lengths),
      histogram: Array.from(counts, (count, index) => ({
        fromCharacters: 10 ** (edges[index] ?? 0),
        toCharacters: 10 ** (edges[index + 1] ?? 0),
        count,
      })),
    },
    operators: [...operatorCounts]
      .map(([operator, count]) => ({ operator, count }))
      .sort((a, b) => b.count - a.count || a.operator.localeCompare(b.operator)),
    retries: { onRetry, final },
  };
}
