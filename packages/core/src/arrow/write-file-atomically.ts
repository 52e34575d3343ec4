import { randomUUID } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `data` to `path` so that readers see either the old file or the whole new one:
 * the bytes go to a temporary file in the same directory, are flushed to disk, and the
 * temporary file is renamed over `path`. On failure or abort the temporary file is removed
 * and the error (the Node.js one, or the signal's reason) is thrown. The directory must
 * exist.
 */
export async function writeFileAtomically(
  path: string,
  data: string | Uint8Array,
  signal?: AbortSignal,
): Promise<void> {
  const temporaryPath = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
  try {
    await writeFile(temporaryPath, data, { signal, flush: true });
    signal?.throwIfAborted();
    await rename(temporaryPath, path);
  } catch (error) {
    await rm(temporaryPath, { force: true });
    throw error;
  }
}
