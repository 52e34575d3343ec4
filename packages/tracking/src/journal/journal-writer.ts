import { randomUUID } from 'node:crypto';
import * as fsPromises from 'node:fs/promises';
import { hostname } from 'node:os';
import { defineSettings, InvalidArgumentError } from '@dagnostics/core';
import { z } from 'zod';
import type { JournalFileSystem } from './file-system';
import { JournalError, journalIoError, systemErrorCode } from './journal-error';
import { createLockFile, newSessionLock, readLockFile, type SessionLock } from './journal-lock';
import { assertSessionId, journalDirectoryOf, sessionPaths } from './journal-paths';
import { type ReadJournalResult, readJournal } from './journal-reader';
import { encodeRecord } from './record-codec';
import { journalRecordSchema } from './record-schemas';
import type { JournalRecord, SessionStartRecord } from './records';
import { type AdoptedSession, lockedError } from './sessions';

type FileHandle = Awaited<ReturnType<JournalFileSystem['open']>>;

/** Settings of `openJournalWriter()`. */
export interface OpenJournalWriterOptions {
  /** Root folder; journals and locks live in `<directory>/journal/`. Created when missing. */
  directory: string;
  /**
   * Id of the session, which names the files. Default: a new random UUID. An existing closed
   * session is continued; a locked one is refused unless it is passed as `adopted`.
   */
  sessionId?: string;
  /** The tracking server this session sends to; credentials are removed before it is written. */
  trackingUri?: string;
  /** Cancels opening (not the writes of an open writer: those always finish). */
  signal?: AbortSignal;
  /** A session taken over with `adoptSession()`: the writer continues its journal. */
  adopted?: AdoptedSession;
  /** File operations to use; defaults to `node:fs/promises`. */
  fileSystem?: JournalFileSystem;
}

/** Appends records to one session's journal. One writer per session, one session per file. */
export interface JournalWriter {
  /** The session's id. */
  readonly sessionId: string;
  /** The journal file, `<directory>/journal/<sessionId>.jsonl`. */
  readonly path: string;
  /** The next sequence number of this session: 1, 2, 3, … (after the last one of a continued journal). */
  nextSeq(): number;
  /**
   * Writes `records` as lines in one write, then fsyncs once; resolves when they are on disk.
   * Calls are serialized: lines of concurrent calls never interleave. Rejects with
   * `InvalidArgumentError` (nothing written) for an invalid record and with `JournalError` when
   * the disk refuses; a failed write is rolled back, so nothing of the call is kept.
   */
  append(records: readonly JournalRecord[]): Promise<void>;
  /** Like `append()` without the fsync: for acks, which a replay can reconstruct. */
  appendLazy(records: readonly JournalRecord[]): Promise<void>;
  /** Waits for pending appends, fsyncs, closes the file and removes the lock. Idempotent. */
  close(): Promise<void>;
}

const writerSettings = defineSettings({
  owner: 'openJournalWriter',
  schema: () =>
    z.object({
      directory: z.string().min(1),
      sessionId: z.string().optional(),
      trackingUri: z.string().optional(),
      signal: z.custom<AbortSignal>((value) => value instanceof AbortSignal).optional(),
      adopted: z
        .custom<AdoptedSession>(
          (value) => typeof value === 'object' && value !== null && 'lock' in value,
        )
        .optional(),
      fileSystem: z.custom<JournalFileSystem>((value) => typeof value === 'object').optional(),
    }),
});

/**
 * Opens the journal of a session for appending: creates `<directory>/journal/<sessionId>.jsonl`
 * and its lock `<sessionId>.lock` (pid, hostname, start time), and writes a `session-start`
 * record. Continuing an existing journal (an adopted or closed session) first drops a torn last
 * line, then numbers records after its last `seq`.
 *
 * @example
 * ```ts
 * const writer = await openJournalWriter({ directory: '/data/dagnostics' });
 * await writer.append([{ type: 'batch', seq: writer.nextSeq(), localRunId, metrics, params: [], tags: [] }]);
 * await writer.close();
 * ```
 */
