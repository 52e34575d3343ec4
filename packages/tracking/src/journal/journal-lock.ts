import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { JournalFileSystem } from './file-system';
import { journalIoError, systemErrorCode } from './journal-error';

/**
 * The content of `<sessionId>.lock`: who writes the session's journal. `token` tells a lock this
 * process took (by opening or adopting the session) from an older lock of the same pid; `bootId`
 * (Linux) tells a lock left before a reboot, whose pid may since belong to another process.
 */
export interface SessionLock {
  pid: number;
  hostname: string;
  startedAtMs: number;
  token: string;
  bootId?: string;
}

/** What a lock file holds: the parsed lock (absent when unreadable) and its exact text. */
export interface LockFileContent {
  lock: SessionLock | undefined;
  text: string;
}

/** Whether the owner of a lock runs: `unknown` for a lock taken on another host. */
export type LockOwnerState = 'alive' | 'dead' | 'unknown';

/** A lock for this process, now. */
export async function newSessionLock(fileSystem: JournalFileSystem): Promise<SessionLock> {
  const bootId = await readBootId(fileSystem);
  return {
    pid: process.pid,
    hostname: hostname(),
    startedAtMs: Date.now(),
    token: randomUUID(),
    ...(bootId === undefined ? {} : { bootId }),
  };
}

/** Reads a lock file; `undefined` when there is none. */
export async function readLockFile(
  fileSystem: JournalFileSystem,
  lockPath: string,
): Promise<LockFileContent | undefined> {
  let text: string;
  try {
    text = await fileSystem.readFile(lockPath, 'utf8');
  } catch (error) {
    if (systemErrorCode(error) === 'ENOENT') return undefined;
    throw journalIoError('lock', lockPath, 'read the session lock', error);
  }
  return { lock: parseLock(text), text };
}

function parseLock(text: string): SessionLock | undefined {
  try {
    const value = JSON.parse(text) as Partial<SessionLock>;
    if (
      typeof value.pid === 'number' &&
      typeof value.hostname === 'string' &&
      typeof value.startedAtMs === 'number' &&
      typeof value.token === 'string'
    ) {
      return value as SessionLock;
    }
  } catch {
    // An unreadable lock has no owner to ask: the caller treats it as dead.
  }
  return undefined;
}

/**
 * Creates `lockPath` holding `lock` unless it exists; false when it does. The content is written
 * to a private file first and hard-linked into place, so the lock never exists half-written and
 * exactly one of several racing processes gets it.
 */
export async function createLockFile(
  fileSystem: JournalFileSystem,
  lockPath: string,
  lock: SessionLock,
): Promise<boolean> {
  const temporaryPath = `${lockPath}.${lock.token}.tmp`;
  try {
    await fileSystem.writeFile(temporaryPath, JSON.stringify(lock), { flag: 'wx' });
    await fileSystem.link(temporaryPath, lockPath);
    return true;
  } catch (error) {
    if (systemErrorCode(error) === 'EEXIST') return false;
    throw journalIoError('lock', lockPath, 'create the session lock', error);
  } finally {
    await fileSystem.unlink(temporaryPath).catch(() => undefined);
  }
}

/** Replaces the content of `lockPath` with `lock` in one step (write aside, then rename). */
export async function replaceLockFile(
  fileSystem: JournalFileSystem,
  lockPath: string,
  lock: SessionLock,
): Promise<void> {
  const temporaryPath = `${lockPath}.${lock.token}.tmp`;
  try {
    await fileSystem.writeFile(temporaryPath, JSON.stringify(lock), { flag: 'wx' });
    await fileSystem.rename(temporaryPath, lockPath);
  } catch (error) {
    await fileSystem.unlink(temporaryPath).catch(() => undefined);
    throw journalIoError('lock', lockPath, 'replace the session lock', error);
  }
}

/**
 * Whether the process that took `lock` still runs. On this host that is `process.kill(pid, 0)`
 * (EPERM means it runs under another user); a lock from before the last reboot is dead whatever
 * its pid; on another host nobody here can tell.
 */
export async function lockOwnerState(
  fileSystem: JournalFileSystem,
  lock: SessionLock | undefined,
): Promise<LockOwnerState> {
  if (lock === undefined) return 'dead';
  if (lock.hostname !== hostname()) return 'unknown';
  if (lock.bootId !== undefined) {
    const bootId = await readBootId(fileSystem);
    if (bootId !== undefined && bootId !== lock.bootId) return 'dead';
  }
  try {
    process.kill(lock.pid, 0);
    return 'alive';
  } catch (error) {
    return systemErrorCode(error) === 'EPERM' ? 'alive' : 'dead';
  }
}

async function readBootId(fileSystem: JournalFileSystem): Promise<string | undefined> {
  if (process.platform !== 'linux') return undefined;
  try {
    const text = await fileSystem.readFile('/proc/sys/kernel/random/boot_id', 'utf8');
    return text.trim() || undefined;
  } catch {
    return undefined;
  }
}
