// Arrow's own types, so that callers use the same apache-arrow version as core.
export type { Field, Schema, Table, Vector } from 'apache-arrow';
export {
  type ArrowIpcFormat,
  readArrowIpc,
  type WriteArrowIpcOptions,
  writeArrowIpc,
} from './arrow-ipc';
export {
  type ReadArrowIpcFileOptions,
  readArrowIpcFile,
  type WriteArrowIpcFileOptions,
  writeArrowIpcFile,
} from './arrow-ipc-file';
export { columnNames } from './column-names';
export { defaultCsvNullValues } from './csv-null-values';
export type { DataSource } from './data-source';
export type { StringEncoding } from './infer-value-type';
export { type IterateJsonLinesOptions, iterateJsonLines } from './iterate-json-lines';
export { type NumericColumn, numericColumn } from './numeric-column';
export { type ReadCsvOptions, readCsv } from './read-csv';
export { type ReadJsonLinesOptions, readJsonLines } from './read-json-lines';
export { stringColumn } from './string-column';
export {
  type ColumnValues,
  type NumericTypedArray,
  type TableFromColumnsOptions,
  tableFromColumns,
} from './table-from-columns';
export { type TableFromRowsOptions, tableFromRows } from './table-from-rows';
export { type WriteCsvOptions, writeCsv } from './write-csv';
export { type WriteCsvFileOptions, writeCsvFile } from './write-csv-file';
export { writeJsonLines } from './write-json-lines';
