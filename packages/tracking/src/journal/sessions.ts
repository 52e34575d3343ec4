import { createHash } from 'node:crypto';
import * as fsPromises from 'node:fs/promises';
import type { JournalFileSystem } from './file-system';
import { JournalError, journalIoError, systemErrorCode } from './journal-error';
import {
  createLockFile,
  type LockFileContent,
  lockOwnerState,
  newSessionLock,
  readLockFile,
  replaceLockFile,
  type SessionLock,
} from './journal-lock';
import {
  assertSessionId,
  journalDirectoryOf,
  journalFileSuffix,
  lockFileSuffix,
  sessionPaths,
} from './journal-paths';

/**
 * The state of a session's journal:
 * - `alive`: its lock names a process that runs on this host;
 * - `dead`: its lock names a process that is gone (it crashed): adopt it to replay its records;
 * - `closed`: no lock (its writer closed it); it may still hold unacknowledged records;
 * - `unknown`: its lock was taken on another host, so this host cannot tell. Do not adopt it.
 */
export type SessionStatus = 'alive' | 'dead' | 'closed' | 'unknown';

/** One session found by `listSessions()`. */
export interface JournalSession {
  sessionId: string;
  status: SessionStatus;
  /** `<directory>/journal/<sessionId>.jsonl`. */
  journalPath: string;
  /** `<directory>/journal/<sessionId>.lock`. */
  lockPath: string;
  /** The lock's content; absent when there is no lock or it cannot be read. */
  lock?: SessionLock;
  /** Size of the journal file in bytes (0 when it does not exist). */
  sizeBytes: number;
}

/** Options of `listSessions()` and `adoptSession()`. */
export interface SessionOptions {
  /** File operations to use; defaults to `node:fs/promises`. */
  fileSystem?: JournalFileSystem;
}

/** A session this process took over with `adoptSession()`; pass it to `openJournalWriter()`. */
export interface AdoptedSession {
  sessionId: string;
  directory: string;
  journalPath: string;
  lockPath: string;
  /** The lock this process now holds. */
  lock: SessionLock;
  /** The lock of the process that owned the session before (absent for a closed session). */
  previousOwner?: SessionLock;
}

/**
 * Lists the sessions under `<directory>/journal/`, sorted by id, each with its lock status.
 * A missing directory has no sessions.
 */
export async function listSessions(
  directory: string,
  options: SessionOptions = {},
): Promise<JournalSession[]> {
  const fileSystem = options.fileSystem ?? fsPromises;
  const folder = journalDirectoryOf(directory);
  let names: string[];
  try {
    names = await fileSystem.readdir(folder);
  } catch (error) {
    if (systemErrorCode(error) === 'ENOENT') return [];
    throw journalIoError('list', folder, 'list the sessions in', error);
  }
  const sessionIds = new Set<string>();
  for (const name of names) {
    for (const suffix of [journalFileSuffix, lockFileSuffix]) {
      if (name.endsWith(suffix)) sessionIds.add(name.slice(0, -suffix.length));
    }
  }
  const sessions = await Promise.all(
    [...sessionIds].sort().map((sessionId) => describeSession(fileSystem, directory, sessionId)),
  );
  return sessions;
}

async function describeSession(
  fileSystem: JournalFileSystem,
  directory: string,
  sessionId: string,
): Promise<JournalSession> {
  const { journalPath, lockPath } = sessionPaths(directory, sessionId);
  const [sizeBytes, lockFile] = await Promise.all([
    fileSize(fileSystem, journalPath),
    readLockFile(fileSystem, lockPath),
  ]);
  const status: SessionStatus =
    lockFile === undefined ? 'closed' : await lockOwnerState(fileSystem, lockFile.lock);
  return {
    sessionId,
    status,
    journalPath,
    lockPath,
    ...(lockFile?.lock === undefined ? {} : { lock: lockFile.lock }),
    sizeBytes,
  };
}

async function fileSize(fileSystem: JournalFileSystem, path: string): Promise<number> {
  try {
    return (await fileSystem.stat(path)).size;
  } catch (error) {
    if (systemErrorCode(error) === 'ENOENT') return 0;
    throw journalIoError('list', path, 'read the size of', error);
  }
}

/**
 * Takes over a `dead` or `closed` session so this process can replay its unacknowledged records
 * and append their acks. Safe against racing recoveries: exactly one of several processes
 * adopting the same session at once succeeds; the others get a `JournalError` with code
 * `JOURNAL_LOCKED`.
 *
 * A closed session (no lock) is taken by creating its lock with an exclusive create. A dead one
 * is first claimed with an exclusive create of `<id>.lock.claim-<hash of the dead lock>`; the
 * winner checks that the lock is still the dead one, replaces it with its own in one rename and
 * removes the claim. Refuses `alive` sessions and `unknown` ones (locked on another host).
 */
