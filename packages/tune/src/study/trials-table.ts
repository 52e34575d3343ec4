import { type Table, tableFromColumns } from '@dagnostics/core';
import type { FrozenTrial, StudyDirection } from '../types';

/** An Arrow table of trials (see {@link trialsToTable}). */
export type TrialsTable = Table;

/**
 * One column of values that may mix kinds: kept as numbers, strings or booleans when all
 * non-null values are of that one kind, else every non-null value written as JSON text.
 */
function uniformColumn(values: readonly unknown[]): unknown[] {
  const kinds = new Set(
    values.filter((value) => value !== null && value !== undefined).map((value) => typeof value),
  );
  const simple = kinds.size <= 1 && !kinds.has('object');
  return values.map((value) =>
    value === undefined || value === null ? null : simple ? value : JSON.stringify(value),
  );
}

function sortedKeys(records: readonly Readonly<Record<string, unknown>>[]): string[] {
  const keys = new Set<string>();
  for (const record of records) for (const key of Object.keys(record)) keys.add(key);
  return [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The trials as an Arrow table with the columns of Optuna's `study.trials_dataframe()`:
 * `number`, `value` (or `values_0`, `values_1`... for several objectives),
 * `datetime_start`, `datetime_complete` (timestamps), `duration_ms` (Optuna's `duration`
 * is a timedelta; here milliseconds), `params_<name>`, `user_attrs_<key>`,
 * `system_attrs_<key>` (names sorted), and `state`. A column whose values mix kinds holds
 * JSON text.
 */
export function trialsToTable(
  trials: readonly FrozenTrial[],
  directions: readonly StudyDirection[],
): TrialsTable {
  const columns: Record<string, unknown[]> = {};
  columns.number = trials.map((trial) => trial.number);
  if (directions.length === 1) {
    columns.value = trials.map((trial) => trial.values?.[0] ?? null);
  } else {
    directions.forEach((_direction, index) => {
      columns[`values_${index}`] = trials.map((trial) => trial.values?.[index] ?? null);
    });
  }
  columns.datetime_start = trials.map((trial) => trial.datetimeStart);
  columns.datetime_complete = trials.map((trial) => trial.datetimeComplete);
  columns.duration_ms = trials.map((trial) =>
    trial.datetimeStart !== null && trial.datetimeComplete !== null
      ? trial.datetimeComplete.getTime() - trial.datetimeStart.getTime()
      : null,
  );
  const groups = [
    ['params', (trial: FrozenTrial) => trial.params],
    ['user_attrs', (trial: FrozenTrial) => trial.userAttrs],
    ['system_attrs', (trial: FrozenTrial) => trial.systemAttrs],
  ] as const;
  for (const [prefix, read] of groups) {
    const records = trials.map(read);
    for (const key of sortedKeys(records)) {
      columns[`${prefix}_${key}`] = uniformColumn(records.map((record) => record[key]));
    }
  }
  columns.state = trials.map((trial) => trial.state);
  return tableFromColumns(columns);
}
