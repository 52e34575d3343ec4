import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { InvalidArgumentError } from '@dagnostics/core';
import type { MlflowTransport } from '../transport';
import { artifactPathSegments, encodeArtifactSegments } from './artifact-path';
import { artifactProxyPath, artifactRootSegments } from './artifact-uri';
import { type ArtifactEntry, iterateArtifacts, listArtifacts } from './list-artifacts';
import { runBounded } from './run-bounded';
import { createTransferProgress, type TransferCounter } from './transfer-progress';

/** Options of {@link downloadArtifacts}. */
export interface DownloadArtifactsOptions {
  /**
   * The file or folder to download, relative to the artifact root (`model/MLmodel`,
   * `reports`). Default: everything.
   */
  artifactPath?: string;
  /**
   * Local folder the artifacts are written to, keeping their paths below the artifact root
   * (`<destination>/reports/summary.txt`), as MLflow's client does. Created when missing.
   */
  destination: string;
  /** Cancels the download; files not yet complete are not left behind. */
  signal?: AbortSignal;
  /**
   * Told after each chunk with the bytes received so far and the bytes of all files (from
   * the listing; 0 when unknown). A file fetched again after a failure counts from 0 again.
   * Must not throw.
   */
  onProgress?: (bytesReceived: number, totalBytes: number) => void;
  /** Files downloaded at the same time. Default 4. */
  concurrency?: number;
}

interface DownloadItem {
  segments: string[];
  sizeBytes: number;
}

/**
 * Downloads one artifact file or a whole folder (recursively) of a run or logged model
 * through MLflow's artifact proxy, streaming each file to disk: it is written to a
 * temporary file beside its final path and renamed once complete, so a reader never sees
 * a partial file, even after a failure or an abort. Folders are created as needed, empty
 * ones included. Resolves with the absolute local paths of the files written.
 *
 * @throws {MlflowApiError} 404 RESOURCE_DOES_NOT_EXIST when `artifactPath` does not exist,
 * and whatever else the transport reports.
 * @throws {InvalidArgumentError} for an absolute `artifactPath` or one with `..`.
 * @throws {ArtifactLocationError} when `artifactUri` is not served by the proxy.
 *
 * @example
 * ```ts
 * const files = await downloadArtifacts(transport, run.artifactUri, {
 *   artifactPath: 'model',
 *   destination: './downloads',
 * }); // ['/abs/downloads/model/MLmodel', '/abs/downloads/model/model.onnx']
 * ```
 */
export async function downloadArtifacts(
  transport: MlflowTransport,
  artifactUri: string,
  options: DownloadArtifactsOptions,
): Promise<string[]> {
  const root = artifactRootSegments(artifactUri);
  const segments = artifactPathSegments(options.artifactPath, 'artifactPath');
  if (typeof options.destination !== 'string' || options.destination === '') {
    throw new InvalidArgumentError({
      message: 'downloadArtifacts needs { destination }, the local folder to write to.',
      argument: 'destination',
    });
  }
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new InvalidArgumentError({
      message: `concurrency must be a whole number from 1 to 64; got ${String(concurrency)}.`,
      argument: 'concurrency',
    });
  }
  const destination = resolve(options.destination);
  const listOptions = options.signal === undefined ? {} : { signal: options.signal };

  const entry = await findEntry(transport, artifactUri, segments, listOptions);
  const items: DownloadItem[] = [];
  if (entry === undefined || !entry.isDir) {
    // A path not in its folder's listing is fetched anyway, for the server's own 404.
    items.push({ segments, sizeBytes: entry?.fileSizeBytes ?? 0 });
  } else {
    await mkdir(join(destination, ...segments), { recursive: true });
    for await (const found of iterateArtifacts(
      transport,
      artifactUri,
      segments.join('/'),
      listOptions,
    )) {
      const parts = found.path.split('/');
      if (found.isDir) await mkdir(join(destination, ...parts), { recursive: true });
      else items.push({ segments: parts, sizeBytes: found.fileSizeBytes ?? 0 });
    }
  }

  const totalBytes = items.reduce((sum, item) => sum + item.sizeBytes, 0);
  const progress = createTransferProgress(totalBytes, options.onProgress);
  await runBounded(items, { concurrency, signal: options.signal }, (item, signal) =>
    downloadFile(
      transport,
      [...root, ...item.segments],
      join(destination, ...item.segments),
      progress.counter(),
      signal,
    ),
  );
  return items.map((item) => join(destination, ...item.segments));
}

/** The listing entry of `segments`, from its folder's listing; the root is a folder. */
async function findEntry(
  transport: MlflowTransport,
  artifactUri: string,
  segments: string[],
  options: { signal?: AbortSignal },
): Promise<ArtifactEntry | undefined> {
  if (segments.length === 0) return { path: '', isDir: true, fileSizeBytes: undefined };
  const folder = segments.slice(0, -1).join('/');
  const path = segments.join('/');
  const listing = await listArtifacts(transport, artifactUri, folder, options);
  return listing.find((candidate) => candidate.path === path);
}

async function downloadFile(
  transport: MlflowTransport,
  target: string[],
  localPath: string,
  counter: TransferCounter,
  signal: AbortSignal,
): Promise<void> {
  const response = await transport.request({
    method: 'GET',
    path: `${artifactProxyPath}/${encodeArtifactSegments(target)}`,
    retry: 'safe',
    signal,
  });
  await mkdir(dirname(localPath), { recursive: true });
  const temporary = `${localPath}.${randomBytes(6).toString('hex')}.partial`;
  try {
    const handle = await open(temporary, 'wx');
    try {
      if (response.body !== null) {
        for await (const chunk of response.body) {
          await handle.write(chunk);
          counter.add(chunk.byteLength);
        }
      }
    } finally {
      await handle.close();
    }
    await rename(temporary, localPath);
  } catch (error) {
    await response.body?.cancel().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}
