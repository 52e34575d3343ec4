import { once } from 'node:events';
import { type Parser, parse } from 'csv-parse';
import type { z } from 'zod';
import { defaultCsvNullValues } from '../../arrow';
import { InvalidArgumentError } from '../../errors';
import { csvCellReader } from './csv-cell-reader';
import { FailureCollector } from './failure-collector';
import { createRowChecker } from './row-checker';
import type {
  RowCheck,
  RowFailureCase,
  RowValidationResult,
  ValidateRowsOptions,
} from './row-validation-result';
import { sourceLines, type TextSource } from './text-source';

/** Options of {@link validateCsv}. */
export interface ValidateCsvOptions extends ValidateRowsOptions {
  /** The field delimiter. Default: `','`. */
  delimiter?: string;
  /** Whether the first record names the columns; without one, the columns are the schema's keys in order. Default: `true`. */
  header?: boolean;
  /** Field values read as null (quoted or not). Default: `defaultCsvNullValues`. */
  nullValues?: readonly string[];
}

/** Characters of input handed to csv-parse at a time. */
const batchLength = 65_536;

/**
 * Validates CSV (the text, its UTF-8 bytes, or `{ path }` of a file, streamed: memory
 * holds one chunk of input and the record being parsed) against a
 * zod object schema, as {@link validateRows} does for each record. Cells are read as the
 * schema's keys expect (see below); a cell that does not read as its type stays text, so
 * zod reports `invalid_type` with the text as `failureCase`. A record that cannot become a
 * row is a failure row with `column: null`, `failureCase: 'line N: …'` (1-based line where
 * the record starts) and its `rowIndex` (0-based among data records): `ragged_row` for more
 * or fewer fields than the header, `truncated` for a last record with too few fields and
 * no line end or a quote left open at the end of the text, `malformed_csv` for another
 * quoting error, `invalid_utf8` for a record on lines holding bytes that are not UTF-8.
 * Valid records are kept; nothing is thrown for bad data.
 *
 * Numbers (`z.number()`, `z.int()`…), booleans (`true`/`false` in any case) and bigints are
 * read from text for keys of those types; other keys get the text. A null value is `null`
 * for a key that accepts null, else a missing key. Blank lines are skipped.
 *
 * @throws InvalidArgumentError for a bad schema, source or option.
 * @throws the Node.js file-system error when the file cannot be read.
 *
 * @example
 * ```ts
 * const Row = z.object({ task: z.string(), duration_s: z.number().nullable() });
 * const result = await validateCsv('task,duration_s\nextract,12.5\nload,NA\n', Row);
 * result.validRows; // [{ task: 'extract', duration_s: 12.5 }, { task: 'load', duration_s: null }]
 * ```
 */