export async function adoptSession(
  directory: string,
  sessionId: string,
  options: SessionOptions = {},
): Promise<AdoptedSession> {
  assertSessionId(sessionId);
  const fileSystem = options.fileSystem ?? fsPromises;
  const { journalPath, lockPath } = sessionPaths(directory, sessionId);
  const adopted = (lock: SessionLock, previousOwner?: SessionLock): AdoptedSession => ({
    sessionId,
    directory,
    journalPath,
    lockPath,
    lock,
    ...(previousOwner === undefined ? {} : { previousOwner }),
  });
  const lock = await newSessionLock(fileSystem);
  const current = await readLockFile(fileSystem, lockPath);

  if (current === undefined) {
    if ((await fileSize(fileSystem, journalPath)) === 0) {
      throw new JournalError({
        message: `There is no session ${sessionId} to adopt: ${journalPath} does not exist or is empty. Call listSessions() to see the sessions of ${directory}.`,
        path: journalPath,
        operation: 'adopt',
      });
    }
    if (await createLockFile(fileSystem, lockPath, lock)) return adopted(lock);
    throw await lockedError(fileSystem, lockPath, sessionId, 'adopt');
  }

  const state = await lockOwnerState(fileSystem, current.lock);
  if (state !== 'dead') throw describeLocked(lockPath, sessionId, current, state, 'adopt');

  const claimPath = `${lockPath}.claim-${createHash('sha256').update(current.text).digest('hex').slice(0, 16)}`;
  try {
    await fileSystem.writeFile(claimPath, JSON.stringify(lock), { flag: 'wx' });
  } catch (error) {
    if (systemErrorCode(error) !== 'EEXIST') {
      throw journalIoError('adopt', claimPath, 'claim the session through', error);
    }
    throw new JournalError({
      message: `Session ${sessionId} is being adopted by another process (${claimPath} exists). If no other process is recovering it (a recovery that crashed midway leaves this file), delete ${claimPath} and try again.`,
      path: claimPath,
      operation: 'adopt',
      code: 'JOURNAL_LOCKED',
      isRetryable: true,
    });
  }
  try {
    const again = await readLockFile(fileSystem, lockPath);
    if (again?.text !== current.text) {
      throw await lockedError(fileSystem, lockPath, sessionId, 'adopt');
    }
    await replaceLockFile(fileSystem, lockPath, lock);
  } finally {
    await fileSystem.unlink(claimPath).catch(() => undefined);
  }
  return adopted(lock, current.lock);
}

/** A `JOURNAL_LOCKED` error describing whoever holds `lockPath` now. */
export async function lockedError(
  fileSystem: JournalFileSystem,
  lockPath: string,
  sessionId: string,
  purpose: 'open' | 'adopt',
): Promise<JournalError> {
  const holder = await readLockFile(fileSystem, lockPath);
  const state = holder === undefined ? 'dead' : await lockOwnerState(fileSystem, holder.lock);
  return describeLocked(lockPath, sessionId, holder, state, purpose);
}

function describeLocked(
  lockPath: string,
  sessionId: string,
  holder: LockFileContent | undefined,
  state: 'alive' | 'dead' | 'unknown',
  purpose: 'open' | 'adopt',
): JournalError {
  const owner =
    holder?.lock === undefined
      ? 'another process'
      : `pid ${holder.lock.pid} on ${holder.lock.hostname}`;
  let advice: string;
  if (state === 'unknown') {
    advice = `This host cannot tell whether that process still runs: recover the session on ${holder?.lock?.hostname ?? 'its host'}, or delete ${lockPath} once you are sure it stopped.`;
  } else if (state === 'dead') {
    advice =
      purpose === 'open'
        ? 'That process stopped without closing it: take it over with adoptSession() and pass the result to openJournalWriter({ adopted }).'
        : 'Another process is taking it over at this moment: call listSessions() again and adopt it if it is still dead.';
  } else {
    advice =
      purpose === 'open'
        ? 'Use another session id, or wait until that process closes its journal.'
        : 'That process owns it (another recovery may have adopted it first); leave it to that process.';
  }
  return new JournalError({
    message: `Session ${sessionId} is locked by ${owner} (${state}). ${advice}`,
    path: lockPath,
    operation: purpose === 'open' ? 'lock' : 'adopt',
    code: 'JOURNAL_LOCKED',
    isRetryable: state === 'dead',
  });
}
