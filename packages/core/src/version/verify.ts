import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultConcurrency, mapWithConcurrency } from './concurrency';
import { CacheObjectCorruptedError, CacheObjectMissingError } from './errors';
import { hashFile } from './md5';
import { exists, expectedMd5, objectPath } from './object-store';
import { objectsOf } from './objects';
import { cacheDirOf, type RepositoryOptions, readTarget } from './repository';
import type { HashOptions } from './workspace';

/** Options of {@link verifyCache}. */
export interface VerifyCacheOptions extends RepositoryOptions, HashOptions {
  /**
   * Check only the objects these tracked paths (or `.dvc` files) need. Default: every
   * object in the cache.
   */
  targets?: string | readonly string[];
}

/** A cache object whose bytes do not hash to its name. */
export interface CorruptedObject {
  /** The oid the object should have (its name, with `.dir` for a manifest). */
  oid: string;
  /** Absolute path of the object file. */
  path: string;
  /** The md5 its bytes have. */
  actualMd5: string;
}

/** The result of {@link verifyCache}. */
export interface VerifyCacheResult {
  /** Number of objects re-hashed. */
  checked: number;
  /** Objects whose bytes are wrong, sorted by path. Empty when the cache is intact. */
  corrupted: CorruptedObject[];
  /** Oids the targets need that the cache lacks (always empty without `targets`). */
  missing: string[];
  /** True when nothing is corrupted or missing. */
  isIntact: boolean;
}

async function listCacheObjects(cacheDir: string): Promise<string[]> {
  const root = join(cacheDir, 'files', 'md5');
  if (!(await exists(root))) return [];
  const oids: string[] = [];
  for (const prefix of await readdir(root)) {
    if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
    for (const rest of await readdir(join(root, prefix))) {
      if (/^[0-9a-f]{30}(?:\.dir)?$/.test(rest)) oids.push(prefix + rest);
    }
  }
  return oids;
}

/**
 * Re-hashes cache objects and reports each whose bytes no longer match its name (what DVC
 * would find, and delete, on its next use of it). Unlike DVC it deletes nothing: repair by
 * pulling the object or adding the data again.
 *
 * @example
 * ```ts
 * const { isIntact, corrupted } = await verifyCache({ repoRoot: '/repo' });
 * for (const object of corrupted) console.error(`${object.path}: md5 is ${object.actualMd5}`);
 * ```
 */
export async function verifyCache(options: VerifyCacheOptions): Promise<VerifyCacheResult> {
  const cacheDir = cacheDirOf(options);
  let oids: string[];
  const missing: string[] = [];
  if (options.targets === undefined) {
    oids = await listCacheObjects(cacheDir);
  } else {
    const wanted = new Set<string>();
    const list = typeof options.targets === 'string' ? [options.targets] : options.targets;
    for (const target of list) {
      for (const { output } of (await readTarget(target, options)).outputs) {
        try {
          for (const oid of await objectsOf(output.md5, cacheDir, 'cache')) wanted.add(oid);
        } catch (error) {
          if (CacheObjectMissingError.isInstance(error)) missing.push(output.md5);
          else if (!CacheObjectCorruptedError.isInstance(error)) throw error;
          // A corrupted manifest is still re-hashed below, and so reported.
          wanted.add(output.md5);
        }
      }
    }
    oids = [];
    for (const oid of wanted) {
      if (await exists(objectPath(cacheDir, oid))) oids.push(oid);
      else if (!missing.includes(oid)) missing.push(oid);
    }
  }
  const corrupted: CorruptedObject[] = [];
  await mapWithConcurrency(oids, options.concurrency ?? defaultConcurrency, async (oid) => {
    options.signal?.throwIfAborted();
    const path = objectPath(cacheDir, oid);
    const { md5 } = await hashFile(path, options);
    if (md5 !== expectedMd5(oid)) corrupted.push({ oid, path, actualMd5: md5 });
  });
  corrupted.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  missing.sort();
  return {
    checked: oids.length,
    corrupted,
    missing,
    isIntact: corrupted.length === 0 && missing.length === 0,
  };
}