export async function validateCsv<Schema extends z.ZodObject>(
  source: TextSource,
  schema: Schema,
  options: ValidateCsvOptions = {},
): Promise<RowValidationResult<z.output<Schema>>> {
  const checker = createRowChecker(schema);
  const collector = new FailureCollector<z.output<Schema>>(options);
  const nullValues = new Set(options.nullValues ?? defaultCsvNullValues);
  const hasHeader = options.header !== false;
  // Line facts gathered while reading, for records csv-parse hands back by line number.
  const invalidLines = new Set<number>();
  const emptyLines = new Set<number>();
  let lastLine = 0;
  let isInputComplete = false;
  let endsWithLineEnd = true;

  let columns: string[] | undefined = hasHeader ? undefined : [...checker.keys];
  let readers = columns?.map((column) => csvCellReader(schema, column));
  let previousEndLine = 0;
  let lastSkippedLine = -1;

  const recordFailure = (check: RowCheck, line: number, problem: string): RowFailureCase[] => [
    {
      column: null,
      check,
      checkIndex: null,
      failureCase: `line ${line}: ${problem}`,
      rowIndex: collector.rowCount,
      line,
    },
  ];

  // csv-parse counts each carriage return inside a quoted field as one more line.
  let carriageReturnsInFields = 0;

  const onRecord = (record: string[], parserEndLine: number): void => {
    let newlines = 0;
    for (const field of record) {
      for (const char of field) {
        if (char === '\n') newlines++;
        else if (char === '\r') carriageReturnsInFields++;
      }
    }
    const endLine = parserEndLine - carriageReturnsInFields;
    const startLine = endLine - newlines;
    previousEndLine = endLine;
    if (columns === undefined || readers === undefined) {
      columns = record;
      readers = columns.map((column) => csvCellReader(schema, column));
      return;
    }
    for (let line = startLine; line <= endLine; line++) {
      if (invalidLines.has(line)) {
        collector.addInvalid(
          recordFailure('invalid_utf8', startLine, 'bytes that are not valid UTF-8'),
        );
        return;
      }
    }
    if (record.length !== columns.length) {
      const isCutShort =
        record.length < columns.length &&
        isInputComplete &&
        endLine === lastLine &&
        !endsWithLineEnd;
      const problem = `${record.length} fields where the ${hasHeader ? 'header' : 'schema'} has ${columns.length}`;
      collector.addInvalid(
        isCutShort
          ? recordFailure('truncated', startLine, `last record cut short, ${problem}`)
          : recordFailure('ragged_row', startLine, problem),
      );
      return;
    }
    const row: Record<string, unknown> = {};
    for (let index = 0; index < record.length; index++) {
      const cell = record[index] as string;
      const value = readers[index]?.(nullValues.has(cell) ? null : cell);
      if (value !== undefined) row[columns[index] as string] = value;
    }
    const outcome = checker.check(row, collector.rowCount, startLine);
    if (outcome.success) collector.addValid(outcome.data as z.output<Schema>);
    else collector.addInvalid(outcome.failures);
  };

  const onSkip = (error: { code?: string; lines?: number; message: string }): void => {
    const line =
      typeof error.lines === 'number' ? error.lines - carriageReturnsInFields : previousEndLine + 1;
    // csv-parse may report one bad record more than once.
    if (line === lastSkippedLine) return;
    lastSkippedLine = line;
    if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
      let startLine = previousEndLine + 1;
      while (emptyLines.has(startLine)) startLine++;
      collector.addInvalid(
        recordFailure(
          'truncated',
          startLine,
          `a quote opened here is never closed (${error.message})`,
        ),
      );
      return;
    }
    previousEndLine = line;
    collector.addInvalid(recordFailure('malformed_csv', line, error.message));
  };

  const parser = createParser(options.delimiter ?? ',', onRecord, onSkip);
  const finished = once(parser, 'end');
  // on_record keeps nothing for the readable side; flowing mode lets 'end' come.
  parser.resume();
  let batch = '';
  for await (const { text, isValidUtf8, line, ending } of sourceLines(source)) {
    if (!isValidUtf8) invalidLines.add(line);
    if (text === '') emptyLines.add(line);
    lastLine = line;
    endsWithLineEnd = ending !== '';
    batch += text + ending;
    if (batch.length >= batchLength) {
      if (!parser.write(batch)) await once(parser, 'drain');
      batch = '';
    }
  }
  isInputComplete = true;
  parser.end(batch);
  await finished;
  return collector.result();
}

function createParser(
  delimiter: string,
  onRecord: (record: string[], endLine: number) => void,
  onSkip: (error: { code?: string; lines?: number; message: string }) => void,
): Parser {
  try {
    return parse({
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        if (error !== undefined) onSkip(error);
        return undefined;
      },
      on_record: (record: string[], context) => {
        onRecord(record, context.lines);
        return null;
      },
    });
  } catch (error) {
    throw new InvalidArgumentError({
      argument: 'delimiter',
      message: `The CSV options were refused (${error instanceof Error ? error.message : String(error)}). Pass a non-empty delimiter.`,
      cause: error,
    });
  }
}
