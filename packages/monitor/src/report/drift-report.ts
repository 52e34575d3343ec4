import { histogram, histogramBinEdges } from '@dagnostics/core/stats';
import { cleanColumn, isNumericValues } from '../drift/clean-column';
import {
  type DatasetColumnDrift,
  type DatasetDriftOptions,
  type DatasetDriftResult,
  type DriftTableInput,
  detectDatasetDrift,
  readTableColumn,
} from '../drift/dataset-drift';
import type { CategoricalValue, ColumnValues } from '../drift/types';

/** Shares of reference and current values per bin (numerical) or category (categorical). */
export type ColumnDistribution =
  | {
      kind: 'num';
      /** Bin edges (Sturges on both samples together, at most 40 bins); the last bin is closed. */
      edges: number[];
      /** Share of the reference values in each bin (sums to 1). */
      reference: number[];
      current: number[];
    }
  | {
      kind: 'cat';
      /** Categories by reference frequency, then current; the rest are summed into `otherLabel`. */
      categories: string[];
      reference: number[];
      current: number[];
      /** Label of the last entry when categories were folded, else undefined. */
      otherLabel?: string;
    };

/** One column of a drift report: the verdict and both distributions. */
export interface DriftReportColumn extends DatasetColumnDrift {
  distribution: ColumnDistribution;
}

/** A drift report, plain JSON: the dataset verdict and each column's test and distributions. */
export interface DriftReport {
  /** Format marker of this JSON. */
  format: 'dagnostics.drift-report/1';
  title: string;
  /** ISO 8601 time the report was made. */
  generatedAt: string;
  dataset: Omit<DatasetDriftResult, 'columns'> & { testedColumns: number };
  columns: DriftReportColumn[];
}

/** Options of {@link createDriftReport}. */
export interface DriftReportOptions extends DatasetDriftOptions {
  title?: string;
  /** Most categories drawn per categorical column before the rest are folded. Default 20. */
  maxCategories?: number;
  /** Clock, for reproducible reports. Default `new Date()`. */
  now?: () => Date;
}

const maxNumericBins = 40;
const maxValueBins = 20;

function shares(counts: ArrayLike<number>, total: number): number[] {
  return Array.from(counts, (count) => (total === 0 ? 0 : count / total));
}

function numericDistribution(reference: Float64Array, current: Float64Array): ColumnDistribution {
  const combined = new Float64Array(reference.length + current.length);
  combined.set(reference);
  combined.set(current, reference.length);
  let edges = histogramBinEdges(combined, 'sturges');
  if (edges.length - 1 > maxNumericBins) edges = histogramBinEdges(combined, maxNumericBins);
  return {
    kind: 'num',
    edges: Array.from(edges),
    reference: shares(histogram(reference, edges), reference.length),
    current: shares(histogram(current, edges), current.length),
  };
}

function categoryLabel(value: CategoricalValue): string {
  return typeof value === 'string' ? value : String(value);
}

function categoricalDistribution(
  reference: readonly CategoricalValue[],
  current: readonly CategoricalValue[],
  maxCategories: number,
): ColumnDistribution {
  const count = (values: readonly CategoricalValue[]) => {
    const counts = new Map<string, number>();
    for (const value of values) {
      const label = categoryLabel(value);
      counts.set(label, (counts.get(label) ?? 0) + 1);
    }
    return counts;
  };
  const referenceCounts = count(reference);
  const currentCounts = count(current);
  const allLabels = [...new Set([...referenceCounts.keys(), ...currentCounts.keys()])];
  const numeric = reference.every((value) => typeof value === 'number');
  const labels = numeric
    ? allLabels.sort((a, b) => Number(a) - Number(b))
    : allLabels.sort(
        (a, b) =>
          (referenceCounts.get(b) ?? 0) - (referenceCounts.get(a) ?? 0) ||
          (currentCounts.get(b) ?? 0) - (currentCounts.get(a) ?? 0) ||
          (a < b ? -1 : a > b ? 1 : 0),
      );
  const kept = labels.slice(0, maxCategories);
  const folded = labels.slice(maxCategories);
  const fraction = (counts: Map<string, number>, total: number) => {
    const values = kept.map((label) => (counts.get(label) ?? 0) / total);
    if (folded.length > 0) {
      values.push(folded.reduce((sum, label) => sum + (counts.get(label) ?? 0), 0) / total);
    }
    return values;
  };
  const otherLabel = `${folded.length} other${folded.length === 1 ? '' : 's'}`;
  return {
    kind: 'cat',
    categories: folded.length > 0 ? [...kept, otherLabel] : kept,
    reference: fraction(referenceCounts, reference.length),
    current: fraction(currentCounts, current.length),
    ...(folded.length > 0 ? { otherLabel } : {}),
  };
}

/**
 * Runs {@link detectDatasetDrift} and adds, per column, the reference and current
 * distributions a person needs to see why a column drifted: shared histogram bins for
 * numerical columns, category shares for categorical ones. The result is plain JSON
 * (`JSON.stringify` it to store it); {@link renderDriftReportHtml} draws it.
 *
 * @example
 * ```ts
 * const report = createDriftReport(reference, current, { title: 'Airflow failure logs, week 48' });
 * await writeFile('drift.json', JSON.stringify(report));
 * await writeFile('drift.html', renderDriftReportHtml(report));
 * ```
 */
export function createDriftReport(
  reference: DriftTableInput,
  current: DriftTableInput,
  options: DriftReportOptions = {},
): DriftReport {
  const result = detectDatasetDrift(reference, current, options);
  const maxCategories = options.maxCategories ?? 20;
  const columns = result.columns.map((column): DriftReportColumn => {
    const where = { column: column.column };
    const referenceValues = cleanColumn(
      readTableColumn(reference, column.column, 'reference'),
      column.columnType,
      { ...where, dataset: 'reference' },
    );
    const currentValues = cleanColumn(
      readTableColumn(current, column.column, 'current'),
      column.columnType,
      { ...where, dataset: 'current' },
    );
    // Numerical columns with few distinct values are drawn value by value, as their tests
    // (chisquare, z, jensenshannon on value bins) see them.
    const distribution =
      column.columnType === 'num' &&
      isNumericValues(referenceValues) &&
      column.uniqueValues > maxValueBins
        ? numericDistribution(referenceValues as Float64Array, currentValues as Float64Array)
        : categoricalDistribution(
            Array.from(referenceValues as ArrayLike<CategoricalValue>),
            Array.from(currentValues as ArrayLike<CategoricalValue>),
            maxCategories,
          );
    return { ...column, distribution };
  });
  const { columns: _columns, ...dataset } = result;
  return {
    format: 'dagnostics.drift-report/1',
    title: options.title ?? 'Data drift report',
    generatedAt: (options.now?.() ?? new Date()).toISOString(),
    dataset: { ...dataset, testedColumns: result.columns.length },
    columns,
  };
}

export type { ColumnValues };
