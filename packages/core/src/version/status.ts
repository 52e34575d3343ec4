import { defaultConcurrency, mapWithConcurrency } from './concurrency';
import { CacheObjectMissingError } from './errors';
import { exists, objectPath } from './object-store';
import { objectsOf } from './objects';
import { cacheDirOf, type RepositoryOptions, readTarget } from './repository';
import { type HashOptions, hashPath } from './workspace';

/** Options of {@link status}. */
export interface StatusOptions extends RepositoryOptions, HashOptions {}

/** How one tracked output compares with its `.dvc` file and the cache. */
export interface OutputStatus {
  /** Absolute path of the data in the workspace. */
  path: string;
  /** Absolute path of the `.dvc` file. */
  dvcFilePath: string;
  /** The digest recorded in the `.dvc` file. */
  digest: string;
  /**
   * `unchanged`: the workspace hashes to `digest`; `modified`: it hashes to something else
   * (see `workspaceDigest`); `missing`: nothing is there (DVC says "deleted").
   */
  workspace: 'unchanged' | 'modified' | 'missing';
  /** The digest of the workspace data, when it exists. */
  workspaceDigest: string | undefined;
  /** `complete` when every object is in the cache (DVC's "not in cache" otherwise). */
  cache: 'complete' | 'missing';
}

/** The result of {@link status}. */
export interface StatusResult {
  /** One entry per output of the targets' `.dvc` files. */
  outputs: OutputStatus[];
  /** True when every output is unchanged and complete in the cache ("up to date"). */
  isClean: boolean;
}

/**
 * Compares tracked data with its `.dvc` files and the cache, like `dvc status <targets>`:
 * the workspace is hashed (no state database), the cache is checked for presence only
 * (use {@link verifyCache} to re-hash it).
 *
 * @param targets tracked paths (`data`) or their `.dvc` files, relative to `repoRoot`.
 * @throws DvcFileFormatError when a `.dvc` file is not in the shape `dvc add` writes.
 * @throws CacheObjectCorruptedError when a folder's `.dir` manifest in the cache is corrupted.
 */
export async function status(
  targets: string | readonly string[],
  options: StatusOptions,
): Promise<StatusResult> {
  const cacheDir = cacheDirOf(options);
  const outputs: OutputStatus[] = [];
  for (const target of typeof targets === 'string' ? [targets] : targets) {
    const resolved = await readTarget(target, options);
    for (const { output, absolutePath } of resolved.outputs) {
      let workspaceDigest: string | undefined;
      if (await exists(absolutePath)) {
        workspaceDigest = (await hashPath(absolutePath, options)).oid;
      }
      outputs.push({
        path: absolutePath,
        dvcFilePath: resolved.dvcFilePath,
        digest: output.md5,
        workspace:
          workspaceDigest === undefined
            ? 'missing'
            : workspaceDigest === output.md5
              ? 'unchanged'
              : 'modified',
        workspaceDigest,
        cache: (await isInCache(output.md5, cacheDir, options)) ? 'complete' : 'missing',
      });
    }
  }
  return {
    outputs,
    isClean: outputs.every(
      (entry) => entry.workspace === 'unchanged' && entry.cache === 'complete',
    ),
  };
}

async function isInCache(oid: string, cacheDir: string, options: HashOptions): Promise<boolean> {
  try {
    const oids = await objectsOf(oid, cacheDir, 'cache');
    const present = await mapWithConcurrency(
      oids,
      options.concurrency ?? defaultConcurrency,
      (each) => exists(objectPath(cacheDir, each)),
    );
    return present.every(Boolean);
  } catch (error) {
    if (CacheObjectMissingError.isInstance(error)) return false;
    throw error;
  }
}
