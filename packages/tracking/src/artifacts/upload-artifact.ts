import { constants, createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { type EnvironmentSource, InvalidArgumentError } from '@dagnostics/core';
import type { MlflowTransport } from '../transport';
import {
  artifactPathSegments,
  artifactSegmentProblem,
  encodeArtifactSegments,
} from './artifact-path';
import { artifactProxyPath, artifactRootSegments } from './artifact-uri';
import { type LocalArtifactFile, listLocalSources } from './local-sources';
import { uploadInParts } from './multipart-upload';
import { runBounded } from './run-bounded';
import { createTransferProgress, type TransferCounter } from './transfer-progress';
import { type ArtifactTransferSettings, artifactTransferSettings } from './transfer-settings';

/** Options of {@link uploadArtifact}. */
export interface UploadArtifactOptions {
  /**
   * Folder below the artifact root the file or the folder's contents go to, `/` between
   * folders (`reports/2024`). Default: the artifact root itself.
   */
  artifactPath?: string;
  /**
   * Name of the uploaded file: required for bytes, optional for a file (default its own
   * name), refused for a folder (its files keep their names).
   */
  fileName?: string;
  /** Cancels the upload: requests in flight are aborted and no new file is started. */
  signal?: AbortSignal;
  /**
   * Told after each chunk with the bytes sent so far and the bytes of all files. When a
   * request is sent again after a failure, its bytes are counted again from 0, so the
   * count can step back. Must not throw.
   */
  onProgress?: (bytesSent: number, totalBytes: number) => void;
  /**
   * `auto` (default): files of at least `multipartMinimumFileSizeBytes` go in parts straight
   * to cloud storage when `proxyMultipartUpload` is on, and in one PUT when the server
   * answers 501 (a local artifact store); `never`: always one PUT through the proxy.
   */
  multipart?: 'auto' | 'never';
  /** Try MLflow's proxied multipart upload. Default false. Env `MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD`. */
  proxyMultipartUpload?: boolean;
  /**
   * Smallest file sent in parts, in bytes. Default 500 MiB.
   * Env `MLFLOW_MULTIPART_UPLOAD_MINIMUM_FILE_SIZE`.
   */
  multipartMinimumFileSizeBytes?: number;
  /**
   * Size of a part, in bytes; each part is read into memory while it is sent. Default 10 MiB.
   * Env `MLFLOW_MULTIPART_UPLOAD_CHUNK_SIZE`.
   */
  multipartChunkSizeBytes?: number;
  /** Files (and parts of a file) sent at the same time. Default 4. */
  concurrency?: number;
  /** Where the multipart variables are read from. Default `process.env`, read at the call. */
  env?: EnvironmentSource;
}

type UploadItem =
  | { kind: 'file'; file: LocalArtifactFile }
  | { kind: 'bytes'; segments: string[]; bytes: Uint8Array };

const settingKeys = [
  'multipart',
  'proxyMultipartUpload',
  'multipartMinimumFileSizeBytes',
  'multipartChunkSizeBytes',
  'concurrency',
] as const satisfies readonly (keyof ArtifactTransferSettings)[];

async function* readChunks(path: string, counter: TransferCounter): AsyncGenerator<Uint8Array> {
  // Opened on the first read, so an attempt that never sends its body holds no descriptor.
  const stream = createReadStream(path);
  try {
    for await (const chunk of stream) {
      counter.add((chunk as Buffer).byteLength);
      yield chunk as Buffer;
    }
  } finally {
    stream.destroy();
  }
}

/**
 * Uploads a local file, every file of a local folder (recursively, keeping relative paths),
 * or bytes to a run's or logged model's artifact root through MLflow's artifact proxy
 * (`PUT /api/2.0/mlflow-artifacts/artifacts/...`, with the transport's credentials).
 *
 * Files are streamed from disk, never held whole in memory, and a failed PUT is sent again
 * (re-reading the file), since writing the same bytes again is harmless. At most
 * `concurrency` (default 4) files travel at once; the first failure stops the rest. With
 * `multipart: 'auto'` and `MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD=true`, files of at least
 * `MLFLOW_MULTIPART_UPLOAD_MINIMUM_FILE_SIZE` (500 MiB) go in parts straight to cloud
 * storage; a server with a local store answers 501 and the file is sent in one PUT instead.
 *
 * Resolves with the artifact paths written, relative to the artifact root
 * (`['reports/summary.txt']`).
 *
 * @param artifactUri - the run's or model's `artifact_uri` (`mlflow-artifacts:/...`).
 * @param source - a file or folder path, or the bytes of one file (then `fileName` is required).
 * @throws {InvalidArgumentError} for a missing source, a missing `fileName` with bytes, or an
 * artifact path that is absolute, has `..`, or a name MLflow cannot store (`#`, `%41`).
 * @throws {ArtifactLocationError} when `artifactUri` is not served by the proxy.
 * @throws {MlflowApiError} / {MlflowNetworkError} as the transport reports them.
 *
 * @example
 * ```ts
 * await uploadArtifact(transport, run.artifactUri, './reports', { artifactPath: 'reports' });
 * await uploadArtifact(transport, run.artifactUri, new TextEncoder().encode('{"a":1}'), {
 *   fileName: 'config.json',
 * });
 * ```
 */
export async function uploadArtifact(
  transport: MlflowTransport,
  artifactUri: string,
  source: string | Uint8Array,
  options: UploadArtifactOptions = {},
): Promise<string[]> {
  const root = artifactRootSegments(artifactUri);
  const folder = artifactPathSegments(options.artifactPath, 'artifactPath');
  const settings = artifactTransferSettings.resolve(
    Object.fromEntries(settingKeys.map((key) => [key, options[key]])),
    options.env === undefined ? {} : { env: options.env },
  );
  const items = await planUpload(source, options.fileName);
  options.signal?.throwIfAborted();

  const totalBytes = items.reduce(
    (sum, item) => sum + (item.kind === 'file' ? item.file.sizeBytes : item.bytes.byteLength),
    0,
  );
  const progress = createTransferProgress(totalBytes, options.onProgress);
  await runBounded(
    items,
    { concurrency: settings.concurrency, signal: options.signal },
    async (item, signal) => {
      const segments = item.kind === 'file' ? item.file.segments : item.segments;
      const target = [...root, ...folder, ...segments];
      if (item.kind === 'file' && useMultipart(settings, item.file.sizeBytes, target)) {
        const done = await uploadInParts(transport, {
          folderSegments: target.slice(0, -1),
          fileName: target[target.length - 1] ?? '',
          localPath: item.file.localPath,
          sizeBytes: item.file.sizeBytes,
          chunkSizeBytes: settings.multipartChunkSizeBytes,
          concurrency: settings.concurrency,
          signal,
          counter: () => progress.counter(),
        });
        if (done) return;
      }
      await put(transport, target, item, progress.counter(), signal);
    },
  );
  return items.map((item) =>
    [...folder, ...(item.kind === 'file' ? item.file.segments : item.segments)].join('/'),
  );
}

async function planUpload(
  source: string | Uint8Array,
  fileName: string | undefined,
): Promise<UploadItem[]> {
  if (source instanceof Uint8Array) {
    if (fileName === undefined || fileName === '') {
      throw new InvalidArgumentError({
        message:
          'Uploading bytes needs { fileName }, the name the artifact gets, e.g. "model.onnx".',
        argument: 'fileName',
      });
    }
    checkFileName(fileName);
    return [{ kind: 'bytes', segments: [fileName], bytes: source }];
  }
  if (typeof source !== 'string') {
    throw new InvalidArgumentError({
      message: `source must be a file or folder path or a Uint8Array; got ${source === null ? 'null' : typeof source}.`,
      argument: 'source',
    });
  }
  if (fileName !== undefined) checkFileName(fileName);
  const files = await listLocalSources(source, fileName);
  return files.map((file) => ({ kind: 'file', file }));
}

function checkFileName(fileName: string): void {
  const problem = fileName.includes('/')
    ? 'contains "/" (put folders in artifactPath)'
    : artifactSegmentProblem(fileName);
  if (problem !== undefined) {
    throw new InvalidArgumentError({
      message: `The file name "${fileName}" ${problem}.`,
      argument: 'fileName',
    });
  }
}

function useMultipart(
  settings: ArtifactTransferSettings,
  sizeBytes: number,
  target: string[],
): boolean {
  // mpu/create needs a folder in its path (MLflow issue #11268).
  return (
    settings.multipart === 'auto' &&
    settings.proxyMultipartUpload &&
    sizeBytes >= settings.multipartMinimumFileSizeBytes &&
    target.length > 1
  );
}

async function put(
  transport: MlflowTransport,
  target: string[],
  item: UploadItem,
  counter: TransferCounter,
  signal: AbortSignal,
): Promise<void> {
  const response = await transport.request({
    method: 'PUT',
    path: `${artifactProxyPath}/${encodeArtifactSegments(target)}`,
    headers: { 'content-type': 'application/octet-stream' },
    body:
      item.kind === 'bytes'
        ? item.bytes
        : async () => {
            // Checked here so a file removed meanwhile fails at once instead of being retried.
            await access(item.file.localPath, constants.R_OK);
            counter.restart();
            return readChunks(item.file.localPath, counter);
          },
    retry: 'safe',
    signal,
  });
  await response.body?.cancel();
  if (item.kind === 'bytes') counter.add(item.bytes.byteLength);
}
