import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, InvalidArgumentError } from '@dagnostics/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MlflowTransport, TransportRequest } from '../transport';
import { ArtifactLocationError, listArtifacts, uploadArtifact } from './index';

/** A transport that answers every call with `answer` and keeps the requests. */
function recordingTransport(answer: () => Response = () => new Response(null)) {
  const requests: TransportRequest[] = [];
  const transport: MlflowTransport = {
    baseUrl: 'http://mlflow.test',
    fetch: () => Promise.reject(new Error('not used')),
    request: async (request) => {
      requests.push(request);
      return answer();
    },
    close: async () => {},
  };
  return { transport, requests };
}

const artifactUri = 'mlflow-artifacts:/3/run1/artifacts';
const proxyRoot = '/api/2.0/mlflow-artifacts/artifacts/3/run1/artifacts';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'dagnostics-upload-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('uploadArtifact', () => {
  it('puts bytes at the percent-encoded path of every name MLflow can store (property)', async () => {
    const name = fc.string({ minLength: 1, maxLength: 16, unit: 'grapheme' }).filter(
      (value) =>
        // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are refused names.
        !/[/\\#\u0000-\u001f\u007f]|%[0-9a-fA-F]{2}/.test(value) && value !== '.' && value !== '..',
    );
    await fc.assert(
      fc.asyncProperty(fc.array(name, { maxLength: 3 }), name, async (folders, fileName) => {
        const { transport, requests } = recordingTransport();
        const written = await uploadArtifact(transport, artifactUri, new Uint8Array([1, 2]), {
          artifactPath: folders.join('/'),
          fileName,
        });
        expect(written).toEqual([[...folders, fileName].join('/')]);
        const path = requests[0]?.path ?? '';
        expect(path.startsWith(`${proxyRoot}/`)).toBe(true);
        const tail = path.slice(proxyRoot.length + 1);
        expect(tail).not.toMatch(/[ ?#]/);
        expect(tail.split('/').map(decodeURIComponent)).toEqual([...folders, fileName]);
        expect(requests[0]).toMatchObject({ method: 'PUT', retry: 'safe' });
      }),
    );
  });

  it('refuses paths that escape the root or that MLflow would store under another name', async () => {
    const { transport, requests } = recordingTransport();
    const bytes = new Uint8Array([1]);
    for (const [options, argument] of [
      [{ fileName: 'model.onnx', artifactPath: '../model' }, 'artifactPath'],
      [{ fileName: 'model.onnx', artifactPath: 'a/../../b' }, 'artifactPath'],
      [{ fileName: 'model.onnx', artifactPath: '/etc' }, 'artifactPath'],
      [{ fileName: 'model.onnx', artifactPath: 'C:/models' }, 'artifactPath'],
      [{ fileName: 'model.onnx', artifactPath: 'a//b' }, 'artifactPath'],
      [{ fileName: 'model.onnx', artifactPath: './a' }, 'artifactPath'],
      [{ fileName: 'model.onnx', artifactPath: 'a\\b' }, 'artifactPath'],
      [{ fileName: 'dir/model.onnx' }, 'fileName'],
      [{ fileName: '..' }, 'fileName'],
      [{ fileName: 'issue#12.txt' }, 'fileName'],
      [{ fileName: 'a%20b.txt' }, 'fileName'],
      [{ fileName: 'line\nbreak' }, 'fileName'],
      [{ fileName: '' }, 'fileName'],
      [{}, 'fileName'],
    ] as const) {
      const error = await rejection(uploadArtifact(transport, artifactUri, bytes, options));
      expect(InvalidArgumentError.isInstance(error), JSON.stringify(options)).toBe(true);
      expect((error as InvalidArgumentError).argument, JSON.stringify(options)).toBe(argument);
    }
    // A trailing slash names the same folder.
    await uploadArtifact(transport, artifactUri, bytes, { artifactPath: 'a/b/', fileName: 'c' });
    expect(requests.map((request) => request.path)).toEqual([`${proxyRoot}/a/b/c`]);
  });

  it('uploads a folder recursively with relative paths, following links to files only', async () => {
    const tree = join(folder, 'tree');
    await mkdir(join(tree, 'sub', 'deeper'), { recursive: true });
    await mkdir(join(tree, 'empty'));
    await writeFile(join(tree, 'b.txt'), 'b');
    await writeFile(join(tree, 'sub', 'a.txt'), 'a');
    await writeFile(join(tree, 'sub', 'deeper', 'c d.txt'), 'c');
    await symlink(join(tree, 'b.txt'), join(tree, 'link-to-file.txt'));
    await symlink(join(tree, 'sub'), join(tree, 'link-to-folder'));
    const { transport, requests } = recordingTransport();
    const written = await uploadArtifact(transport, artifactUri, tree, { artifactPath: 'data' });
    expect(written).toEqual([
      'data/b.txt',
      'data/link-to-file.txt',
      'data/sub/a.txt',
      'data/sub/deeper/c d.txt',
    ]);
    expect(requests.map((request) => request.path).sort()).toEqual(
      [
        `${proxyRoot}/data/b.txt`,
        `${proxyRoot}/data/link-to-file.txt`,
        `${proxyRoot}/data/sub/a.txt`,
        `${proxyRoot}/data/sub/deeper/c%20d.txt`,
      ].sort(),
    );
    // Each file body is a factory, so a retry re-reads the file instead of a spent stream.
    expect(requests.every((request) => typeof request.body === 'function')).toBe(true);
    const error = await rejection(
      uploadArtifact(transport, artifactUri, tree, { fileName: 'renamed' }),
    );
    expect((error as InvalidArgumentError).argument).toBe('fileName');
  });

  it('keeps at most `concurrency` files in flight and stops starting files after a failure', async () => {
    const tree = join(folder, 'many');
    await mkdir(tree);
    for (let index = 0; index < 12; index++) await writeFile(join(tree, `f${index}.txt`), 'x');
    let inFlight = 0;
    let peak = 0;
    const requests: TransportRequest[] = [];
    const transport: MlflowTransport = {
      ...recordingTransport().transport,
      request: async (request) => {
        requests.push(request);
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
        if (request.path.endsWith('/f2.txt')) throw new Error('disk full on the server');
        return new Response(null);
      },
    };
    const error = await rejection(uploadArtifact(transport, artifactUri, tree));
    expect((error as Error).message).toBe('disk full on the server');
    expect(peak).toBe(4);
    expect(requests.length).toBeLessThan(12);
    requests.length = 0;
    peak = 0;
    await rejection(uploadArtifact(transport, artifactUri, tree, { concurrency: 2 }));
    expect(peak).toBe(2);
  });

  it('checks every local name before sending any file', async () => {
    const tree = join(folder, 'bad-names');
    await mkdir(tree);
    await writeFile(join(tree, 'a.txt'), 'a');
    await writeFile(join(tree, 'z#1.txt'), 'z');
    const { transport, requests } = recordingTransport();
    const error = await rejection(uploadArtifact(transport, artifactUri, tree));
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('z#1.txt');
    expect(requests).toEqual([]);
  });

  it('reports a missing source, an unreachable store and a bad setting before any request', async () => {
    const { transport, requests } = recordingTransport();
    const missing = await rejection(uploadArtifact(transport, artifactUri, join(folder, 'nope')));
    expect(InvalidArgumentError.isInstance(missing)).toBe(true);
    expect((missing as InvalidArgumentError).argument).toBe('source');
    const s3 = await rejection(
      uploadArtifact(transport, 's3://bucket/1/run/artifacts', new Uint8Array([1]), {
        fileName: 'x',
      }),
    );
    expect(ArtifactLocationError.isInstance(s3)).toBe(true);
    const badEnv = await rejection(
      uploadArtifact(transport, artifactUri, new Uint8Array([1]), {
        fileName: 'x',
        env: { MLFLOW_MULTIPART_UPLOAD_CHUNK_SIZE: 'ten' },
      }),
    );
    expect(ConfigError.isInstance(badEnv)).toBe(true);
    expect((badEnv as ConfigError).envVar).toBe('MLFLOW_MULTIPART_UPLOAD_CHUNK_SIZE');
    expect(requests).toEqual([]);
  });
});

describe('listArtifacts', () => {
  const listing = (files: unknown[]) =>
    recordingTransport(() => new Response(JSON.stringify({ files }), { status: 200 }));

  it('lists one folder with paths relative to the root, sorted, sizes as numbers', async () => {
    const { transport, requests } = listing([
      { path: 'b.txt', is_dir: false, file_size: '12' },
      { path: 'a', is_dir: true },
    ]);
    expect(await listArtifacts(transport, artifactUri, 'data/été')).toEqual([
      { path: 'data/été/a', isDir: true, fileSizeBytes: undefined },
      { path: 'data/été/b.txt', isDir: false, fileSizeBytes: 12 },
    ]);
    expect(requests[0]).toMatchObject({
      method: 'GET',
      path: '/api/2.0/mlflow-artifacts/artifacts',
      query: { path: '3/run1/artifacts/data/été' },
      retry: 'safe',
    });
  });

  it('lists a file path as empty, as cloud stores list the file itself', async () => {
    const { transport } = listing([{ path: 'model.onnx', is_dir: false, file_size: 3 }]);
    expect(await listArtifacts(transport, artifactUri, 'model/model.onnx')).toEqual([]);
  });

  it('refuses names from the server that could point outside the root', async () => {
    for (const name of ['..', '../x', 'a/b', '']) {
      const { transport } = listing([{ path: name, is_dir: false }]);
      const error = await rejection(listArtifacts(transport, artifactUri));
      expect(ArtifactLocationError.isInstance(error), name).toBe(true);
    }
  });
});
