import { readFile } from 'node:fs/promises';
import { type DirManifestEntry, parseDirManifest } from './dir-manifest';
import { CacheObjectCorruptedError, CacheObjectMissingError } from './errors';
import { md5OfBytes } from './md5';
import { expectedMd5, objectPath } from './object-store';

/**
 * Reads and checks a `.dir` manifest object from a cache or remote folder.
 *
 * @throws CacheObjectMissingError when it is absent.
 * @throws CacheObjectCorruptedError when its bytes do not hash to its oid.
 */
export async function readManifestObject(
  root: string,
  oid: string,
  where: 'cache' | 'remote',
): Promise<DirManifestEntry[]> {
  const path = objectPath(root, oid);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new CacheObjectMissingError({ oid, path, where, cause: error });
  }
  const actualMd5 = md5OfBytes(bytes);
  if (actualMd5 !== expectedMd5(oid)) throw new CacheObjectCorruptedError({ oid, path, actualMd5 });
  return parseDirManifest(bytes, path);
}

/**
 * The oids an output's digest needs: itself, and for a folder every file's md5
 * (de-duplicated), read from the manifest in `manifestRoot`.
 */
export async function objectsOf(
  digest: string,
  manifestRoot: string,
  where: 'cache' | 'remote',
): Promise<string[]> {
  if (!digest.endsWith('.dir')) return [digest];
  const manifest = await readManifestObject(manifestRoot, digest, where);
  return [...new Set(manifest.map((entry) => entry.md5)), digest];
}
