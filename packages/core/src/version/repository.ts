import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InvalidArgumentError } from '../errors';
import { type DvcFile, type DvcOutput, parseDvcFile } from './dvc-file';

/** Where a DVC repository lives; every operation takes these. */
export interface RepositoryOptions {
  /** The repository root (the folder holding `.dvc/`). Relative paths resolve against it. */
  repoRoot: string;
  /** The cache folder. Default `<repoRoot>/.dvc/cache` (DVC's default `cache.dir`). */
  cacheDir?: string;
}

/** An output of a `.dvc` file with its absolute workspace path. */
export interface ResolvedOutput {
  /** The entry as written in the `.dvc` file. */
  output: DvcOutput;
  /** Absolute path of the data in the workspace. */
  absolutePath: string;
}

/** A `.dvc` file read from disk. */
export interface ResolvedTarget {
  /** Absolute path of the `.dvc` file. */
  dvcFilePath: string;
  /** Its parsed content. */
  file: DvcFile;
  /** Its outputs with absolute paths. */
  outputs: ResolvedOutput[];
}

/** The cache folder of a repository. */
export function cacheDirOf(options: RepositoryOptions): string {
  return resolve(options.repoRoot, options.cacheDir ?? join('.dvc', 'cache'));
}

/** Resolves `path` against the root and checks it lies inside it. */
export function resolveInRepository(path: string, options: RepositoryOptions): string {
  const root = resolve(options.repoRoot);
  const absolute = resolve(root, path);
  const inside = relative(root, absolute);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
    throw new InvalidArgumentError({
      message: `${path} is not inside the repository ${root}; pass a path below repoRoot.`,
      argument: 'path',
    });
  }
  return absolute;
}

/** The `.dvc` file that tracks `path` (the path itself when it already ends in `.dvc`). */
export function dvcFileFor(path: string, options: RepositoryOptions): string {
  const absolute = resolveInRepository(path, options);
  return absolute.endsWith('.dvc') ? absolute : `${absolute}.dvc`;
}

/**
 * Reads the `.dvc` file of a target: a tracked path (`data`) or its `.dvc` file
 * (`data.dvc`).
 *
 * @throws DvcFileFormatError when the file is not in the shape `dvc add` writes.
 * @throws InvalidArgumentError when no `.dvc` file exists for the target.
 */
export async function readTarget(
  path: string,
  options: RepositoryOptions,
): Promise<ResolvedTarget> {
  const dvcFilePath = dvcFileFor(path, options);
  let text: string;
  try {
    text = await readFile(dvcFilePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new InvalidArgumentError({
      message: `${dvcFilePath} does not exist: ${path} is not tracked. Add it with addToCache first.`,
      argument: 'path',
      cause: error,
    });
  }
  const file = parseDvcFile(text, dvcFilePath);
  const outputs = file.outs.map((output) => ({
    output,
    absolutePath: resolve(dirname(dvcFilePath), ...output.path.split('/')),
  }));
  return { dvcFilePath, file, outputs };
}
