import * as fsPromises from 'node:fs/promises';
import { TextDecoder } from 'node:util';
import type { JournalFileSystem } from './file-system';
import { JournalError, journalIoError } from './journal-error';
import { decodeRecord } from './record-codec';
import { journalRecordSchema } from './record-schemas';
import type { JournalRecord } from './records';

/** Options of `readJournal()`. */
export interface ReadJournalOptions {
  /** File operations to use; defaults to `node:fs/promises`. */
  fileSystem?: JournalFileSystem;
}

/** What `readJournal()` found. */
export interface ReadJournalResult {
  /** Every complete record in file order, metric values decoded to numbers (NaN, ±Infinity). */
  records: JournalRecord[];
  /**
   * True when the file ends in a partial line (a write cut short by a crash). That line was not
   * acknowledged to anyone (its fsync never returned), so it is dropped.
   */
  tornTail: boolean;
  /**
   * Bytes of the file up to the end of its last complete line. A writer that continues this
   * journal truncates it here first, so its next line does not run into the torn one.
   */
  completeBytes: number;
}

const newline = 0x0a;

/**
 * Reads a journal file (JSON Lines, one record a line) and validates every record.
 *
 * A last line without its newline is a write cut short by a crash: it is dropped and reported
 * as `tornTail`. A complete line that is not a valid record is damage in the middle of the file:
 * replaying past it could reorder or lose writes, so it throws a `JournalError` (`code`
 * `JOURNAL_CORRUPT`) naming the line.
 *
 * @example
 * ```ts
 * const { records, tornTail } = await readJournal('/data/dagnostics/journal/3f2b….jsonl');
 * ```
 */
export async function readJournal(
  path: string,
  options: ReadJournalOptions = {},
): Promise<ReadJournalResult> {
  const fileSystem = options.fileSystem ?? fsPromises;
  let bytes: Buffer;
  try {
    bytes = await fileSystem.readFile(path);
  } catch (error) {
    throw journalIoError('read', path, 'read the journal', error);
  }
  return parseJournal(bytes, path);
}

/** Parses the bytes of a journal file; `path` is only used in error messages. */
function parseJournal(bytes: Uint8Array, path: string): ReadJournalResult {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const schema = journalRecordSchema();
  const records: JournalRecord[] = [];
  let start = 0;
  let lineNumber = 0;
  for (let end = bytes.indexOf(newline); end !== -1; end = bytes.indexOf(newline, start)) {
    lineNumber += 1;
    const line = bytes.subarray(start, end);
    start = end + 1;
    const record = parseLine(line, lineNumber, path, decoder, schema);
    if (record === undefined) continue;
    if (records.length === 0 && record.type !== 'session-start') {
      throw corruptLine(
        path,
        lineNumber,
        'the journal does not start with a session-start record (is this a DAGnostics journal?)',
      );
    }
    records.push(decodeRecord(record));
  }
  return { records, tornTail: start < bytes.length, completeBytes: start };
}

function parseLine(
  line: Uint8Array,
  lineNumber: number,
  path: string,
  decoder: TextDecoder,
  schema: ReturnType<typeof journalRecordSchema>,
): JournalRecord | undefined {
  let text: string;
  try {
    text = decoder.decode(line);
  } catch (error) {
    throw corruptLine(path, lineNumber, 'the line is not valid UTF-8', error);
  }
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw corruptLine(path, lineNumber, 'the line is not JSON', error);
  }
  if (isFutureSessionStart(value)) {
    throw new JournalError({
      message: `Line ${lineNumber} of ${path} starts a journal of format version ${String(value.version)}, written by a newer DAGnostics. Upgrade @dagnostics/tracking to read it.`,
      path,
      operation: 'parse',
      code: 'JOURNAL_UNSUPPORTED_VERSION',
      line: lineNumber,
    });
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where =
      issue === undefined || issue.path.length === 0 ? '' : ` at ${issue.path.join('.')}`;
    throw corruptLine(
      path,
      lineNumber,
      `the line is not a valid journal record (${issue?.message ?? 'invalid'}${where})`,
      result.error,
    );
  }
  return result.data;
}

function isFutureSessionStart(value: unknown): value is { version: unknown } {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as { type?: unknown; version?: unknown };
  return (
    record.type === 'session-start' && typeof record.version === 'number' && record.version > 1
  );
}

function corruptLine(path: string, line: number, reason: string, cause?: unknown): JournalError {
  return new JournalError({
    message: `Line ${line} of ${path} is damaged: ${reason}. The records after it cannot be replayed in order. Move the file aside and restore it from a backup, or keep only lines 1 to ${line - 1} (the rest will not be sent).`,
    path,
    operation: 'parse',
    code: 'JOURNAL_CORRUPT',
    line,
    cause,
  });
}
