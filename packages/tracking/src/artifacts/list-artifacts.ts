import type { components } from '../generated';
import type { MlflowTransport } from '../transport';
import { redactUrl } from '../transport/redact';
import { ArtifactLocationError } from './artifact-location-error';
import { artifactPathSegments } from './artifact-path';
import { artifactProxyPath, artifactRootSegments } from './artifact-uri';
import { readJson } from './read-json';

/** One file or folder of a run's or model's artifacts. */
export interface ArtifactEntry {
  /** Path relative to the artifact root, `/` between folders, e.g. `reports/summary.txt`. */
  path: string;
  /** True for a folder. */
  isDir: boolean;
  /** Size of a file, in bytes; undefined for folders. */
  fileSizeBytes: number | undefined;
}

/** Options of {@link listArtifacts} and {@link iterateArtifacts}. */
export interface ListArtifactsOptions {
  /** Cancels the listing. */
  signal?: AbortSignal;
}

/**
 * Lists one folder of a run's or logged model's artifacts through MLflow's artifact proxy
 * (`GET /api/2.0/mlflow-artifacts/artifacts?path=...`), sorted by path. A missing folder,
 * and a path that names a file, list as empty (MLflow's answer for both).
 *
 * @param artifactUri - the run's or model's `artifact_uri` (`mlflow-artifacts:/...`).
 * @param path - the folder, relative to the artifact root. Default: the root.
 * @throws {InvalidArgumentError} for an absolute path or one with `..`.
 * @throws {ArtifactLocationError} when `artifactUri` is not served by the proxy, or the
 * server lists a name that is not a plain file name.
 *
 * @example
 * ```ts
 * for (const entry of await listArtifacts(transport, run.artifactUri, 'reports')) {
 *   console.log(entry.path, entry.isDir ? '/' : entry.fileSizeBytes);
 * }
 * ```
 */
export async function listArtifacts(
  transport: MlflowTransport,
  artifactUri: string,
  path?: string,
  options: ListArtifactsOptions = {},
): Promise<ArtifactEntry[]> {
  const root = artifactRootSegments(artifactUri);
  const folder = artifactPathSegments(path, 'path');
  const response = await transport.request({
    method: 'GET',
    path: artifactProxyPath,
    query: { path: [...root, ...folder].join('/') },
    retry: 'safe',
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const answer = await readJson<components['schemas']['ListArtifactsResponse']>(response);
  const entries = (answer.files ?? []).map((file) => {
    const name = file.path ?? '';
    if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\\')) {
      throw new ArtifactLocationError({
        message: `The server listed an artifact named "${name}" in "${folder.join('/')}", which is not a plain file name; refusing to use it, as it could point outside the artifact root.`,
        artifactUri: redactUrl(artifactUri),
        scheme: 'mlflow-artifacts',
      });
    }
    const isDir = file.is_dir === true;
    return {
      path: [...folder, name].join('/'),
      isDir,
      fileSizeBytes: isDir || file.file_size === undefined ? undefined : Number(file.file_size),
    };
  });
  // A cloud store lists a file path as that one file; MLflow's client lists it as empty.
  const only = entries[0];
  if (entries.length === 1 && only !== undefined && !only.isDir && folder.length > 0) {
    if (only.path === [...folder, folder[folder.length - 1]].join('/')) return [];
  }
  return entries.sort((left, right) =>
    left.path < right.path ? -1 : left.path > right.path ? 1 : 0,
  );
}

/**
 * Every file and folder below `path` (default: the artifact root), depth first: each
 * folder is yielded before its contents. Lists one folder at a time, so it can stop early.
 *
 * @example
 * ```ts
 * for await (const entry of iterateArtifacts(transport, run.artifactUri)) {
 *   if (!entry.isDir) console.log(entry.path, entry.fileSizeBytes);
 * }
 * ```
 */
export async function* iterateArtifacts(
  transport: MlflowTransport,
  artifactUri: string,
  path?: string,
  options: ListArtifactsOptions = {},
): AsyncGenerator<ArtifactEntry, void, undefined> {
  for (const entry of await listArtifacts(transport, artifactUri, path, options)) {
    yield entry;
    if (entry.isDir) yield* iterateArtifacts(transport, artifactUri, entry.path, options);
  }
}
