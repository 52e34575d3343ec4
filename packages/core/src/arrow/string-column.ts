import { DataType, type Table } from 'apache-arrow';
import { InvalidArgumentError } from '../errors';
import { decodeStrings } from './decode-strings';
import { getColumn } from './get-column';

/**
 * The string column `name` as an array, `null` for nulls. Accepts Utf8, LargeUtf8 and
 * dictionaries of those; a dictionary's distinct values are decoded once per chunk, not
 * once per row. A column of the Null type (no value at all) gives all nulls. Values are decoded exactly, a leading U+FEFF included (Arrow JS's own
 * getters drop it).
 *
 * @throws InvalidArgumentError (`argument: 'name'`) when the column does not exist
 * (listing those that do) or does not hold strings (naming its type).
 */
export function stringColumn(table: Table, name: string): (string | null)[] {
  const column = getColumn(table, name);
  const type = column.type as DataType;
  const isString = (candidate: DataType) =>
    DataType.isUtf8(candidate) || DataType.isLargeUtf8(candidate);
  const isStrings = DataType.isDictionary(type) ? isString(type.dictionary) : isString(type);
  if (!isStrings && !DataType.isNull(type)) {
    throw new InvalidArgumentError({
      argument: 'name',
      message: `Column ${JSON.stringify(name)} has type ${String(type)}, not strings. Use numericColumn for numbers, or read its values with table.getChild(name).`,
    });
  }
  return DataType.isNull(type) ? new Array(column.length).fill(null) : decodeStrings(column);
}
