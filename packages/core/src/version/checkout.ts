import { chmod, lstat, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultConcurrency, mapWithConcurrency } from './concurrency';
import type { DvcOutput } from './dvc-file';
import { CheckoutConflictError } from './errors';
import { hashFile } from './md5';
import { copyVerified, exists, objectPath } from './object-store';
import { readManifestObject } from './objects';
import { cacheDirOf, type RepositoryOptions, readTarget } from './repository';
import { type HashOptions, listFiles } from './workspace';

/** Options of {@link checkout}. */
export interface CheckoutOptions extends RepositoryOptions, HashOptions {
  /**
   * Overwrite or delete workspace files whose content is in no cache (it is lost). Default
   * false: such files make checkout throw `CheckoutConflictError` before anything changes.
   */
  force?: boolean;
}

/** What {@link checkout} changed. */
export interface CheckoutResult {
  /** Absolute paths of the files written from the cache. */
  restored: string[];
  /** Absolute paths of the files removed (in a tracked folder, but not in its manifest). */
  removed: string[];
  /** Number of files that already had the right content. */
  unchanged: number;
}

interface Plan {
  copies: { source: string; destination: string; md5: string; isexec: boolean }[];
  removals: string[];
  conflicts: string[];
  unchanged: number;
}

async function kindOf(path: string): Promise<'file' | 'directory' | 'missing'> {
  try {
    return (await stat(path)).isDirectory() ? 'directory' : 'file';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
}

// A workspace file may be replaced without asking when its bytes can be got back.
async function isRecoverable(path: string, cacheDir: string, md5?: string): Promise<boolean> {
  const actual = md5 ?? (await hashFile(path)).md5;
  return exists(objectPath(cacheDir, actual));
}

async function planOutput(
  output: DvcOutput,
  absolutePath: string,
  cacheDir: string,
  options: CheckoutOptions,
  plan: Plan,
): Promise<void> {
  const concurrency = options.concurrency ?? defaultConcurrency;
  const current = await kindOf(absolutePath);
  if (!output.md5.endsWith('.dir')) {
    if (current === 'directory') plan.conflicts.push(absolutePath);
    if (current === 'file') {
      const { md5 } = await hashFile(absolutePath, options);
      if (md5 === output.md5) {
        plan.unchanged += 1;
        return;
      }
      if (!(await isRecoverable(absolutePath, cacheDir, md5))) plan.conflicts.push(absolutePath);
    }
    plan.copies.push({
      source: objectPath(cacheDir, output.md5),
      destination: absolutePath,
      md5: output.md5,
      isexec: output.isexec === true,
    });
    return;
  }
  const manifest = await readManifestObject(cacheDir, output.md5, 'cache');
  if (current === 'file') plan.conflicts.push(absolutePath);
  const present = current === 'directory' ? new Set(await listFiles(absolutePath)) : new Set();
  const wanted = new Set(manifest.map((entry) => entry.relpath));
  await mapWithConcurrency(manifest, concurrency, async (entry) => {
    options.signal?.throwIfAborted();
    const destination = join(absolutePath, ...entry.relpath.split('/'));
    if (present.has(entry.relpath)) {
      const { md5 } = await hashFile(destination, options);
      if (md5 === entry.md5) {
        plan.unchanged += 1;
        return;
      }
      if (!(await isRecoverable(destination, cacheDir, md5))) plan.conflicts.push(destination);
    }
    plan.copies.push({
      source: objectPath(cacheDir, entry.md5),
      destination,
      md5: entry.md5,
      isexec: false,
    });
  });
  const extras = [...present].filter((relpath) => !wanted.has(relpath as string)) as string[];
  await mapWithConcurrency(extras, concurrency, async (relpath) => {
    const extra = join(absolutePath, ...relpath.split('/'));
    if (!(await isRecoverable(extra, cacheDir))) plan.conflicts.push(extra);
    plan.removals.push(extra);
  });
}

/**
 * Makes the workspace match the `.dvc` files of `targets`, like `dvc checkout`: missing or
 * changed files are copied from the cache (DVC's default `copy` link type), each copy is
 * re-hashed on the way and only renamed into place when it matches; files in a tracked
 * folder that its manifest does not list are removed. Nothing is touched when a conflict
 * (see {@link CheckoutOptions.force}) is found.
 *
 * @throws CacheObjectMissingError when an object is not in the cache (pull it first).
 * @throws CacheObjectCorruptedError naming the cache file whose bytes are wrong.
 * @throws CheckoutConflictError when uncached workspace changes would be lost.
 */
export async function checkout(
  targets: string | readonly string[],
  options: CheckoutOptions,
): Promise<CheckoutResult> {
  const cacheDir = cacheDirOf(options);
  const plan: Plan = { copies: [], removals: [], conflicts: [], unchanged: 0 };
  const outputs: { output: DvcOutput; absolutePath: string }[] = [];
  for (const target of typeof targets === 'string' ? [targets] : targets) {
    outputs.push(...(await readTarget(target, options)).outputs);
  }
  for (const { output, absolutePath } of outputs) {
    await planOutput(output, absolutePath, cacheDir, options, plan);
  }
  if (plan.conflicts.length > 0 && options.force !== true) {
    throw new CheckoutConflictError({ paths: plan.conflicts.sort() });
  }
  for (const { output, absolutePath } of outputs) {
    const wantsDirectory = output.md5.endsWith('.dir');
    const current = await kindOf(absolutePath);
    if ((current === 'directory') !== wantsDirectory && current !== 'missing') {
      await rm(absolutePath, { recursive: true, force: true });
    }
  }
  await mapWithConcurrency(plan.removals, options.concurrency ?? defaultConcurrency, (path) =>
    rm(path, { force: true }),
  );
  const createdFolders = new Set<string>();
  await mapWithConcurrency(
    plan.copies,
    options.concurrency ?? defaultConcurrency,
    async ({ source, destination, md5, isexec }) => {
      options.signal?.throwIfAborted();
      await copyVerified(source, destination, {
        md5,
        oid: md5,
        signal: options.signal,
        createdFolders,
      });
      if (isexec) {
        const { mode } = await lstat(destination);
        await chmod(destination, mode | ((mode & 0o444) >> 2));
      }
    },
  );
  return {
    restored: plan.copies.map((copy) => copy.destination).sort(),
    removed: plan.removals.sort(),
    unchanged: plan.unchanged,
  };
}
