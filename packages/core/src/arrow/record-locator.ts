import { DataFormatError } from '../errors';

/** Where the values being converted came from, so that errors point at a row, line or index. */
export interface RecordLocator {
  /** The format named in errors. */
  readonly format: DataFormatError['format'];
  /** The place of the value at 0-based `index`, as a user would look for it: `row 3`, `line 7`. */
  describe(index: number): string;
  /** The 1-based line or record number of the value at 0-based `index`. */
  lineOf(index: number): number;
}

/** Locator for values that are the items of an array: errors name row `index + 1`. */
export function rowLocator(format: DataFormatError['format']): RecordLocator {
  return {
    format,
    describe: (index) => `row ${index + 1} (index ${index})`,
    lineOf: (index) => index + 1,
  };
}

/** Locator for values read from a text file, `lineOf(index)` giving each one's 1-based line. */
export function lineLocator(
  format: DataFormatError['format'],
  lineOf: (index: number) => number,
): RecordLocator {
  return { format, describe: (index) => `line ${lineOf(index)}`, lineOf };
}

/** A DataFormatError about the value of `column` at `index`. */
export function valueError(
  locator: RecordLocator,
  column: string,
  index: number,
  problem: string,
): DataFormatError {
  return new DataFormatError({
    format: locator.format,
    line: locator.lineOf(index),
    message: `Column ${JSON.stringify(column)}, ${locator.describe(index)}: ${problem}.`,
  });
}
