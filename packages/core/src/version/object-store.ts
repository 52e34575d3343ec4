import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CacheObjectCorruptedError, CacheObjectMissingError } from './errors';

/** The part of an oid that its bytes must hash to (a `.dir` suffix is not hashed). */
export function expectedMd5(oid: string): string {
  return oid.endsWith('.dir') ? oid.slice(0, -4) : oid;
}

/**
 * Path of an object in a DVC 3 cache or remote folder: `<root>/files/md5/<2 hex>/<rest>`.
 * `root` is the cache folder (`.dvc/cache`) or a local remote's folder.
 */
export function objectPath(root: string, oid: string): string {
  return join(root, 'files', 'md5', oid.slice(0, 2), oid.slice(2));
}

/** Whether `path` exists (any kind of entry). */
export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Options of {@link copyVerified}. */
export interface CopyVerifiedOptions {
  /** The md5 the bytes must have; on a mismatch nothing is left at `destination`. */
  md5: string;
  /** Mode of the file written (DVC protects cache objects as 0o444). */
  mode?: number;
  /** For errors: the oid and which file is blamed for a mismatch. */
  oid: string;
  /** Where `source` lives, for the error when it is missing. Default `cache`. */
  where?: 'cache' | 'remote';
  /** Stops the copy. */
  signal?: AbortSignal;
  /** Folders already created by this batch of copies, to skip repeated `mkdir` calls. */
  createdFolders?: Set<string>;
}

/**
 * Copies `source` to `destination` through a temporary file in the destination's folder,
 * hashing the bytes on the way, and renames it into place only if they hash to
 * `options.md5`. A reader therefore never sees a partial or wrong file.
 *
 * @throws CacheObjectCorruptedError naming `source` when its bytes do not match.
 */
export async function copyVerified(
  source: string,
  destination: string,
  options: CopyVerifiedOptions,
): Promise<void> {
  const folder = dirname(destination);
  if (options.createdFolders?.has(folder) !== true) {
    await mkdir(folder, { recursive: true });
    options.createdFolders?.add(folder);
  }
  const temporary = `${destination}.${randomUUID()}.tmp`;
  const hash = createHash('md5');
  const output = await open(temporary, 'wx');
  try {
    const input = createReadStream(source, { highWaterMark: 1 << 20, signal: options.signal });
    for await (const chunk of input as AsyncIterable<Buffer>) {
      hash.update(chunk);
      await output.write(chunk);
    }
  } catch (error) {
    await output.close();
    await rm(temporary, { force: true });
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new CacheObjectMissingError({
        oid: options.oid,
        path: source,
        where: options.where ?? 'cache',
        cause: error,
      });
    }
    throw error;
  }
  await output.close();
  const actualMd5 = hash.digest('hex');
  if (actualMd5 !== options.md5) {
    await rm(temporary, { force: true });
    throw new CacheObjectCorruptedError({ oid: options.oid, path: source, actualMd5 });
  }
  if (options.mode !== undefined) await chmod(temporary, options.mode);
  await rename(temporary, destination);
}

/** Writes `bytes` as a read-only object file (atomic: temporary file, then rename). */
export async function writeObjectBytes(destination: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(destination), { recursive: true });
  const temporary = `${destination}.${randomUUID()}.tmp`;
  const output = await open(temporary, 'wx');
  try {
    await output.writeFile(bytes);
  } finally {
    await output.close();
  }
  await chmod(temporary, 0o444);
  await rename(temporary, destination);
}

/** Cache and remote objects are read-only, as DVC leaves them. */
export const objectMode = 0o444;
