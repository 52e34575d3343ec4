import { InvalidArgumentError } from '@dagnostics/core';
import { numericColumn, stringColumn, type Table } from '@dagnostics/core/arrow';
import { isNumericValues } from './clean-column';
import { type ColumnDriftResult, detectColumnDrift } from './column-drift';
import { type ColumnType, type ColumnValues, type DriftTest, decideDrift } from './types';

/** A table of columns: an Arrow table, or plain columns by name. */
export type DriftTableInput = Table | Readonly<Record<string, ColumnValues>>;

/** Multiple-testing correction applied to the p-value tests of a dataset. */
export type DriftCorrection = 'none' | 'bonferroni' | 'benjamini-hochberg';

/** Options of {@link detectDatasetDrift}. */
export interface DatasetDriftOptions {
  /** Columns to test. Default: every column of the reference (each must be in the current data). */
  columns?: readonly string[];
  /** Column types by name; others are inferred (`num` for numbers, `cat` otherwise). */
  columnTypes?: Readonly<Record<string, ColumnType>>;
  /** One test for every column (Evidently's `stattest`). Default: chosen per column. */
  method?: string | DriftTest;
  /** The test for numerical columns (`num_stattest`). */
  numMethod?: string | DriftTest;
  /** The test for categorical columns (`cat_stattest`). */
  catMethod?: string | DriftTest;
  /** Tests by column name (`per_column_stattest`); win over the others. */
  perColumnMethod?: Readonly<Record<string, string | DriftTest>>;
  /** One threshold for every column. Default: each test's own. */
  threshold?: number;
  /** Thresholds by column name; win over `threshold`. */
  perColumnThreshold?: Readonly<Record<string, number>>;
  /** The dataset drifts when at least this share of columns drifts. Default 0.5 (Evidently's). */
  driftShare?: number;
  /**
   * Correction for testing many columns at once, applied to the p-value tests only
   * (distances are not probabilities). Default `none`, which is Evidently's behaviour.
   * `bonferroni` multiplies each p-value by their count; `benjamini-hochberg` uses the
   * step-up adjusted p-values (as statsmodels' `fdr_bh`). Each column then compares its
   * adjusted p-value with its threshold by its test's own rule.
   */
  correction?: DriftCorrection;
}

/** A column's verdict within a dataset, with its adjusted p-value when corrected. */
export interface DatasetColumnDrift extends ColumnDriftResult {
  /** The p-value after the multiple-testing correction; absent for distances or `none`. */
  adjustedScore?: number;
}

/** The drift verdict of a dataset. */
export interface DatasetDriftResult {
  columns: DatasetColumnDrift[];
  driftedColumns: number;
  /** `driftedColumns / columns.length`. */
  share: number;
  driftShare: number;
  /** `share >= driftShare`, Evidently's rule. */
  drift: boolean;
  correction: DriftCorrection;
}

function isArrowTable(input: DriftTableInput): input is Table {
  return typeof (input as Table).getChild === 'function' && 'schema' in input;
}

function columnNamesOf(input: DriftTableInput): string[] {
  return isArrowTable(input) ? input.schema.fields.map((field) => field.name) : Object.keys(input);
}

/** One column of a table input, by name; the error names the side and lists the columns. */
export function readTableColumn(
  input: DriftTableInput,
  name: string,
  dataset: 'reference' | 'current',
): ColumnValues {
  if (isArrowTable(input)) {
    if (input.getChild(name) === null) {
      throw new InvalidArgumentError({
        argument: dataset,
        message: `Column ${JSON.stringify(name)} is missing from the ${dataset} table; it has ${columnNamesOf(input).join(', ')}`,
      });
    }
    const typeId = String(input.schema.fields.find((field) => field.name === name)?.type);
    if (/Utf8|Dictionary/i.test(typeId)) return stringColumn(input, name);
    const { values, valid } = numericColumn(input, name);
    if (/Bool/i.test(typeId)) {
      return Array.from(values, (value, index) =>
        valid !== null && valid[index] === 0 ? null : value === 1,
      );
    }
    return values;
  }
  const values = input[name];
  if (values === undefined) {
    throw new InvalidArgumentError({
      argument: dataset,
      message: `Column ${JSON.stringify(name)} is missing from the ${dataset} data; it has ${columnNamesOf(input).join(', ')}`,
    });
  }
  return values;
}

