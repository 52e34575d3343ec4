import type { Table } from 'apache-arrow';

/** A column's values as Arrow's getters return them; fails the test when it is missing. */
export function columnValues(table: Table, name: string): unknown[] {
  const column = table.getChild(name);
  if (column === null) throw new Error(`no column ${name}`);
  return [...column];
}
