import { type ColumnData, cellAt } from './column-data';
import { withinBounds } from './evaluate-column-aggregate';
import type { CompoundUniqueExpectation, TableExpectation } from './expectations';
import { type Failure, listOutcome, mapOutcome, type Outcome } from './outcome';
import { pairIds, valueIds } from './value-ids';

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
  // One id per distinct combination of values, folded column by column; a row is skipped
  // when every column is null there (id 0 in each).
  let combined: Int32Array | null = null;
  const allNull = new Uint8Array(rowCount).fill(1);
  for (const column of columns) {
    const ids = valueIds(column, rowCount);
    for (let index = 0; index < rowCount; index++) if (ids[index] !== 0) allNull[index] = 0;
    combined = combined === null ? ids : pairIds(combined, ids);
  }
  let skipped = 0;
  for (let index = 0; index < rowCount; index++) skipped += allNull[index] as number;
  const counts = new Int32Array(rowCount + 1);
  const unexpected: number[] = [];
  if (combined !== null) {
    for (let index = 0; index < rowCount; index++) {
      if (allNull[index] === 0) {
        const id = combined[index] as number;
        counts[id] = (counts[id] as number) + 1;
      }
    }
    for (let index = 0; index < rowCount; index++) {
      if (allNull[index] === 0 && (counts[combined[index] as number] as number) > 1)
        unexpected.push(index);
    }
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
