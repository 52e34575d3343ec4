/**
 * A journal in one JSON-lines file, the format of Optuna's `JournalFileBackend`: appends
 * under a cross-process lock with fsync, reads incrementally from a byte offset.
 *
 * A killed writer can leave a torn last line (no `\n`). Readers leave it alone, as Optuna
 * does, until it is completed. The next writer, holding the lock and so sure nobody is
 * still writing it, cuts it off before appending (Optuna would append after it and make
 * the file unreadable); it does the same with a complete last line that is not JSON.
 * Readers skip such a last line with a warning and fail on one followed by others, as
 * Optuna does.
 */
import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { StorageError } from '../../errors';
import { acquireJournalFileLock, type JournalFileLockKind } from './file-lock';
import type { JournalBackend } from './journal-backend';
import type { JournalLog } from './journal-log';
import { decodePythonJson, encodePythonJson } from './python-json';

const newline = 0x0a;

/** Settings of {@link createJournalFileBackend}. */
export interface JournalFileBackendOptions {
  /** Lock flavour, see {@link JournalFileLockKind}. Default `symlink`, as Optuna. */
  readonly lock?: JournalFileLockKind;
  /** A lock unchanged this long is broken as left by a dead process. Default 30 000 ms, as Optuna; null never breaks it. */
  readonly gracePeriodMs?: number | null;
  /** Receives warnings (torn or garbage lines, stale locks). Default: `process.emitWarning`. */
  readonly onWarning?: (message: string) => void;
}

function isJournalLog(value: unknown): value is JournalLog {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodeLine(bytes: Buffer): JournalLog | undefined {
  try {
    const value = decodePythonJson(bytes.toString('utf8'));
    return isJournalLog(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A journal file backend; creates the file on first use. */
export function createJournalFileBackend(
  path: string,
  options: JournalFileBackendOptions = {},
): JournalBackend {
  // Absolute, so that the symbolic-link lock points at the journal from any directory.
  const journalPath = resolve(path);
  const onWarning =
    options.onWarning ??
    ((message: string) => process.emitWarning(message, { type: 'DagnosticsTuneWarning' }));
  const lockOptions = {
    kind: options.lock ?? 'symlink',
    gracePeriodMs: options.gracePeriodMs === undefined ? 30_000 : options.gracePeriodMs,
    onWarning,
  } as const;
  const warnedGarbageAt = new Set<number>();

  // The size is taken first: records appended while reading wait for the next read.
  async function readTail(offset: number): Promise<Buffer> {
    const handle = await open(journalPath, 'a+');
    try {
      const size = (await handle.stat()).size;
      if (size < offset) {
        throw new StorageError({
          message: `The journal ${journalPath} is shorter (${size} bytes) than what was already read (${offset} bytes): it was replaced or truncated by hand.`,
        });
      }
      const buffer = Buffer.alloc(size - offset);
      let filled = 0;
      while (filled < buffer.length) {
        const { bytesRead } = await handle.read(
          buffer,
          filled,
          buffer.length - filled,
          offset + filled,
        );
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return buffer.subarray(0, filled);
    } finally {
      await handle.close();
    }
  }

  return {
    async readFrom(offset) {
      const bytes = await readTail(offset);
      const logs: JournalLog[] = [];
      let lineStart = 0;
      for (;;) {
        const lineEnd = bytes.indexOf(newline, lineStart);
        if (lineEnd === -1) break; // a torn or still-being-written last line: read it later
        const log = decodeLine(bytes.subarray(lineStart, lineEnd));
        if (log === undefined) {
          const garbageAt = offset + lineStart;
          if (bytes.indexOf(newline, lineEnd + 1) !== -1) {
            throw new StorageError({
              message: `The journal ${journalPath} has a line that is not JSON at byte ${garbageAt}, followed by more lines; it cannot be replayed past it.`,
            });
          }
          if (!warnedGarbageAt.has(garbageAt)) {
            warnedGarbageAt.add(garbageAt);
            onWarning(
              `Skipping the last line of the journal ${journalPath} (byte ${garbageAt}): it is not JSON, probably left by a killed writer. The next write removes it.`,
            );
          }
          break;
        }
        logs.push(log);
        lineStart = lineEnd + 1;
      }
      return { logs, nextOffset: offset + lineStart };
    },

    async append(logs) {
      if (logs.length === 0) return;
      const text = logs.map((log) => `${encodePythonJson(log)}\n`).join('');
      const release = await acquireJournalFileLock(journalPath, lockOptions);
      try {
        const handle = await open(journalPath, 'a+');
        try {
          await cutBrokenTail(handle, journalPath, onWarning);
          await handle.appendFile(text, 'utf8');
          await handle.sync();
        } finally {
          await handle.close();
        }
      } finally {
        await release();
      }
    },
  };
}

type FileHandle = Awaited<ReturnType<typeof open>>;

// Under the lock: removes a last line with no `\n` or that is not JSON, left by a writer
// that died mid-append, so the new records do not glue onto it.
async function cutBrokenTail(
  handle: FileHandle,
  journalPath: string,
  onWarning: (message: string) => void,
): Promise<void> {
  const size = (await handle.stat()).size;
  if (size === 0) return;
  let chunkBytes = 4096;
  for (;;) {
    const start = Math.max(0, size - chunkBytes);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    const endsWithNewline = buffer[buffer.length - 1] === newline;
    const searchFrom = endsWithNewline ? buffer.length - 2 : buffer.length - 1;
    const previousNewline = searchFrom < 0 ? -1 : buffer.lastIndexOf(newline, searchFrom);
    if (previousNewline === -1 && start > 0) {
      chunkBytes *= 4;
      continue;
    }
    const lastLineStart = start + previousNewline + 1;
    const lastLine = buffer.subarray(previousNewline + 1, endsWithNewline ? -1 : undefined);
    if (endsWithNewline && decodeLine(lastLine) !== undefined) return;
    onWarning(
      `Removing ${size - lastLineStart} bytes at the end of the journal ${journalPath}: ${endsWithNewline ? 'a last line that is not JSON' : 'a torn last line'}, left by a writer that stopped mid-append.`,
    );
    await handle.truncate(lastLineStart);
    return;
  }
}
