import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError } from '../errors';
import { defaultConcurrency, mapWithConcurrency } from './concurrency';
import { type DirManifestEntry, serializeDirManifest } from './dir-manifest';
import { hashFile, md5OfBytes } from './md5';
import { comparePythonStrings } from './python-json';

/** A file of a directory output with its hash and size. */
export interface HashedEntry extends DirManifestEntry {
  /** Size in bytes. */
  size: number;
}

/** What a workspace path hashes to, in DVC 3 terms. */
export interface PathHash {
  /** Whether the path is a single file or a directory output. */
  kind: 'file' | 'directory';
  /** The oid: the file's md5, or the manifest's md5 followed by `.dir`. */
  oid: string;
  /** Bytes in total. */
  size: number;
  /** Number of files (directories only). */
  nfiles?: number;
  /** The files, sorted as in the manifest (directories only). */
  entries?: HashedEntry[];
  /** The `.dir` manifest bytes (directories only). */
  manifest?: Buffer;
}

/** Options shared by the operations that hash or copy many files. */
export interface HashOptions {
  /** Stops the work and rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Files processed at once. Default 8. */
  concurrency?: number;
}

// DVC never collects these folders into an output.
const skippedNames = new Set(['.git', '.hg', '.dvc']);

/**
 * Lists the files under `root` as `/`-separated relative paths, following symbolic links
 * and leaving out empty folders and `.git`, `.hg` and `.dvc` folders as DVC does.
 *
 * @throws InvalidArgumentError when the folder holds a `.dvcignore` (DVC refuses it too).
 */
export async function listFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  const visit = async (folder: string, prefix: string): Promise<void> => {
    const names = await readdir(folder);
    for (const name of names) {
      const absolute = join(folder, name);
      const relative = prefix === '' ? name : `${prefix}/${name}`;
      if (name === '.dvcignore') {
        throw new InvalidArgumentError({
          message: `${absolute}: a .dvcignore inside a tracked folder is not supported (DVC rejects it as well); move it to the repository root.`,
          argument: 'path',
        });
      }
      const info = await stat(absolute);
      if (info.isDirectory()) {
        if (!skippedNames.has(name)) await visit(absolute, relative);
      } else if (info.isFile()) {
        files.push(relative);
      }
    }
  };
  await visit(root, '');
  return files;
}

/**
 * Hashes a workspace file or directory the way DVC 3 does for `dvc add` and `dvc status`.
 * A directory's files are streamed through md5 with bounded concurrency and combined
 * into the `.dir` manifest.
 */
export async function hashPath(path: string, options: HashOptions = {}): Promise<PathHash> {
  const info = await stat(path);
  if (!info.isDirectory()) {
    const { md5, size } = await hashFile(path, options);
    return { kind: 'file', oid: md5, size };
  }
  const relpaths = await listFiles(path);
  const entries = await mapWithConcurrency(
    relpaths,
    options.concurrency ?? defaultConcurrency,
    async (relpath) => {
      options.signal?.throwIfAborted();
      const { md5, size } = await hashFile(join(path, relpath), options);
      return { md5, relpath, size };
    },
  );
  const manifest = serializeDirManifest(entries);
  const sorted = [...entries].sort((a, b) => comparePythonStrings(a.relpath, b.relpath));
  return {
    kind: 'directory',
    oid: `${md5OfBytes(manifest)}.dir`,
    size: entries.reduce((total, entry) => total + entry.size, 0),
    nfiles: entries.length,
    entries: sorted,
    manifest,
  };
}
