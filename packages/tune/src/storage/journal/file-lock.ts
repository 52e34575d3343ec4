/**
 * Cross-process locks for a journal file, compatible with Optuna's: both take
 * `<journal>.lock` (a symbolic link to the journal, as `JournalFileSymlinkLock`, or an
 * empty file created with O_EXCL, as `JournalFileOpenLock`), so Python and Node writers
 * exclude each other. A lock whose holder died is broken once it has gone unchanged for
 * the grace period, as Optuna does.
 */
import { randomUUID } from 'node:crypto';
import { lstat, open, rename, stat, symlink, unlink } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { StorageError } from '../../errors';

/** How a journal file is locked: `symlink` (Optuna's default) or `open` (O_EXCL). */
export type JournalFileLockKind = 'symlink' | 'open';

/** Settings of {@link acquireJournalFileLock}. */
export interface JournalFileLockOptions {
  readonly kind: JournalFileLockKind;
  /**
   * A lock unchanged for this long is taken to belong to a dead process and is removed.
   * With `symlink` the time of the last change is the journal's (the link points to it),
   * as in Optuna. Null waits forever.
   */
  readonly gracePeriodMs: number | null;
  readonly onWarning: (message: string) => void;
}

/** The lock file's path for a journal: `<journal>.lock`. */
export function journalLockPath(journalPath: string): string {
  return `${journalPath}.lock`;
}

const firstPauseMs = 1;
// Optuna backs off to 1 s; holders keep the lock for one append, so a shorter ceiling keeps
// waiting workers close behind without much polling.
const longestPauseMs = 100;
const slowWarningIntervalMs = 10_000;

async function tryCreate(kind: JournalFileLockKind, journalPath: string): Promise<boolean> {
  const lockPath = journalLockPath(journalPath);
  try {
    if (kind === 'symlink') {
      await symlink(journalPath, lockPath);
    } else {
      const handle = await open(lockPath, 'wx');
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new StorageError({
      message: `Cannot create the journal lock ${lockPath}.`,
      cause: error,
    });
  }
}

// Renaming first makes removal atomic: of two processes removing the same lock, one wins
// the rename and the other finds nothing to remove.
async function removeLock(journalPath: string): Promise<boolean> {
  const lockPath = journalLockPath(journalPath);
  const doomedPath = `${lockPath}${randomUUID()}.rename`;
  try {
    await rename(lockPath, doomedPath);
  } catch {
    return false;
  }
  await unlink(doomedPath);
  return true;
}

// Follows a symbolic link as Optuna does; a dangling one (a relative target written by
// another process) falls back to the link's own time.
async function lockChangeTime(journalPath: string): Promise<number | undefined> {
  const lockPath = journalLockPath(journalPath);
  try {
    return (await stat(lockPath)).mtimeMs;
  } catch {
    try {
      return (await lstat(lockPath)).mtimeMs;
    } catch {
      return undefined;
    }
  }
}

/**
 * Takes the journal's lock, waiting (with backoff) while another process holds it, and
 * returns the function that releases it.
 *
 * @throws {StorageError} when the lock file cannot be created for another reason than
 *   being held (permissions, missing directory).
 */
export async function acquireJournalFileLock(
  journalPath: string,
  options: JournalFileLockOptions,
): Promise<() => Promise<void>> {
  let pauseMs = firstPauseMs;
  let lastSeenChange: number | undefined;
  let lastChangeSeenAt = performance.now();
  let lastWarningAt = performance.now();
  for (;;) {
    if (await tryCreate(options.kind, journalPath)) {
      return async () => {
        if (!(await removeLock(journalPath))) {
          options.onWarning(
            `The journal lock ${journalLockPath(journalPath)} was gone at release: another process broke it as stale (grace period ${options.gracePeriodMs} ms).`,
          );
        }
      };
    }
    const now = performance.now();
    if (now - lastWarningAt > slowWarningIntervalMs) {
      options.onWarning(
        `Waiting more than ${slowWarningIntervalMs / 1000} s for the journal lock ${journalLockPath(journalPath)}; retrying.`,
      );
      lastWarningAt = now;
    }
    if (options.gracePeriodMs !== null) {
      const change = await lockChangeTime(journalPath);
      if (change === undefined) {
        lastSeenChange = undefined;
      } else if (change !== lastSeenChange) {
        lastSeenChange = change;
        lastChangeSeenAt = now;
      } else if (now - lastChangeSeenAt > options.gracePeriodMs) {
        options.onWarning(
          `The journal lock ${journalLockPath(journalPath)} has not changed for ${options.gracePeriodMs} ms; removing it as left by a dead process.`,
        );
        if (await removeLock(journalPath)) pauseMs = firstPauseMs;
        lastSeenChange = undefined;
        continue;
      }
    }
    await sleep(pauseMs);
    pauseMs = Math.min(pauseMs * 2, longestPauseMs);
  }
}
