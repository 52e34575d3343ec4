import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { InvalidArgumentError } from '@dagnostics/core';
import { artifactSegmentProblem } from './artifact-path';

/** One local file to upload and where it goes, relative to the upload's artifact folder. */
export interface LocalArtifactFile {
  /** Path on this machine. */
  localPath: string;
  /** Artifact path parts below the upload's folder, e.g. `['données', 'été 2024.csv']`. */
  segments: string[];
  /** Size when the upload started, in bytes. */
  sizeBytes: number;
}

function checkName(name: string, localPath: string): void {
  const problem = artifactSegmentProblem(name);
  if (problem !== undefined) {
    throw new InvalidArgumentError({
      message: `"${localPath}" cannot be uploaded: its name ${problem}. Rename it, or upload its bytes with { fileName }.`,
      argument: 'source',
    });
  }
}

async function statSource(source: string) {
  try {
    return await stat(source);
  } catch (error) {
    throw new InvalidArgumentError({
      message: `Cannot read "${source}" to upload it (${(error as NodeJS.ErrnoException).code ?? 'error'}). Pass an existing file or folder.`,
      argument: 'source',
      cause: error,
    });
  }
}

/**
 * The files to upload for `source`: the file itself (named `fileName` or its own name), or
 * every file below a folder with its relative path, sorted. As MLflow's client does,
 * symbolic links to files are followed and links to folders are skipped.
 *
 * @throws {InvalidArgumentError} when `source` cannot be read, `fileName` is given for a
 * folder, or a name cannot be stored by MLflow.
 */
export async function listLocalSources(
  source: string,
  fileName: string | undefined,
): Promise<LocalArtifactFile[]> {
  const info = await statSource(source);
  if (info.isFile()) {
    const name = fileName ?? basename(source);
    checkName(name, fileName === undefined ? source : name);
    return [{ localPath: source, segments: [name], sizeBytes: info.size }];
  }
  if (!info.isDirectory()) {
    throw new InvalidArgumentError({
      message: `"${source}" is neither a file nor a folder; pass a file, a folder or bytes.`,
      argument: 'source',
    });
  }
  if (fileName !== undefined) {
    throw new InvalidArgumentError({
      message: `fileName is for a single file or bytes, but "${source}" is a folder; its files keep their names. Use artifactPath to choose the folder they go to.`,
      argument: 'fileName',
    });
  }
  const files: LocalArtifactFile[] = [];
  await walk(source, [], files);
  return files;
}

async function walk(folder: string, prefix: string[], files: LocalArtifactFile[]): Promise<void> {
  const entries: Dirent[] = await readdir(folder, { withFileTypes: true });
  entries.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
  for (const entry of entries) {
    const localPath = join(folder, entry.name);
    if (entry.isDirectory()) {
      checkName(entry.name, localPath);
      await walk(localPath, [...prefix, entry.name], files);
      continue;
    }
    if (!entry.isFile() && !entry.isSymbolicLink()) continue;
    const info = entry.isFile()
      ? await stat(localPath)
      : await stat(localPath).catch(() => undefined);
    if (info === undefined || !info.isFile()) continue;
    checkName(entry.name, localPath);
    files.push({ localPath, segments: [...prefix, entry.name], sizeBytes: info.size });
  }
}
