import type { Table } from 'apache-arrow';

/** The names of the table's columns, in schema order. */
export function columnNames(table: Table): string[] {
  return table.schema.fields.map((field) => field.name);
}
