import type { Table, Vector } from 'apache-arrow';
import { InvalidArgumentError } from '../errors';

/**
 * The column `name` of `table`.
 *
 * @throws InvalidArgumentError (`argument: 'table'`) when `table` is not an Arrow table, and
 * (`argument: 'name'`) when it has no such column, listing the columns it has.
 */
export function getColumn(table: Table, name: string): Vector {
  if (typeof (table as Partial<Table> | null)?.getChild !== 'function') {
    throw new InvalidArgumentError({
      argument: 'table',
      message:
        'table must be an Apache Arrow Table; build one with tableFromRows or tableFromColumns.',
    });
  }
  const column = table.getChild(name);
  if (column === null) {
    const available = table.schema.fields.map((field) => JSON.stringify(field.name));
    throw new InvalidArgumentError({
      argument: 'name',
      message: `The table has no column ${JSON.stringify(name)}; it has ${available.length === 0 ? 'no columns' : available.join(', ')}. Check the spelling and letter case.`,
    });
  }
  return column;
}
