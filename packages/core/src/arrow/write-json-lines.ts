import type { Table } from 'apache-arrow';
import { isSafeBigInt } from './coerce-value';
import { type ColumnCells, columnCells } from './column-cells';

/**
 * The table as JSON Lines: one JSON object per row with the columns in schema order, each
 * line ending in `\n` (a table without rows gives `''`). Nulls are `null`; timestamps are
 * ISO 8601 strings in UTC and dates `YYYY-MM-DD`; a 64-bit integer is a JSON number when
 * it is a safe integer (|n| ≤ 2^53 − 1) and a decimal string otherwise, so no digit is
 * lost; NaN and ±Infinity, which JSON cannot hold, become `null`. `readJsonLines` with the
 * table's schema reads the text back to the same values.
 *
 * @throws InvalidArgumentError (`argument: 'table'`) when a column has a nested or binary
 * type.
 *
 * @example
 * ```ts
 * writeJsonLines(tableFromRows([{ task: 'load', seconds: 1.5 }])); // '{"task":"load","seconds":1.5}\n'
 * ```
 */
export function writeJsonLines(table: Table): string {
  const columns = columnCells(table, 'jsonl');
  const keys = columns.map(
    (column, index) => `${index === 0 ? '{' : ','}${JSON.stringify(column.name)}:`,
  );
  const encoded = columns.map(jsonOf);
  const lines: string[] = [];
  for (let row = 0; row < table.numRows; row++) {
    let line = columns.length === 0 ? '{' : '';
    for (let column = 0; column < columns.length; column++) {
      line += `${keys[column]}${encoded[column]?.[row] ?? 'null'}`;
    }
    lines.push(`${line}}\n`);
  }
  return lines.join('');
}

function jsonOf(column: ColumnCells): string[] {
  return column.values.map((value, index) => {
    if (value === null) return 'null';
    switch (column.family) {
      case 'float':
        return Number.isFinite(value) ? String(value) : 'null';
      case 'int64':
        return isSafeBigInt(value as bigint) ? String(value) : `"${String(value)}"`;
      case 'timestamp':
      case 'date':
        return JSON.stringify(column.formatTime(value as number, index));
      default:
        return JSON.stringify(value);
    }
  });
}
