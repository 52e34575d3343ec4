import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, mkdir, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { defaultConcurrency, mapWithConcurrency } from './concurrency';
import { serializeDirManifest } from './dir-manifest';
import { type DvcOutput, formatDvcFile } from './dvc-file';
import { ignoreInGit } from './gitignore';
import { md5OfBytes } from './md5';
import { exists, objectMode, objectPath, writeObjectBytes } from './object-store';
import { comparePythonStrings } from './python-json';
import { cacheDirOf, type RepositoryOptions, resolveInRepository } from './repository';
import { type HashOptions, listFiles } from './workspace';

/** Options of {@link addToCache}. */
export interface AddToCacheOptions extends RepositoryOptions, HashOptions {
  /**
   * Whether to add the path to the `.gitignore` beside it, as `dvc add` does in a git
   * repository. Default: true when `<repoRoot>/.git` exists.
   */
  gitignore?: boolean;
  /** Called after each file is stored, with the files done so far and the total. */
  onProgress?: (progress: { filesDone: number; filesTotal: number }) => void;
}

/** What {@link addToCache} stored and wrote. */
export interface AddToCacheResult {
  /**
   * The dataset digest: the md5 written to the `.dvc` file (for a folder, the manifest's
   * md5 followed by `.dir`). Equal to what `dvc add` records for the same bytes.
   */
  digest: string;
  /** The entry written to the `.dvc` file. */
  output: DvcOutput;
  /** Absolute path of the `.dvc` file written. */
  dvcFilePath: string;
  /** Absolute path of the `.gitignore` updated, when one was. */
  gitignorePath: string | undefined;
}

// One pass per file: copy into the cache through a temporary file while hashing, then move
// it to the object path its md5 names (or drop it when that object is already there).
async function storeFile(
  source: string,
  cacheDir: string,
  createdFolders: Set<string>,
  signal: AbortSignal | undefined,
): Promise<{ md5: string; size: number }> {
  const staging = join(cacheDir, 'files', 'md5');
  const ensureFolder = async (folder: string) => {
    if (createdFolders.has(folder)) return;
    await mkdir(folder, { recursive: true });
    createdFolders.add(folder);
  };
  await ensureFolder(staging);
  const temporary = join(staging, `${randomUUID()}.tmp`);
  const hash = createHash('md5');
  let size = 0;
  const output = await open(temporary, 'wx');
  try {
    const input = createReadStream(source, { highWaterMark: 1 << 20, signal });
    for await (const chunk of input as AsyncIterable<Buffer>) {
      hash.update(chunk);
      size += chunk.length;
      await output.write(chunk);
    }
  } catch (error) {
    await output.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await output.close();
  const md5 = hash.digest('hex');
  const destination = objectPath(cacheDir, md5);
  if (await exists(destination)) {
    await rm(temporary, { force: true });
  } else {
    await chmod(temporary, objectMode);
    await ensureFolder(join(staging, md5.slice(0, 2)));
    await rename(temporary, destination);
  }
  return { md5, size };
}

/**
 * Tracks a file or folder the way `dvc add` does in DVC 3: stores its bytes in the cache
 * (`.dvc/cache/files/md5/xx/...`, read-only), a folder's `.dir` manifest too, writes
 * `<path>.dvc` beside it and adds `/<name>` to the `.gitignore` there. Real `dvc status`,
 * `dvc checkout` and `dvc push` accept the result.
 *
 * @example
 * ```ts
 * const { digest } = await addToCache('data/train', { repoRoot: '/repo' });
 * // digest === '5ea40360f5b4ec688df672a4db9c17d1.dir', as dvc would record it
 * ```
 */
export async function addToCache(
  path: string,
  options: AddToCacheOptions,
): Promise<AddToCacheResult> {
  const absolute = resolveInRepository(path, options);
  const cacheDir = cacheDirOf(options);
  const info = await stat(absolute);
  const createdFolders = new Set<string>();
  let output: DvcOutput;
  if (info.isDirectory()) {
    const relpaths = await listFiles(absolute);
    let filesDone = 0;
    const entries = await mapWithConcurrency(
      relpaths,
      options.concurrency ?? defaultConcurrency,
      async (relpath) => {
        options.signal?.throwIfAborted();
        const stored = await storeFile(
          join(absolute, relpath),
          cacheDir,
          createdFolders,
          options.signal,
        );
        filesDone += 1;
        options.onProgress?.({ filesDone, filesTotal: relpaths.length });
        return { ...stored, relpath };
      },
    );
    entries.sort((a, b) => comparePythonStrings(a.relpath, b.relpath));
    const manifest = serializeDirManifest(entries);
    const oid = `${md5OfBytes(manifest)}.dir`;
    const manifestPath = objectPath(cacheDir, oid);
    if (!(await exists(manifestPath))) await writeObjectBytes(manifestPath, manifest);
    output = {
      md5: oid,
      size: entries.reduce((total, entry) => total + entry.size, 0),
      nfiles: entries.length,
      hash: 'md5',
      path: basename(absolute),
    };
  } else {
    const stored = await storeFile(absolute, cacheDir, createdFolders, options.signal);
    options.onProgress?.({ filesDone: 1, filesTotal: 1 });
    output = { md5: stored.md5, size: stored.size, hash: 'md5', path: basename(absolute) };
    if ((info.mode & 0o111) !== 0) output.isexec = true;
  }
  const dvcFilePath = `${absolute}.dvc`;
  await writeFile(dvcFilePath, formatDvcFile({ outs: [output] }), 'utf8');
  const useGit = options.gitignore ?? (await exists(join(options.repoRoot, '.git')));
  const gitignorePath = useGit ? await ignoreInGit(absolute) : undefined;
  return { digest: output.md5, output, dvcFilePath, gitignorePath };
}
