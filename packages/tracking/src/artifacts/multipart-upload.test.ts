// Multipart upload needs a cloud artifact store behind MLflow, which the test environment
// does not have (a local store answers 501, tested against the real server in
// test/integration/artifacts.test.ts). These tests stand in for the two peers with small
// HTTP servers that answer as MLflow's mpu routes and a presigned-URL store do.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTransport, MlflowApiError, type MlflowTransport } from '../transport';
import { uploadArtifact } from './index';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

async function listen(
  handle: (request: Received, response: ServerResponse) => void,
): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks),
      };
      received.push(entry);
      handle(entry, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, received };
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

const artifactUri = 'mlflow-artifacts:/3/run1/artifacts';
const multipartEnv = {
  MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD: 'true',
  MLFLOW_MULTIPART_UPLOAD_MINIMUM_FILE_SIZE: '1000',
  MLFLOW_MULTIPART_UPLOAD_CHUNK_SIZE: '40000',
};

describe('multipart upload', () => {
  let folder: string;
  let servers: Server[];
  let transport: MlflowTransport | undefined;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'dagnostics-multipart-'));
    servers = [];
  });
  afterEach(async () => {
    await transport?.close();
    for (const server of servers) server.close();
    await rm(folder, { recursive: true, force: true });
  });

  async function setUp(options: { createStatus?: number; failPart?: number }) {
    const cloud = await listen((request, response) => {
      const partNumber = Number(new URL(request.url, 'http://x').searchParams.get('partNumber'));
      if (partNumber === options.failPart) {
        response.writeHead(403, { 'content-type': 'application/xml' });
        response.end('<Error><Code>AccessDenied</Code></Error>');
        return;
      }
      response.writeHead(200, { etag: `"etag-${partNumber}"` });
      response.end();
    });
    const mlflow = await listen((request, response) => {
      if (request.url.startsWith('/api/2.0/mlflow-artifacts/mpu/create/')) {
        if (options.createStatus === 501) {
          json(response, 501, {
            error_code: 'NOT_IMPLEMENTED',
            message: 'Multipart upload is not supported for the current artifact repository',
          });
          return;
        }
        const { num_parts: parts } = JSON.parse(request.body.toString()) as { num_parts: number };
        json(response, 200, {
          upload_id: 'upload-7',
          credentials: Array.from({ length: parts }, (_, index) => ({
            url: `${cloud.url}/bucket/key?partNumber=${parts - index}&uploadId=upload-7`,
            part_number: parts - index,
            headers: { 'x-amz-meta-test': 'yes' },
          })),
        });
        return;
      }
      if (request.url.startsWith('/api/2.0/mlflow-artifacts/mpu/')) {
        json(response, 200, {});
        return;
      }
      response.writeHead(200);
      response.end();
    });
    servers.push(cloud.server, mlflow.server);
    transport = createTransport(
      { trackingUri: mlflow.url, token: 'secret-token', backoffFactorMs: 1, backoffJitterMs: 0 },
      { env: {} },
    );
    return { cloud, mlflow, transport };
  }

  it('sends the parts to the presigned URLs and completes them in order', async () => {
    const { cloud, mlflow, transport } = await setUp({});
    const bytes = randomBytes(100_000);
    const source = join(folder, 'weights.bin');
    await writeFile(source, bytes);
    const progress: number[] = [];
    await uploadArtifact(transport, artifactUri, source, {
      artifactPath: 'model',
      env: multipartEnv,
      onProgress: (sent) => progress.push(sent),
    });

    const create = mlflow.received[0];
    expect(create?.url).toBe('/api/2.0/mlflow-artifacts/mpu/create/3/run1/artifacts/model');
    expect(JSON.parse(create?.body.toString() ?? '')).toEqual({
      path: 'weights.bin',
      num_parts: 3,
    });
    const parts = [...cloud.received].sort((left, right) => left.url.localeCompare(right.url));
    expect(Buffer.concat(parts.map((part) => part.body))).toEqual(bytes);
    for (const part of parts) {
      expect(part.method).toBe('PUT');
      expect(part.headers['x-amz-meta-test']).toBe('yes');
      // Cloud stores want a length, and must never see the tracking server's credentials.
      expect(Number(part.headers['content-length'])).toBe(part.body.byteLength);
      expect(part.headers.authorization).toBeUndefined();
    }
    const complete = mlflow.received[1];
    expect(complete?.url).toBe('/api/2.0/mlflow-artifacts/mpu/complete/3/run1/artifacts/model');
    expect(complete?.headers.authorization).toBe('Bearer secret-token');
    expect(JSON.parse(complete?.body.toString() ?? '')).toEqual({
      path: 'weights.bin',
      upload_id: 'upload-7',
      parts: [1, 2, 3].map((partNumber) => ({
        part_number: partNumber,
        etag: `"etag-${partNumber}"`,
        url: `${cloud.url}/bucket/key?partNumber=${partNumber}&uploadId=upload-7`,
      })),
    });
    expect(mlflow.received).toHaveLength(2);
    expect(progress.at(-1)).toBe(100_000);
  });

  it('aborts the upload when a part fails, and reports that failure', async () => {
    const { mlflow, transport } = await setUp({ failPart: 2 });
    const source = join(folder, 'weights.bin');
    await writeFile(source, randomBytes(100_000));
    const error = await uploadArtifact(transport, artifactUri, source, {
      artifactPath: 'model',
      env: multipartEnv,
    }).catch((caught: unknown) => caught);
    expect(MlflowApiError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 403 });
    const steps = mlflow.received.map((request) => request.url.split('/')[5]);
    expect(steps).toEqual(['create', 'abort']);
    expect(JSON.parse(mlflow.received[1]?.body.toString() ?? '')).toEqual({
      path: 'weights.bin',
      upload_id: 'upload-7',
    });
  });

  it('falls back to one PUT through the proxy on 501, and skips multipart below the threshold', async () => {
    const { cloud, mlflow, transport } = await setUp({ createStatus: 501 });
    const bytes = randomBytes(5_000);
    const source = join(folder, 'weights.bin');
    await writeFile(source, bytes);
    await uploadArtifact(transport, artifactUri, source, {
      artifactPath: 'model',
      env: multipartEnv,
    });
    await uploadArtifact(transport, artifactUri, source, {
      artifactPath: 'small',
      env: { ...multipartEnv, MLFLOW_MULTIPART_UPLOAD_MINIMUM_FILE_SIZE: '5001' },
    });
    await uploadArtifact(transport, artifactUri, source, {
      artifactPath: 'never',
      multipart: 'never',
      env: multipartEnv,
    });
    expect(cloud.received).toEqual([]);
    expect(mlflow.received.map((request) => `${request.method} ${request.url}`)).toEqual([
      'POST /api/2.0/mlflow-artifacts/mpu/create/3/run1/artifacts/model',
      'PUT /api/2.0/mlflow-artifacts/artifacts/3/run1/artifacts/model/weights.bin',
      'PUT /api/2.0/mlflow-artifacts/artifacts/3/run1/artifacts/small/weights.bin',
      'PUT /api/2.0/mlflow-artifacts/artifacts/3/run1/artifacts/never/weights.bin',
    ]);
    expect(mlflow.received[1]?.body).toEqual(bytes);
  });
});
