import {
  type Data,
  type Field,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  type Vector,
} from 'apache-arrow';

/**
 * A table of the given columns, all of `length` rows. Single-chunk columns share their
 * buffers with the table (one record batch, nothing copied); when some column has several
 * chunks, Arrow splits the batches where any column's chunk ends.
 */
export function assembleTable(
  fields: readonly Field[],
  vectors: readonly Vector[],
  length: number,
): Table {
  if (vectors.every((vector) => vector.data.length === 1)) {
    const schema = new Schema([...fields]);
    const data = makeData({
      type: new Struct(schema.fields),
      length,
      nullCount: 0,
      children: vectors.map((vector) => vector.data[0] as Data),
    });
    return new Table(schema, new RecordBatch(schema, data));
  }
  let table: Table | undefined;
  fields.forEach((field, index) => {
    const column = new Table({ [field.name]: vectors[index] as Vector });
    table = table === undefined ? column : table.assign(column);
  });
  return table ?? new Table();
}
