import { type ColumnData, cellAt, isNullAt } from './column-data';
import { withinBounds } from './evaluate-column-aggregate';
import type { CompoundUniqueExpectation, TableExpectation } from './expectations';
import { type Failure, listOutcome, mapOutcome, type Outcome } from './outcome';

/** Evaluates a table-level expectation other than compound uniqueness. */
export function evaluateTable(
  expectation: Exclude<TableExpectation, CompoundUniqueExpectation>,
  columnNames: string[],
  rowCount: number,
): Outcome {
  const statistics = { nullCount: 0, unexpectedCount: null, unexpectedPercent: null };
  switch (expectation.type) {
    case 'expect_table_row_count_to_be_between': {
      const success = withinBounds(rowCount, expectation);
      return listOutcome(success ? [] : [{ column: null, failureCase: rowCount, rowIndex: null }], {
        ...statistics,
        observedValue: rowCount,
      });
    }
    case 'expect_table_columns_to_exist': {
      const present = new Set(columnNames);
      const failures = expectation.columns
        .filter((name) => !present.has(name))
        .map((name) => schemaFailure(name, 'missing'));
      return listOutcome(failures, {
        ...statistics,
        unexpectedCount: failures.length,
        observedValue: columnNames,
      });
    }
    case 'expect_table_columns_to_match_set': {
      const expected = new Set(expectation.columns);
      const present = new Set(columnNames);
      const failures = expectation.columns
        .filter((name) => !present.has(name))
        .map((name) => schemaFailure(name, 'missing'));
      if (expectation.exactMatch ?? true) {
        for (const name of columnNames)
          if (!expected.has(name)) failures.push(schemaFailure(name, 'unexpected'));
      }
      return listOutcome(failures, {
        ...statistics,
        unexpectedCount: failures.length,
        observedValue: columnNames,
      });
    }
    case 'expect_table_columns_to_match_ordered_list': {
      const failures: Failure[] = [];
      const length = Math.max(columnNames.length, expectation.columns.length);
      for (let position = 0; position < length; position++) {
        const expected = expectation.columns[position];
        const found = columnNames[position];
        if (expected !== found) {
          failures.push({ column: expected ?? null, failureCase: found ?? null, rowIndex: null });
        }
      }
      return listOutcome(failures, {
        ...statistics,
        unexpectedCount: failures.length,
        observedValue: columnNames,
      });
    }
  }
}

function schemaFailure(column: string, finding: 'missing' | 'unexpected'): Failure {
  return { column, failureCase: finding, rowIndex: null };
}

/**
 * Compound uniqueness: every row whose combination of values occurs more than once is
 * unexpected; rows where all the columns are null are skipped and counted as null.
 */
export function evaluateCompoundUnique(
  expectation: CompoundUniqueExpectation,
  columns: ColumnData[],
  rowCount: number,
): Outcome {
  const keys: (string | null)[] = new Array(rowCount);
  const counts = new Map<string, number>();
  let skipped = 0;
  for (let index = 0; index < rowCount; index++) {
    let allNull = true;
    let key = '';
    for (const column of columns) {
      const isNull = isNullAt(column, index);
      if (!isNull) allNull = false;
      key += `${keyPart(column, index, isNull)}\u0000`;
    }
    if (allNull) {
      keys[index] = null;
      skipped++;
      continue;
    }
    keys[index] = key;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const unexpected: number[] = [];
  for (let index = 0; index < rowCount; index++) {
    const key = keys[index];
    if (key != null && (counts.get(key) as number) > 1) unexpected.push(index);
  }
  const label = expectation.columns.join(', ');
  return mapOutcome({
    unexpected,
    denominator: rowCount - skipped,
    nullCount: skipped,
    mostly: expectation.mostly,
    failureAt: (rowIndex) => ({
      column: label,
      failureCase: columns.map((column) => cellAt(column, rowIndex)),
      rowIndex,
    }),
  });
}

function keyPart(column: ColumnData, index: number, isNull: boolean): string {
  if (isNull) return 'null';
  switch (column.kind) {
    case 'numeric':
      return `n${column.values[index]}`;
    case 'string':
      return `s${JSON.stringify(column.values[index])}`;
    case 'other':
      return `o${JSON.stringify(cellAt(column, index))}`;
  }
}
