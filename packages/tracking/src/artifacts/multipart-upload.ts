import { open } from 'node:fs/promises';
import type { components } from '../generated';
import { MlflowApiError, type MlflowTransport } from '../transport';
import { encodeArtifactSegments } from './artifact-path';
import { readJson } from './read-json';
import { runBounded } from './run-bounded';
import type { TransferCounter } from './transfer-progress';

type CreateAnswer = components['schemas']['CreateMultipartUploadResponse'];
type Part = components['schemas']['MultipartUploadPart'];

const multipartRoot = '/api/2.0/mlflow-artifacts/mpu';

/** One file to upload in parts. */
export interface MultipartUpload {
  /** Folder of the file below the proxy's destination (artifact root + artifact path); not empty. */
  folderSegments: string[];
  fileName: string;
  localPath: string;
  sizeBytes: number;
  chunkSizeBytes: number;
  concurrency: number;
  signal: AbortSignal;
  /** A new counter per part. */
  counter: () => TransferCounter;
}

function isUnsupported(error: unknown): boolean {
  return (
    MlflowApiError.isInstance(error) &&
    (error.status === 501 || error.errorCode === 'NOT_IMPLEMENTED')
  );
}

async function readPart(localPath: string, start: number, length: number): Promise<Uint8Array> {
  const handle = await open(localPath, 'r');
  try {
    const bytes = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await handle.read(bytes, filled, length - filled, start + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled === length ? bytes : bytes.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

/**
 * Uploads a file through MLflow's proxied multipart upload: `mpu/create` hands out one
 * presigned URL per part, the parts go straight to cloud storage (`concurrency` at a time,
 * each read into memory as cloud stores want a length), `mpu/complete` joins them, and any
 * failure after `create` sends `mpu/abort`. Resolves false, having sent nothing else, when
 * the server does not support it (501 NOT_IMPLEMENTED: a local artifact store), so the
 * caller falls back to one PUT.
 */
export async function uploadInParts(
  transport: MlflowTransport,
  upload: MultipartUpload,
): Promise<boolean> {
  const folder = encodeArtifactSegments(upload.folderSegments);
  const post = async (step: 'create' | 'complete' | 'abort', body: object, signal?: AbortSignal) =>
    transport.request({
      method: 'POST',
      path: `${multipartRoot}/${step}/${folder}`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      // create opens another upload each time, complete and abort fail once done.
      retry: 'unsafe',
      ...(signal === undefined ? {} : { signal }),
    });

  const partCount = Math.max(1, Math.ceil(upload.sizeBytes / upload.chunkSizeBytes));
  let created: Partial<CreateAnswer>;
  try {
    created = await readJson<CreateAnswer>(
      await post('create', { path: upload.fileName, num_parts: partCount }, upload.signal),
    );
  } catch (error) {
    if (isUnsupported(error)) return false;
    throw error;
  }
  const uploadId = created.upload_id ?? '';
  try {
    const credentials = [...(created.credentials ?? [])].sort(
      (left, right) => Number(left.part_number) - Number(right.part_number),
    );
    const complete = credentials.every((credential, index) => {
      return credential.url !== undefined && Number(credential.part_number) === index + 1;
    });
    if (credentials.length !== partCount || !complete) {
      // Completing with missing parts would store a truncated file without any error.
      throw new MlflowApiError({
        message: `mpu/create answered ${credentials.length} part URLs for parts 1 to ${partCount}, not one URL per part; the upload was aborted.`,
        errorCode: 'INTERNAL_ERROR',
        status: 200,
        method: 'POST',
        path: `${multipartRoot}/create/${folder}`,
        responseSnippet: '',
        isRetryable: false,
      });
    }
    const parts: Part[] = [];
    await runBounded(
      credentials.map((credential, index) => ({ credential, index })),
      { concurrency: upload.concurrency, signal: upload.signal },
      async ({ credential, index }, signal) => {
        const start = index * upload.chunkSizeBytes;
        const length = Math.min(upload.chunkSizeBytes, upload.sizeBytes - start);
        const counter = upload.counter();
        const response = await transport.request({
          method: 'PUT',
          path: String(credential.url),
          headers: credential.headers ?? {},
          body: async () => {
            counter.restart();
            const bytes = await readPart(upload.localPath, start, length);
            counter.add(bytes.byteLength);
            return bytes;
          },
          retry: 'safe',
          signal,
        });
        await response.body?.cancel();
        parts.push({
          part_number: Number(credential.part_number),
          etag: response.headers.get('etag') ?? '',
          ...(credential.url === undefined ? {} : { url: credential.url }),
        });
      },
    );
    parts.sort((left, right) => Number(left.part_number) - Number(right.part_number));
    const completed = await post(
      'complete',
      { path: upload.fileName, upload_id: uploadId, parts },
      upload.signal,
    );
    await completed.body?.cancel();
    return true;
  } catch (error) {
    // Best effort: the original failure is what the caller needs to see.
    await post('abort', { path: upload.fileName, upload_id: uploadId }).then(
      (response) => response.body?.cancel(),
      () => undefined,
    );
    throw error;
  }
}