export async function openJournalWriter(options: OpenJournalWriterOptions): Promise<JournalWriter> {
  const settings = writerSettings.resolve(options);
  const fileSystem = settings.fileSystem ?? fsPromises;
  const { adopted, signal } = settings;
  const sessionId = settings.sessionId ?? adopted?.sessionId ?? randomUUID();
  assertSessionId(sessionId);
  const { journalPath, lockPath } = sessionPaths(settings.directory, sessionId);
  if (adopted !== undefined && adopted.lockPath !== lockPath) {
    throw new InvalidArgumentError({
      message: `openJournalWriter: the adopted session is ${adopted.lockPath}, not ${lockPath}. Pass the directory and session id that were adopted.`,
      argument: 'adopted',
    });
  }
  signal?.throwIfAborted();
  const folder = journalDirectoryOf(settings.directory);
  try {
    await fileSystem.mkdir(folder, { recursive: true });
  } catch (error) {
    throw journalIoError('open', folder, 'create the journal directory', error);
  }

  const lock = adopted === undefined ? await takeLock(fileSystem, lockPath, sessionId) : undefined;
  if (adopted !== undefined) await checkAdoptedLock(fileSystem, lockPath, adopted);
  let handle: FileHandle | undefined;
  try {
    signal?.throwIfAborted();
    const existing = await readExistingJournal(fileSystem, journalPath);
    try {
      handle = await fileSystem.open(journalPath, 'a');
      if (existing?.tornTail) await handle.truncate(existing.completeBytes);
    } catch (error) {
      throw journalIoError('open', journalPath, 'open the journal', error);
    }
    if (existing === undefined) await syncDirectory(fileSystem, folder);
    signal?.throwIfAborted();
    const writer = new FileJournalWriter({
      sessionId,
      path: journalPath,
      lockPath,
      lock: lock ?? (adopted as AdoptedSession).lock,
      handle,
      fileSystem,
      sizeBytes: existing?.completeBytes ?? 0,
      lastSeq: lastSeqOf(existing?.records ?? []),
    });
    const sessionStart: SessionStartRecord = {
      type: 'session-start',
      version: 1,
      sessionId,
      pid: process.pid,
      hostname: hostname(),
      startedAtMs: Date.now(),
      ...(settings.trackingUri === undefined
        ? {}
        : { trackingUri: withoutCredentials(settings.trackingUri) }),
    };
    await writer.append([sessionStart]);
    return writer;
  } catch (error) {
    await handle?.close().catch(() => undefined);
    if (lock !== undefined) await removeLockIfOurs(fileSystem, lockPath, lock).catch(() => false);
    throw error;
  }
}

async function takeLock(
  fileSystem: JournalFileSystem,
  lockPath: string,
  sessionId: string,
): Promise<SessionLock> {
  const lock = await newSessionLock(fileSystem);
  if (await createLockFile(fileSystem, lockPath, lock)) return lock;
  throw await lockedError(fileSystem, lockPath, sessionId, 'open');
}

async function checkAdoptedLock(
  fileSystem: JournalFileSystem,
  lockPath: string,
  adopted: AdoptedSession,
): Promise<void> {
  const current = await readLockFile(fileSystem, lockPath);
  if (current?.lock?.token === adopted.lock.token && current.lock.pid === process.pid) return;
  throw new JournalError({
    message: `Session ${adopted.sessionId} is no longer held by this process (its lock ${lockPath} changed since adoptSession()). Another process took it over; do not write to it.`,
    path: lockPath,
    operation: 'lock',
    code: 'JOURNAL_LOCKED',
  });
}

async function readExistingJournal(
  fileSystem: JournalFileSystem,
  journalPath: string,
): Promise<ReadJournalResult | undefined> {
  try {
    return await readJournal(journalPath, { fileSystem });
  } catch (error) {
    if (JournalError.isInstance(error) && error.systemCode === 'ENOENT') return undefined;
    throw error;
  }
}

function lastSeqOf(records: readonly JournalRecord[]): number {
  let last = 0;
  for (const record of records) {
    if ('seq' in record && record.seq > last) last = record.seq;
  }
  return last;
}

/**
 * Makes a new file's directory entry durable (POSIX needs an fsync of the directory for that).
 * Best effort: some platforms (Windows) cannot open a directory, and the file content itself is
 * still fsynced on every append.
 */
async function syncDirectory(fileSystem: JournalFileSystem, folder: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await fileSystem.open(folder, 'r');
    await handle.sync();
  } catch {
    // See above: best effort.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

async function removeLockIfOurs(
  fileSystem: JournalFileSystem,
  lockPath: string,
  lock: SessionLock,
): Promise<void> {
  const current = await readLockFile(fileSystem, lockPath);
  if (current?.lock?.token !== lock.token) return;
  try {
    await fileSystem.unlink(lockPath);
  } catch (error) {
    if (systemErrorCode(error) !== 'ENOENT') throw error;
  }
}

function withoutCredentials(uri: string): string {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return uri;
  }
  if (url.username === '' && url.password === '') return uri;
  url.username = '';
  url.password = '';
  return url.toString();
}

class FileJournalWriter implements JournalWriter {
  readonly sessionId: string;
  readonly path: string;
  readonly #lockPath: string;
  readonly #lock: SessionLock;
  readonly #handle: FileHandle;
  readonly #fileSystem: JournalFileSystem;
  #sizeBytes: number;
  #lastSeq: number;
  /** Every write runs after the previous one settled: this is what keeps lines whole. */
  #queue: Promise<void> = Promise.resolve();
  #closing: Promise<void> | undefined;
  /** Set when the file can no longer be trusted (a failed fsync or rollback). */
  #broken: JournalError | undefined;

