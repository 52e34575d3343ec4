import type * as fsPromises from 'node:fs/promises';

/**
 * The file operations the journal uses: `node:fs/promises` by default. Tests pass a wrapper to
 * count fsyncs or to simulate a full disk without touching the global module.
 */
export type JournalFileSystem = Pick<
  typeof fsPromises,
  'open' | 'mkdir' | 'readFile' | 'writeFile' | 'link' | 'unlink' | 'rename' | 'stat' | 'readdir'
>;
