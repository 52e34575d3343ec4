import { InvalidArgumentError } from '@dagnostics/core';
import { numericColumn, stringColumn, type Table } from '@dagnostics/core/arrow';
import type { ReconstructionTableInput } from './types';

/** Which data set a column is read from, for error messages. */
export type DatasetRole = 'reference' | 'current';

/** The columns the model needs, read from a table input and checked. */
export interface ReconstructionColumns {
  /** One array per continuous column, `NaN` where a value is missing. */
  continuous: Float64Array[];
  /** One array per categorical column, `null` where a value is missing. */
  categorical: (string | null)[][];
  rowCount: number;
}

function isArrowTable(input: ReconstructionTableInput): input is Table {
  return typeof (input as Partial<Table>).getChild === 'function' && 'schema' in input;
}

function availableColumns(input: ReconstructionTableInput): string {
  const names = isArrowTable(input)
    ? input.schema.fields.map((field) => field.name)
    : Object.keys(input);
  return names.length === 0 ? 'no columns' : names.map((name) => JSON.stringify(name)).join(', ');
}

function missingColumnError(
  input: ReconstructionTableInput,
  name: string,
  role: DatasetRole,
): InvalidArgumentError {
  return new InvalidArgumentError({
    argument: role,
    message: `Column ${JSON.stringify(name)} is missing from the ${role} data, which has ${availableColumns(input)}. Pass a table with every column the model was given, or remove it from continuousColumns/categoricalColumns.`,
  });
}

function readContinuous(
  input: ReconstructionTableInput,
  name: string,
  role: DatasetRole,
): Float64Array {
  if (isArrowTable(input)) {
    if (input.getChild(name) === null) throw missingColumnError(input, name, role);
    return Float64Array.from(numericColumn(input, name).values);
  }
  if (!Object.hasOwn(input, name)) throw missingColumnError(input, name, role);
  const raw = input[name] as unknown;
  if (!Array.isArray(raw) && !ArrayBuffer.isView(raw)) {
    throw new InvalidArgumentError({
      argument: role,
      message: `Column ${JSON.stringify(name)} of the ${role} data must be an array or typed array of numbers.`,
    });
  }
  const source = raw as ArrayLike<unknown>;
  const values = new Float64Array(source.length);
  for (let row = 0; row < source.length; row++) {
    const value = source[row];
    if (value === null || value === undefined) {
      values[row] = Number.NaN;
    } else if (typeof value === 'number') {
      values[row] = value;
    } else {
      throw new InvalidArgumentError({
        argument: role,
        message: `Continuous column ${JSON.stringify(name)} of the ${role} data holds ${typeof value} ${JSON.stringify(value)} at row ${row}; it takes numbers (NaN, null or undefined for a missing value). Convert the column, or list it in categoricalColumns if it holds labels.`,
      });
    }
  }
  return values;
}

function readCategorical(
  input: ReconstructionTableInput,
  name: string,
  role: DatasetRole,
): (string | null)[] {
  if (isArrowTable(input)) {
    if (input.getChild(name) === null) throw missingColumnError(input, name, role);
    return stringColumn(input, name);
  }
  if (!Object.hasOwn(input, name)) throw missingColumnError(input, name, role);
  const raw = input[name] as unknown;
  if (!Array.isArray(raw)) {
    throw new InvalidArgumentError({
      argument: role,
      message: `Categorical column ${JSON.stringify(name)} of the ${role} data must be an array of strings (null or undefined for a missing value).`,
    });
  }
  return raw.map((value: unknown, row) => {
    if (value === null || value === undefined) return null;
    if (typeof value === 'string') return value;
    throw new InvalidArgumentError({
      argument: role,
      message: `Categorical column ${JSON.stringify(name)} of the ${role} data holds ${typeof value} ${String(value)} at row ${row}; it takes strings. Convert the labels with String(), or list the column in continuousColumns if it holds measurements.`,
    });
  });
}

/**
 * Reads and checks the model's columns from `input`.
 *
 * @throws InvalidArgumentError when a column is missing or holds the wrong kind of values,
 * when a continuous value is infinite (scikit-learn refuses those too), or when the columns
 * differ in length.
 */
export function readReconstructionColumns(
  input: ReconstructionTableInput,
  continuousColumns: readonly string[],
  categoricalColumns: readonly string[],
  role: DatasetRole,
): ReconstructionColumns {
  if (input === null || typeof input !== 'object') {
    throw new InvalidArgumentError({
      argument: role,
      message: `The ${role} data must be an Apache Arrow table or an object of columns by name; got ${input === null ? 'null' : typeof input}.`,
    });
  }
  const continuous = continuousColumns.map((name) => readContinuous(input, name, role));
  const categorical = categoricalColumns.map((name) => readCategorical(input, name, role));
  const lengths = [...continuous, ...categorical].map((column) => column.length);
  const rowCount = lengths[0] ?? 0;
  const names = [...continuousColumns, ...categoricalColumns];
  lengths.forEach((length, index) => {
    if (length !== rowCount) {
      throw new InvalidArgumentError({
        argument: role,
        message: `The ${role} columns differ in length: ${JSON.stringify(names[0])} has ${rowCount} rows but ${JSON.stringify(names[index])} has ${length}. Give every column one value per row.`,
      });
    }
  });
  continuous.forEach((values, index) => {
    const row = values.findIndex((value) => value === Infinity || value === -Infinity);
    if (row >= 0) {
      throw new InvalidArgumentError({
        argument: role,
        message: `Continuous column ${JSON.stringify(continuousColumns[index])} of the ${role} data is infinite at row ${row}. Replace infinities with NaN (missing, imputed with the reference mean) or with a finite value.`,
      });
    }
  });
  return { continuous, categorical, rowCount };
}
