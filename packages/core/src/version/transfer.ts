import { resolve } from 'node:path';
import { type CheckoutResult, checkout } from './checkout';
import { defaultConcurrency, mapWithConcurrency } from './concurrency';
import { copyVerified, exists, expectedMd5, objectMode, objectPath } from './object-store';
import { objectsOf } from './objects';
import { cacheDirOf, type RepositoryOptions, readTarget } from './repository';
import type { HashOptions } from './workspace';

/** Options of {@link push} and {@link pull}. */
export interface TransferOptions extends RepositoryOptions, HashOptions {
  /**
   * The local remote: a folder laid out like DVC 3's remotes (`<remote>/files/md5/xx/...`),
   * the `url` of a `dvc remote add` pointing at a path. Relative to `repoRoot`.
   */
  remote: string;
  /** Called after each object is transferred or found present. */
  onProgress?: (progress: { objectsDone: number; objectsTotal: number }) => void;
}

/** What {@link push} or the transfer part of {@link pull} did. */
export interface TransferResult {
  /** Oids copied (a folder's `.dir` manifest included). */
  transferred: string[];
  /** Number of objects the destination already had. */
  alreadyPresent: number;
}

async function transferObjects(
  oids: readonly string[],
  from: { root: string; where: 'cache' | 'remote' },
  to: string,
  options: TransferOptions,
  counter: { done: number; total: number },
): Promise<TransferResult> {
  const transferred: string[] = [];
  let alreadyPresent = 0;
  const createdFolders = new Set<string>();
  await mapWithConcurrency(oids, options.concurrency ?? defaultConcurrency, async (oid) => {
    options.signal?.throwIfAborted();
    const destination = objectPath(to, oid);
    if (await exists(destination)) {
      alreadyPresent += 1;
    } else {
      await copyVerified(objectPath(from.root, oid), destination, {
        md5: expectedMd5(oid),
        oid,
        mode: objectMode,
        where: from.where,
        signal: options.signal,
        createdFolders,
      });
      transferred.push(oid);
    }
    counter.done += 1;
    options.onProgress?.({ objectsDone: counter.done, objectsTotal: counter.total });
  });
  return { transferred: transferred.sort(), alreadyPresent };
}

/**
 * Uploads the cache objects of `targets` that a local remote lacks, like
 * `dvc push -r <remote> <targets>`: file objects first, a folder's `.dir` manifest last, so
 * that a remote never lists a folder whose files it lacks. Each object is re-hashed as it
 * is copied.
 *
 * @throws CacheObjectMissingError when the cache lacks an object to push.
 * @throws CacheObjectCorruptedError naming a cache file whose bytes are wrong.
 */
export async function push(
  targets: string | readonly string[],
  options: TransferOptions,
): Promise<TransferResult> {
  const cacheDir = cacheDirOf(options);
  const remote = resolve(options.repoRoot, options.remote);
  const oids: string[] = [];
  for (const target of typeof targets === 'string' ? [targets] : targets) {
    for (const { output } of (await readTarget(target, options)).outputs) {
      oids.push(...(await objectsOf(output.md5, cacheDir, 'cache')));
    }
  }
  const unique = [...new Set(oids)];
  const counter = { done: 0, total: unique.length };
  const files = unique.filter((oid) => !oid.endsWith('.dir'));
  const manifests = unique.filter((oid) => oid.endsWith('.dir'));
  const first = await transferObjects(
    files,
    { root: cacheDir, where: 'cache' },
    remote,
    options,
    counter,
  );
  const last = await transferObjects(
    manifests,
    { root: cacheDir, where: 'cache' },
    remote,
    options,
    counter,
  );
  return {
    transferred: [...first.transferred, ...last.transferred],
    alreadyPresent: first.alreadyPresent + last.alreadyPresent,
  };
}

/** Options of {@link pull}. */
export interface PullOptions extends TransferOptions {
  /** Passed to the checkout that follows the download. Default false. */
  force?: boolean;
}

/** What {@link pull} downloaded and checked out. */
export interface PullResult extends TransferResult {
  /** The checkout that followed. */
  checkout: CheckoutResult;
}

/**
 * Downloads the objects of `targets` that the cache lacks from a local remote and checks
 * them out, like `dvc pull -r <remote> <targets>`. Every object is re-hashed on the way in.
 *
 * @throws CacheObjectMissingError when the remote lacks an object.
 * @throws CacheObjectCorruptedError naming a remote (or cache) file whose bytes are wrong.
 * @throws CheckoutConflictError from the checkout, see {@link checkout}.
 */
export async function pull(
  targets: string | readonly string[],
  options: PullOptions,
): Promise<PullResult> {
  const cacheDir = cacheDirOf(options);
  const remote = resolve(options.repoRoot, options.remote);
  const list = typeof targets === 'string' ? [targets] : targets;
  const counter = { done: 0, total: 0 };
  const transferred: string[] = [];
  let alreadyPresent = 0;
  for (const target of list) {
    for (const { output } of (await readTarget(target, options)).outputs) {
      // The manifest comes first: it says which file objects to fetch.
      const manifestOids = output.md5.endsWith('.dir') ? [output.md5] : [];
      counter.total += manifestOids.length;
      const manifestStep = await transferObjects(
        manifestOids,
        { root: remote, where: 'remote' },
        cacheDir,
        options,
        counter,
      );
      const oids = await objectsOf(output.md5, cacheDir, 'cache');
      const files = oids.filter((oid) => !oid.endsWith('.dir'));
      counter.total += files.length;
      const fileStep = await transferObjects(
        files,
        { root: remote, where: 'remote' },
        cacheDir,
        options,
        counter,
      );
      transferred.push(...manifestStep.transferred, ...fileStep.transferred);
      alreadyPresent += manifestStep.alreadyPresent + fileStep.alreadyPresent;
    }
  }
  return {
    transferred: transferred.sort(),
    alreadyPresent,
    checkout: await checkout(list, options),
  };
}
