import { DataType, DateUnit, type Table } from 'apache-arrow';
import { DataFormatError, InvalidArgumentError } from '../errors';
import { decodeStrings } from './decode-strings';
import { formatIsoDate, formatIsoTimestamp } from './iso-timestamp';
import { supportedTypesDescription, type ValueFamily, valueFamilyOf } from './value-family';

/** One column of a table as the text writers see it. */
export interface ColumnCells {
  name: string;
  family: ValueFamily;
  /** Cells in the JavaScript form of `family`, `null` for nulls. */
  values: unknown[];
  /** ISO 8601 text of a timestamp or date cell (a date-only type gives `YYYY-MM-DD`). */
  formatTime(epochMilliseconds: number, index: number): string;
}

/**
 * Every column of `table` read for a text writer.
 *
 * @throws InvalidArgumentError (`argument: 'table'`) when a column's type has no text form
 * here (lists, structs, binary, decimals…).
 */
export function columnCells(table: Table, format: 'csv' | 'jsonl'): ColumnCells[] {
  return table.schema.fields.map((field, column) => {
    const family = valueFamilyOf(field.type);
    if (family === undefined) {
      throw new InvalidArgumentError({
        argument: 'table',
        message: `Column ${JSON.stringify(field.name)} has type ${String(field.type)}, which ${format === 'csv' ? 'CSV' : 'JSON Lines'} writing does not support. Convert it first (to strings, say) or drop it with table.select(); supported types: ${supportedTypesDescription}.`,
      });
    }
    const vector = table.getChildAt(column);
    const values: unknown[] =
      vector === null ? [] : family === 'string' ? decodeStrings(vector) : Array.from(vector);
    const dateOnly = DataType.isDate(field.type) && field.type.unit === DateUnit.DAY;
    const formatTime = (epochMilliseconds: number, index: number): string => {
      try {
        return dateOnly ? formatIsoDate(epochMilliseconds) : formatIsoTimestamp(epochMilliseconds);
      } catch (error) {
        throw new DataFormatError({
          format,
          line: index + 1,
          message: `Column ${JSON.stringify(field.name)}, row ${index + 1}: the time ${epochMilliseconds} ms since 1970 is outside the range of a JavaScript Date and has no ISO 8601 form. Fix or drop the value.`,
          cause: error,
        });
      }
    };
    return { name: field.name, family, values, formatTime };
  });
}