  constructor(options: {
    sessionId: string;
    path: string;
    lockPath: string;
    lock: SessionLock;
    handle: FileHandle;
    fileSystem: JournalFileSystem;
    sizeBytes: number;
    lastSeq: number;
  }) {
    this.sessionId = options.sessionId;
    this.path = options.path;
    this.#lockPath = options.lockPath;
    this.#lock = options.lock;
    this.#handle = options.handle;
    this.#fileSystem = options.fileSystem;
    this.#sizeBytes = options.sizeBytes;
    this.#lastSeq = options.lastSeq;
  }

  nextSeq(): number {
    this.#lastSeq += 1;
    return this.#lastSeq;
  }

  append(records: readonly JournalRecord[]): Promise<void> {
    return this.#enqueueWrite(records, true);
  }

  appendLazy(records: readonly JournalRecord[]): Promise<void> {
    return this.#enqueueWrite(records, false);
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #enqueueWrite(records: readonly JournalRecord[], sync: boolean): Promise<void> {
    if (this.#closing !== undefined) {
      throw new JournalError({
        message: `The journal writer of session ${this.sessionId} is closed; open a new writer to append records.`,
        path: this.path,
        operation: 'write',
        code: 'JOURNAL_CLOSED',
      });
    }
    const bytes = encodeLines(records);
    const run = this.#queue.then(() =>
      bytes.length === 0 ? undefined : this.#write(bytes, records.length, sync),
    );
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #write(bytes: Buffer, count: number, sync: boolean): Promise<void> {
    if (this.#broken !== undefined) throw this.#broken;
    const sizeBefore = this.#sizeBytes;
    try {
      await writeFully(this.#handle, bytes);
    } catch (error) {
      try {
        await this.#handle.truncate(sizeBefore);
      } catch {
        this.#broken = this.#brokenError(
          'a write failed and could not be rolled back, so the file may end in a partial record',
          error,
        );
        throw this.#broken;
      }
      throw journalIoError(
        'write',
        this.path,
        `append ${count} record(s) to`,
        error,
        'Nothing of this call was written; it can be retried.',
      );
    }
    this.#sizeBytes += bytes.length;
    if (!sync) return;
    try {
      await this.#handle.sync();
    } catch (error) {
      // After a failed fsync the kernel may have dropped the dirty pages, and a second fsync can
      // report success without writing them: the only safe answer is to stop trusting the file.
      this.#broken = this.#brokenError('fsync failed, so recent records may not be on disk', error);
      throw this.#broken;
    }
  }

  #brokenError(reason: string, cause: unknown): JournalError {
    const systemCode = systemErrorCode(cause);
    return new JournalError({
      message: `The journal ${this.path} can no longer be trusted: ${reason}${systemCode === undefined ? '' : ` (${systemCode})`}. This writer accepts no more records: close it; recovery (adoptSession, readJournal) drops a partial last line and replays what was kept.`,
      path: this.path,
      operation: 'sync',
      code: 'JOURNAL_CLOSED',
      ...(systemCode === undefined ? {} : { systemCode }),
      cause,
    });
  }

  async #close(): Promise<void> {
    await this.#queue;
    let failure: JournalError | undefined;
    if (this.#broken === undefined) {
      try {
        await this.#handle.sync();
      } catch (error) {
        failure = journalIoError('close', this.path, 'flush', error);
      }
    }
    try {
      await this.#handle.close();
    } catch (error) {
      failure ??= journalIoError('close', this.path, 'close', error);
    }
    // A journal that could not be flushed keeps its lock, so it shows as `dead` and is recovered.
    if (failure !== undefined) throw failure;
    try {
      await removeLockIfOurs(this.#fileSystem, this.#lockPath, this.#lock);
    } catch (error) {
      throw journalIoError('close', this.#lockPath, 'remove the session lock', error);
    }
  }
}

function encodeLines(records: readonly JournalRecord[]): Buffer {
  const schema = journalRecordSchema();
  let text = '';
  records.forEach((record, index) => {
    const result = schema.safeParse(encodeRecord(record));
    if (!result.success) {
      const issue = result.error.issues[0];
      const where = issue === undefined ? '' : ` at ${issue.path.join('.')}`;
      throw new InvalidArgumentError({
        message: `records[${index}] is not a valid journal record (${issue?.message ?? 'invalid'}${where}); nothing of this call was written. Fix the record.`,
        argument: 'records',
        cause: result.error,
      });
    }
    text += `${JSON.stringify(result.data)}\n`;
  });
  return Buffer.from(text, 'utf8');
}

async function writeFully(handle: FileHandle, bytes: Buffer): Promise<void> {
  // One write call; a short write (rare, e.g. a signal or a nearly full disk) continues with the
  // rest, which still lands contiguously because writes are serialized.
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    if (bytesWritten === 0) throw new Error('the write call wrote 0 bytes');
    offset += bytesWritten;
  }
}
