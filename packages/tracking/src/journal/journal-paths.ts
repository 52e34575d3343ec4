import { join } from 'node:path';
import { InvalidArgumentError } from '@dagnostics/core';

/** File name suffix of journal files. */
export const journalFileSuffix = '.jsonl';
/** File name suffix of lock files. */
export const lockFileSuffix = '.lock';

/** `<directory>/journal`, where every session keeps its journal and lock. */
export function journalDirectoryOf(directory: string): string {
  return join(directory, 'journal');
}

/** Where session `sessionId` keeps its journal and its lock. */
export function sessionPaths(
  directory: string,
  sessionId: string,
): { journalPath: string; lockPath: string } {
  const folder = journalDirectoryOf(directory);
  return {
    journalPath: join(folder, `${sessionId}${journalFileSuffix}`),
    lockPath: join(folder, `${sessionId}${lockFileSuffix}`),
  };
}

/**
 * Session ids become file names, so they are limited to letters, digits, `_` and `-` (a UUID
 * fits), 1 to 128 characters, starting with a letter or digit.
 */
export function assertSessionId(sessionId: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/.test(sessionId)) {
    throw new InvalidArgumentError({
      message: `Invalid session id ${JSON.stringify(sessionId)}: use 1 to 128 letters, digits, "_" or "-", starting with a letter or digit (a UUID works).`,
      argument: 'sessionId',
    });
  }
}
