import { Field, type Schema, type Table } from 'apache-arrow';
import { DataFormatError, InvalidArgumentError } from '../errors';
import { assembleTable } from './assemble-table';
import { checkColumnNames } from './check-column-names';
import { checkDelimiter } from './check-delimiter';
import { defaultCsvNullValues } from './csv-null-values';
import { type DataSource, readSourceText } from './data-source';
import { type StringEncoding, stringType } from './infer-value-type';
import { parseCsvRecords } from './parse-csv-records';
import { lineLocator, type RecordLocator, valueError } from './record-locator';
import { inferTextType, parseTextValue } from './text-values';
import { supportedTypesDescription, valueFamilyOf } from './value-family';
import { vectorFromValues } from './vector-from-values';

/** Options of `readCsv`. */
export interface ReadCsvOptions {
  /** The field delimiter, one or more characters. Default: `','`. */
  delimiter?: string;
  /** Whether the first record names the columns. Default: `true`. */
  header?: boolean;
  /**
   * With a header: the columns to keep, in this order (each must be in the header).
   * Without a header: the names of the file's columns, in file order (default: the
   * schema's field names, else `column_1`, `column_2`…). Default: every column.
   */
  columns?: readonly string[];
  /**
   * Unquoted field values that are read as null; a quoted field is never null. Default:
   * `defaultCsvNullValues` (`''`, `NA`, `N/A`, `NULL`, `null`).
   */
  nullValues?: readonly string[];
  /**
   * Whether to infer each column's type from its values (Bool when every value is
   * true/false in any case, Float64 when every value is a number, the Null type when all
   * are null, Utf8 otherwise). When false, columns the schema does not type are Utf8.
   * Default: `true`.
   */
  inferTypes?: boolean;
  /**
   * Types for the columns it names, matched by name; columns it does not name are inferred.
   * With a header and no `columns`, the table holds exactly the schema's fields, in its
   * order. A non-nullable field refuses nulls. Timestamps are read from ISO 8601 text
   * (UTC when no zone is given). Default: none.
   */
  schema?: Schema;
  /** How inferred string columns are stored. Default: `'utf8'`. */
  stringEncoding?: StringEncoding;
}

/**
 * A table from CSV text, its UTF-8 bytes, or `{ path }` of a CSV file (read
 * synchronously). Parsing follows RFC 4180 through csv-parse: quoted fields may hold the
 * delimiter, doubled quotes and line breaks; CRLF and LF line ends both work; a leading
 * byte order mark is dropped; blank lines are skipped (except in a one-column file, where
 * a blank line is a null). Inferred fields are nullable. Every number becomes Float64.
 *
 * @throws DataFormatError (`format: 'csv'`, `line`: 1-based line where the record
 * starts) when the CSV is malformed, records differ in width, a header names a column
 * twice or lacks a requested column, or a value does not fit the schema.
 * @throws InvalidArgumentError when an option is invalid or the schema declares a type that
 * cannot be read from text.
 *
 * @example
 * ```ts
 * const table = readCsv('task,duration_s\nextract,12.5\nload,NA\n');
 * numericColumn(table, 'duration_s'); // { values: [12.5, NaN], valid: [1, 0], nullCount: 1 }
 * ```
 */
export function readCsv(input: DataSource, options: ReadCsvOptions = {}): Table {
  const delimiter = checkDelimiter(options.delimiter ?? ',');
  if (options.columns !== undefined) checkColumnNames(options.columns);
  const header = options.header ?? true;
  const { schema } = options;
  const parsed = parseCsvRecords(readSourceText(input, 'csv'), {
    delimiter,
    header,
    nullValues: options.nullValues ?? defaultCsvNullValues,
  });
  const fileColumns = header
    ? headerNames(parsed.header ?? [])
    : positionalNames(parsed.records[0]?.length, options);
  const selected = header
    ? (options.columns ?? schema?.fields.map((field) => field.name) ?? fileColumns)
    : fileColumns;
  const isEmpty = parsed.header === undefined && parsed.records.length === 0;
  const locator = lineLocator('csv', parsed.lineOf);
  const stringEncoding = options.stringEncoding ?? 'utf8';
  const fields: Field[] = [];
  const vectors = selected.map((name) => {
    const position = fileColumns.indexOf(name);
    if (position === -1 && !isEmpty) {
      throw new DataFormatError({
        format: 'csv',
        line: 1,
        message: `The CSV has no column ${JSON.stringify(name)}; its header has: ${fileColumns.join(', ')}. Fix the name in columns or schema.`,
      });
    }
    const texts = parsed.records.map((record) => record[position] ?? null);
    const declared = schema?.fields.find((field) => field.name === name);
    const type =
      declared?.type ??
      (options.inferTypes === false
        ? stringType(stringEncoding)
        : inferTextType(texts, stringEncoding));
    const field = declared ?? new Field(name, type, true);
    fields.push(field);
    return vectorFromValues(field.type, convertTexts(field, texts, locator));
  });
  return assembleTable(fields, vectors, parsed.records.length);
}

function headerNames(header: readonly string[]): string[] {
  const duplicate = header.find((name, index) => header.indexOf(name) !== index);
  if (duplicate !== undefined) {
    throw new DataFormatError({
      format: 'csv',
      line: 1,
      message: `The CSV header names column ${JSON.stringify(duplicate)} twice. Rename one of them, or read with header: false and columns.`,
    });
  }
  return [...header];
}

function positionalNames(width: number | undefined, options: ReadCsvOptions): string[] {
  const names = options.columns ?? options.schema?.fields.map((field) => field.name);
  if (width === undefined) return names === undefined ? [] : [...names];
  if (names === undefined)
    return Array.from({ length: width }, (_, index) => `column_${index + 1}`);
  if (names.length !== width) {
    throw new InvalidArgumentError({
      argument: options.columns === undefined ? 'schema' : 'columns',
      message: `${names.length} column names were given but the CSV records have ${width} fields. Name every column of the file, in file order.`,
    });
  }
  return [...names];
}

function convertTexts(
  field: Field,
  texts: readonly (string | null)[],
  locator: RecordLocator,
): unknown[] {
  const family = valueFamilyOf(field.type);
  if (family === undefined) {
    throw new InvalidArgumentError({
      argument: 'schema',
      message: `Field ${JSON.stringify(field.name)} has type ${String(field.type)}, which cannot be read from CSV. Declare one of: ${supportedTypesDescription}.`,
    });
  }
  return texts.map((text, index) => {
    if (text === null) {
      if (!field.nullable) {
        throw valueError(
          locator,
          field.name,
          index,
          'is null but the schema declares the field not nullable; supply a value or make the field nullable',
        );
      }
      return null;
    }
    const value = parseTextValue(field.type, family, text);
    if (value === undefined) {
      throw valueError(
        locator,
        field.name,
        index,
        `${JSON.stringify(text)} is not a valid ${String(field.type)}; fix the value or declare another type in the schema`,
      );
    }
    return value;
  });
}