function adjustPValues(pValues: readonly number[], correction: DriftCorrection): number[] {
  const count = pValues.length;
  if (correction === 'none') return [...pValues];
  if (correction === 'bonferroni') return pValues.map((p) => Math.min(1, p * count));
  const order = pValues
    .map((_, index) => index)
    .sort((a, b) => (pValues[a] ?? 0) - (pValues[b] ?? 0));
  const adjusted = new Array<number>(count);
  let running = 1;
  for (let rank = count; rank >= 1; rank--) {
    const index = order[rank - 1] as number;
    running = Math.min(running, ((pValues[index] as number) * count) / rank);
    adjusted[index] = running;
  }
  return adjusted;
}

/**
 * Tests every column of `current` against `reference` and decides whether the dataset
 * drifted, as Evidently's `DataDriftPreset` / `DriftedColumnsCount` do: per-column tests
 * chosen automatically unless set, `share = drifted / tested`, dataset drift when
 * `share >= driftShare` (0.5 by default). Optionally corrects the p-value tests for
 * testing many columns at once.
 *
 * @throws InvalidArgumentError when a column is missing from either side, or a setting is
 * out of range; EmptyInputError when a column has no values (name and side in the message).
 *
 * @example
 * ```ts
 * const result = detectDatasetDrift(referenceTable, currentTable, { correction: 'benjamini-hochberg' });
 * console.log(result.share, result.columns.filter((column) => column.drift).map((c) => c.column));
 * ```
 */
export function detectDatasetDrift(
  reference: DriftTableInput,
  current: DriftTableInput,
  options: DatasetDriftOptions = {},
): DatasetDriftResult {
  const driftShare = options.driftShare ?? 0.5;
  if (!(driftShare >= 0 && driftShare <= 1)) {
    throw new InvalidArgumentError({
      argument: 'driftShare',
      message: `driftShare is ${driftShare}; give a share between 0 and 1 (Evidently's default is 0.5)`,
    });
  }
  const correction = options.correction ?? 'none';
  const names = options.columns ?? columnNamesOf(reference);
  if (names.length === 0) {
    throw new InvalidArgumentError({
      argument: 'columns',
      message: 'There are no columns to test; pass tables with columns, or name them in `columns`',
    });
  }
  let columns: DatasetColumnDrift[] = names.map((name) => {
    const referenceValues = readTableColumn(reference, name, 'reference');
    const currentValues = readTableColumn(current, name, 'current');
    const columnType =
      options.columnTypes?.[name] ??
      (isNumericValues(referenceValues) && isNumericValues(currentValues) ? 'num' : 'cat');
    const method =
      options.perColumnMethod?.[name] ??
      options.method ??
      (columnType === 'num' ? options.numMethod : options.catMethod);
    const threshold = options.perColumnThreshold?.[name] ?? options.threshold;
    return detectColumnDrift(name, referenceValues, currentValues, {
      columnType,
      ...(method === undefined ? {} : { method }),
      ...(threshold === undefined ? {} : { threshold }),
    });
  });

  if (correction !== 'none') {
    const tested = columns.filter((column) => column.rule.startsWith('p-value'));
    const adjusted = new Map(
      adjustPValues(
        tested.map((column) => column.score),
        correction,
      ).map((score, index) => [tested[index], score]),
    );
    columns = columns.map((column) => {
      const score = adjusted.get(column);
      if (score === undefined) return column;
      return {
        ...column,
        adjustedScore: score,
        drift: decideDrift(column.rule, score, column.threshold),
      };
    });
  }
  const driftedColumns = columns.filter((column) => column.drift).length;
  const share = driftedColumns / columns.length;
  return { columns, driftedColumns, share, driftShare, drift: share >= driftShare, correction };
}
