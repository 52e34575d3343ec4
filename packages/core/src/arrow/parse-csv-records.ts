import { parse } from 'csv-parse/sync';
import { DataFormatError } from '../errors';

/** CSV records, and where each starts. */
export interface CsvRecords {
  /** The header row as written, when the file has one. */
  header: string[] | undefined;
  /** Data records; an unquoted field listed in `nullValues` is `null`. */
  records: (string | null)[][];
  /** The 1-based line on which `records[index]` starts (worked out on first use). */
  lineOf(index: number): number;
}

/**
 * Splits CSV text into records with csv-parse (RFC 4180 quoting, CRLF or LF line ends,
 * line breaks inside quoted fields). A blank line is skipped, except in a one-column file,
 * where it is how a null is written. Every record must have as many fields as the first.
 *
 * csv-parse's per-field and per-record callbacks cost two to ten times the parse itself,
 * so none is used on the way through. Whether a field was quoted (a quoted field is never
 * null) matters only when the text holds a quoted null value such as `""`; only then is
 * each record's raw text kept and re-scanned. Line numbers are needed only for errors, so
 * they come from a second, instrumented parse when one is asked for.
 *
 * @throws DataFormatError (`format: 'csv'`, `line`) on a quoting error or a record of the
 * wrong width.
 */
export function parseCsvRecords(
  text: string,
  options: { delimiter: string; header: boolean; nullValues: readonly string[] },
): CsvRecords {
  const { delimiter, header } = options;
  const nullValues = new Set(options.nullValues);
  const keepRaw = options.nullValues.some((value) =>
    text.includes(`"${value.replaceAll('"', '""')}"`),
  );
  const parsed = parseOrThrow(text, delimiter, keepRaw);
  const lineOfParsed = lazyStartLines(text, delimiter);
  const rows: (string | null)[][] = [];
  const sources: number[] = [];
  let width: number | undefined;
  parsed.forEach((entry, source) => {
    const { record, raw } = keepRaw
      ? (entry as { record: (string | null)[]; raw: string })
      : { record: entry as (string | null)[], raw: undefined };
    const blank = record.length === 1 && record[0] === '' && raw?.startsWith('"') !== true;
    if (blank && width !== 1) return;
    const isHeader = header && width === undefined;
    width ??= record.length;
    if (record.length !== width) {
      const line = lineOfParsed(source);
      throw new DataFormatError({
        format: 'csv',
        line,
        message: `Line ${line} has ${record.length} fields where the ${header ? 'header' : 'first record'} has ${width}. Quote fields that contain the delimiter, and give every record the same number of fields.`,
      });
    }
    if (!isHeader) markNulls(record, raw, delimiter, nullValues);
    rows.push(record);
    sources.push(source);
  });
  const skip = header && rows.length > 0 ? 1 : 0;
  return {
    header: skip === 1 ? (rows[0] as string[]) : undefined,
    records: skip === 1 ? rows.slice(1) : rows,
    lineOf: (index) => lineOfParsed(sources[index + skip] ?? -1),
  };
}

function parseOrThrow(text: string, delimiter: string, raw: boolean): unknown[] {
  try {
    return parse(text, {
      delimiter,
      raw,
      relax_column_count: true,
      skip_empty_lines: false,
    }) as unknown[];
  } catch (error) {
    const line = (error as { lines?: unknown }).lines;
    throw new DataFormatError({
      format: 'csv',
      line: typeof line === 'number' ? line : undefined,
      message: `The CSV could not be parsed${typeof line === 'number' ? ` at line ${line}` : ''}: ${error instanceof Error ? error.message : String(error)}. Check the quoting near that line: a field with a quote, delimiter or line break must be enclosed in double quotes, with inner quotes doubled.`,
      cause: error,
    });
  }
}

/** `lineOf(i)`: the line on which csv-parse's record `i` starts, from a parse run on first call. */
function lazyStartLines(text: string, delimiter: string): (source: number) => number {
  let startLines: number[] | undefined;
  return (source) => {
    if (startLines === undefined) {
      const lines: number[] = [];
      let previousEndLine = 0;
      parse(text, {
        delimiter,
        relax_column_count: true,
        skip_empty_lines: false,
        on_record: (record, context) => {
          lines.push(previousEndLine + 1);
          previousEndLine = context.lines;
          return record;
        },
      });
      startLines = lines;
    }
    return startLines[source] ?? source + 1;
  };
}

/**
 * Replaces, in place, each field whose value is a null value by `null`, unless `raw` (the
 * record's text, given when quoted null values occur) shows it was quoted.
 */
function markNulls(
  record: (string | null)[],
  raw: string | undefined,
  delimiter: string,
  nullValues: ReadonlySet<string | null>,
): void {
  let quoted: boolean[] | undefined;
  for (let index = 0; index < record.length; index++) {
    if (!nullValues.has(record[index] ?? null)) continue;
    if (raw !== undefined) quoted ??= quotedFields(raw, delimiter);
    if (quoted?.[index] !== true) record[index] = null;
  }
}

/**
 * For each field of a record's raw text, whether it was enclosed in quotes. The text has
 * already been accepted by csv-parse, so a field is either quoted from its first character
 * to a closing quote (inner quotes doubled) or holds no quote and no delimiter.
 */
function quotedFields(raw: string, delimiter: string): boolean[] {
  const quoted: boolean[] = [];
  let position = 0;
  for (;;) {
    const isQuoted = raw.startsWith('"', position);
    quoted.push(isQuoted);
    if (isQuoted) position = closingQuote(raw, position + 1) + 1;
    const next = raw.indexOf(delimiter, position);
    if (next === -1) return quoted;
    position = next + delimiter.length;
  }
}

function closingQuote(raw: string, from: number): number {
  let position = raw.indexOf('"', from);
  while (position !== -1 && raw[position + 1] === '"') position = raw.indexOf('"', position + 2);
  return position === -1 ? raw.length : position;
}
