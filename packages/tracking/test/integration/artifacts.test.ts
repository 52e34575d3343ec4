// Artifacts through MLflow's artifact proxy of real servers: uploads of files, bytes and
// folders, listings and downloads, read back by MLflow's Python client; streaming, the
// multipart fallback on a local store, retries, aborts and basic auth.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { InvalidArgumentError } from '@dagnostics/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithService } from '../../../../scripts/test-env/services';
import { createTracker, type Run, type Tracker } from '../../src';
import {
  downloadArtifacts,
  iterateArtifacts,
  listArtifacts,
  resolveArtifactUri,
  uploadArtifact,
} from '../../src/artifacts';
import { specRetrySafety } from '../../src/backend/retry-safety';
import {
  createTransport,
  MlflowApiError,
  type MlflowTransport,
  type TrackingSettingsInput,
} from '../../src/transport';
import { startFaultProxy } from '../support/fault-proxy';
import { runPythonMlflow } from '../support/python-mlflow';

/**
 * What MLflow's Python client sees of a run's artifacts: the listing, and the sha256 of each
 * file it downloads. MLflow's client does not percent-encode "?" in download URLs, so it
 * cannot fetch such files (its bug, not the server's): their names are listed, not fetched.
 */
const readArtifactsScript = `
import hashlib, json, os, sys, tempfile
from mlflow.tracking import MlflowClient
request = json.load(sys.stdin)
client = MlflowClient(tracking_uri=request["uri"])
def walk(path=None):
    found = []
    for info in client.list_artifacts(request["run_id"], path):
        found.append({"path": info.path, "is_dir": info.is_dir, "file_size": info.file_size})
        if info.is_dir:
            found.extend(walk(info.path))
    return found
listing = walk()
destination = tempfile.mkdtemp()
hashes = {}
for entry in listing:
    if entry["is_dir"] or "?" in entry["path"]:
        continue
    local = client.download_artifacts(request["run_id"], entry["path"], destination)
    with open(local, "rb") as handle:
        hashes[entry["path"]] = hashlib.sha256(handle.read()).hexdigest()
print(json.dumps({"listing": listing, "hashes": hashes}))
`;

interface PythonArtifacts {
  listing: { path: string; is_dir: boolean; file_size: number | null }[];
  hashes: Record<string, string>;
}

/** V8's full garbage collection, made callable without starting node with --expose-gc. */
/**
 * A full collection whose effect `process.memoryUsage().arrayBuffers` already shows. V8
 * frees the backing stores of dead ArrayBuffers on a background thread after a collection,
 * so a reading right after one `gc()` can still count them (seen on a loaded 2-core CI
 * machine as tens of MB). The second `gc()` first waits for that sweep to finish.
 */
function exposeGarbageCollector(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  return () => {
    gc();
    gc();
  };
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

/** Every file below `folder`, relative path → bytes. */
async function readTree(folder: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(
      path
        .slice(folder.length + 1)
        .split('\\')
        .join('/'),
      await readFile(path),
    );
  }
  return files;
}

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'dagnostics-artifacts-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function freshFolder(name: string): Promise<string> {
  const folder = join(scratch, `${name}-${randomUUID()}`);
  await mkdir(folder, { recursive: true });
  return folder;
}

/** A tracker, a run and a transport of the same server. */
function useRun(settings: TrackingSettingsInput & { trackingUri: string }) {
  const state = {} as {
    tracker: Tracker;
    run: Run;
    transport: MlflowTransport;
    artifactUri: string;
  };
  beforeAll(async () => {
    state.tracker = createTracker({
      ...settings,
      localDir: await freshFolder('journal'),
      handleSignals: false,
    });
    state.run = await state.tracker.startRun({ experimentName: `artifacts-${randomUUID()}` });
    state.artifactUri = state.run.artifactUri ?? '';
    state.transport = createTransport(settings, {
      env: {},
      classifyRetrySafety: specRetrySafety,
    });
  });
  afterAll(async () => {
    await state.tracker?.close();
    await state.transport?.close();
  });
  return state;
}

describeWithService('mlflow-sqlite', 'artifacts against MLflow (SQLite)', (mlflow) => {
  const state = useRun({ trackingUri: mlflow.uri });

  it('uploads a file, bytes and a folder that MLflow and its Python client read back byte for byte', async () => {
    const { transport, artifactUri, run } = state;
    expect(artifactUri).toBe(`mlflow-artifacts:/${run.experimentId}/${run.id}/artifacts`);
    expect(resolveArtifactUri(artifactUri)).toBe(
      `/api/2.0/mlflow-artifacts/artifacts/${run.experimentId}/${run.id}/artifacts`,
    );
    const source = await freshFolder('source');
    const notes = join(source, 'notes.txt');
    await writeFile(notes, 'accuracy 0.93\n');
    const tree = join(source, 'tree');
    const files: Record<string, Uint8Array> = {
      'données/été 2024.csv': new TextEncoder().encode('mois,valeur\njuillet,3\n'),
      'données/日本語 ?.bin': randomBytes(70_000),
      'données/deeper/a+b=c;d.txt': new TextEncoder().encode('plus equals semicolon'),
      'top.json': new TextEncoder().encode('{"k": 1}'),
      'empty.txt': new Uint8Array(0),
    };
    for (const [path, bytes] of Object.entries(files)) {
      await mkdir(join(tree, ...path.split('/').slice(0, -1)), { recursive: true });
      await writeFile(join(tree, ...path.split('/')), bytes);
    }
    const configBytes = new TextEncoder().encode('{"learning_rate": 0.01}');

    expect(await uploadArtifact(transport, artifactUri, notes)).toEqual(['notes.txt']);
    expect(
      await uploadArtifact(transport, artifactUri, configBytes, {
        artifactPath: 'configs/run 1',
        fileName: 'config é.json',
      }),
    ).toEqual(['configs/run 1/config é.json']);
    const progress: [number, number][] = [];
    const folderPaths = await uploadArtifact(transport, artifactUri, tree, {
      artifactPath: 'dataset',
      onProgress: (sent, total) => progress.push([sent, total]),
    });
    expect(folderPaths.sort()).toEqual(
      Object.keys(files)
        .map((path) => `dataset/${path}`)
        .sort(),
    );
    const totalBytes = Object.values(files).reduce((sum, bytes) => sum + bytes.byteLength, 0);
    expect(progress.at(-1)).toEqual([totalBytes, totalBytes]);

    expect(await listArtifacts(transport, artifactUri)).toEqual([
      { path: 'configs', isDir: true, fileSizeBytes: undefined },
      { path: 'dataset', isDir: true, fileSizeBytes: undefined },
      { path: 'notes.txt', isDir: false, fileSizeBytes: 14 },
    ]);
    expect(await listArtifacts(transport, artifactUri, 'dataset/données/')).toEqual([
      { path: 'dataset/données/deeper', isDir: true, fileSizeBytes: undefined },
      { path: 'dataset/données/été 2024.csv', isDir: false, fileSizeBytes: 22 },
      { path: 'dataset/données/日本語 ?.bin', isDir: false, fileSizeBytes: 70_000 },
    ]);
    // MLflow lists a file, and a folder that does not exist, as empty.
    expect(await listArtifacts(transport, artifactUri, 'notes.txt')).toEqual([]);
    expect(await listArtifacts(transport, artifactUri, 'no/such/folder')).toEqual([]);
    const walked: string[] = [];
    for await (const entry of iterateArtifacts(transport, artifactUri)) walked.push(entry.path);
    expect(walked).toEqual([
      'configs',
      'configs/run 1',
      'configs/run 1/config é.json',
      'dataset',
      'dataset/données',
      'dataset/données/deeper',
      'dataset/données/deeper/a+b=c;d.txt',
      'dataset/données/été 2024.csv',
      'dataset/données/日本語 ?.bin',
      'dataset/empty.txt',
      'dataset/top.json',
      'notes.txt',
    ]);

    const expected = new Map<string, Uint8Array>([
      ['notes.txt', new TextEncoder().encode('accuracy 0.93\n')],
      ['configs/run 1/config é.json', configBytes],
      ...Object.entries(files).map(([path, bytes]) => [`dataset/${path}`, bytes] as const),
    ]);
    const destination = await freshFolder('download');
    const written = await downloadArtifacts(transport, artifactUri, { destination });
    expect(written.sort()).toEqual(
      [...expected.keys()].map((path) => join(destination, path)).sort(),
    );
    const downloaded = await readTree(destination);
    expect([...downloaded.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [path, bytes] of expected) {
      expect(sha256(downloaded.get(path) ?? Buffer.alloc(0)), path).toBe(sha256(bytes));
    }

    const single = await freshFolder('single');
    expect(
      await downloadArtifacts(transport, artifactUri, {
        artifactPath: 'dataset/données/été 2024.csv',
        destination: single,
      }),
    ).toEqual([join(single, 'dataset/données/été 2024.csv')]);
    const subtree = await freshFolder('subtree');
    await downloadArtifacts(transport, artifactUri, {
      artifactPath: 'configs',
      destination: subtree,
    });
    expect([...(await readTree(subtree)).keys()]).toEqual(['configs/run 1/config é.json']);

    const python = await runPythonMlflow<PythonArtifacts>(readArtifactsScript, {
      uri: mlflow.uri,
      run_id: run.id,
    });
    expect(python.hashes).toEqual(
      Object.fromEntries(
        [...expected]
          .filter(([path]) => !path.includes('?'))
          .map(([path, bytes]) => [path, sha256(bytes)]),
      ),
    );
    const walkedEntries: { path: string; is_dir: boolean; file_size: number | null }[] = [];
    for await (const entry of iterateArtifacts(transport, artifactUri)) {
      walkedEntries.push({
        path: entry.path,
        is_dir: entry.isDir,
        file_size: entry.fileSizeBytes ?? null,
      });
    }
    expect([...python.listing].sort((a, b) => (a.path < b.path ? -1 : 1))).toEqual(walkedEntries);
  });

  it('refuses artifact paths MLflow would misplace or reject, before sending anything', async () => {
    const { transport, artifactUri } = state;
    const bytes = new Uint8Array([1]);
    for (const [options, argument] of [
      [{ fileName: 'a#b.txt' }, 'fileName'],
      [{ fileName: '../escape.txt' }, 'fileName'],
      [{ fileName: '100%41.txt' }, 'fileName'],
      [{ fileName: 'x.txt', artifactPath: '../up' }, 'artifactPath'],
      [{ fileName: 'x.txt', artifactPath: '/absolute' }, 'artifactPath'],
      [{}, 'fileName'],
    ] as const) {
      const error = await rejection(uploadArtifact(transport, artifactUri, bytes, options));
      expect(InvalidArgumentError.isInstance(error), JSON.stringify(options)).toBe(true);
      expect((error as InvalidArgumentError).argument).toBe(argument);
    }
    // Why "#" is refused: the server rejects it even percent-encoded.
    const encodedHash = await rejection(
      transport.request({
        method: 'PUT',
        path: `${resolveArtifactUri(artifactUri)}/a%23b.txt`,
        body: bytes,
      }),
    );
    expect(MlflowApiError.isInstance(encodedHash)).toBe(true);
    expect(encodedHash).toMatchObject({ status: 400, errorCode: 'INVALID_PARAMETER_VALUE' });
  });

  it('reports a missing artifact as the 404 of the server and leaves no file behind', async () => {
    const { transport, artifactUri } = state;
    const destination = await freshFolder('missing');
    const error = await rejection(
      downloadArtifacts(transport, artifactUri, { artifactPath: 'nope/missing.txt', destination }),
    );
    expect(MlflowApiError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 404, errorCode: 'RESOURCE_DOES_NOT_EXIST' });
    expect(await readTree(destination)).toEqual(new Map());
  });

  it('streams a 50 MB file both ways without holding it in memory', async () => {
    const { transport, artifactUri } = state;
    const sizeBytes = 50 * 1024 * 1024;
    const source = join(await freshFolder('large'), 'large.bin');
    const hash = createHash('sha256');
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(source);
      out.on('error', reject);
      out.on('finish', resolve);
      const block = randomBytes(1024 * 1024);
      for (let index = 0; index < sizeBytes / block.byteLength; index++) {
        block[0] = index;
        hash.update(block);
        out.write(Buffer.from(block));
      }
      out.end();
    });
    const expectedHash = hash.digest('hex');

    // Memory still held (after a full collection) at a quarter and at three quarters of a
    // transfer: streaming holds a few chunks whatever the size, buffering grows with it.
    // The growth between the two is compared, so garbage left over from before cancels out.
    const collect = exposeGarbageCollector();
    const checkpoints = () => {
      const held: number[] = [];
      let next = 0.25;
      const onProgress = (bytes: number, total: number) => {
        if (next < 1 && bytes >= total * next) {
          next += 0.5;
          collect();
          held.push(process.memoryUsage().arrayBuffers);
        }
      };
      return { held, onProgress };
    };

    const upload = checkpoints();
    let lastProgress: [number, number] = [0, 0];
    expect(
      await uploadArtifact(transport, artifactUri, source, {
        artifactPath: 'large',
        onProgress: (sent, total) => {
          lastProgress = [sent, total];
          upload.onProgress(sent, total);
        },
      }),
    ).toEqual(['large/large.bin']);
    expect(lastProgress).toEqual([sizeBytes, sizeBytes]);
    expect(upload.held).toHaveLength(2);
    expect((upload.held[1] ?? 0) - (upload.held[0] ?? 0)).toBeLessThan(sizeBytes / 10);

    const destination = await freshFolder('large-download');
    const download = checkpoints();
    await downloadArtifacts(transport, artifactUri, {
      artifactPath: 'large/large.bin',
      destination,
      onProgress: download.onProgress,
    });
    expect(download.held).toHaveLength(2);
    expect((download.held[1] ?? 0) - (download.held[0] ?? 0)).toBeLessThan(sizeBytes / 10);
    const copy = await readFile(join(destination, 'large', 'large.bin'));
    expect(copy.byteLength).toBe(sizeBytes);
    expect(createHash('sha256').update(copy).digest('hex')).toBe(expectedHash);
  });

  it('falls back to one PUT when the local store answers multipart with 501', async () => {
    const { artifactUri } = state;
    const proxy = await startFaultProxy(mlflow.uri);
    const transport = createTransport({ trackingUri: proxy.url, insecureTls: true }, { env: {} });
    try {
      const source = join(await freshFolder('multipart'), 'weights.bin');
      const bytes = randomBytes(300_000);
      await writeFile(source, bytes);
      await uploadArtifact(transport, artifactUri, source, {
        artifactPath: 'multipart',
        env: {
          MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD: 'true',
          MLFLOW_MULTIPART_UPLOAD_MINIMUM_FILE_SIZE: '1000',
          MLFLOW_MULTIPART_UPLOAD_CHUNK_SIZE: '100000',
        },
      });
      const root = resolveArtifactUri(artifactUri).replace(
        '/api/2.0/mlflow-artifacts/artifacts/',
        '',
      );
      const create = proxy.forwarded(`/api/2.0/mlflow-artifacts/mpu/create/${root}/multipart`);
      expect(create).toHaveLength(1);
      expect(JSON.parse(create[0]?.body.toString() ?? '{}')).toEqual({
        path: 'weights.bin',
        num_parts: 3,
      });
      const puts = proxy.requests.filter((request) => request.method === 'PUT');
      expect(puts.map((request) => request.path)).toEqual([
        `/api/2.0/mlflow-artifacts/artifacts/${root}/multipart/weights.bin`,
      ]);
      const destination = await freshFolder('multipart-download');
      await downloadArtifacts(transport, artifactUri, { artifactPath: 'multipart', destination });
      expect(sha256(await readFile(join(destination, 'multipart', 'weights.bin')))).toBe(
        sha256(bytes),
      );

      // With multipart off (the default), no mpu request is made.
      const before = proxy.requests.length;
      await uploadArtifact(transport, artifactUri, source, {
        artifactPath: 'multipart-off',
        multipartMinimumFileSizeBytes: 1,
        env: {},
      });
      expect(proxy.requests.slice(before).map((request) => request.method)).toEqual(['PUT']);
    } finally {
      await transport.close();
      await proxy.close();
    }
  });

  it('sends a file again, re-read from disk, when the connection drops after the upload', async () => {
    const { artifactUri } = state;
    const proxy = await startFaultProxy(mlflow.uri);
    const transport = createTransport(
      { trackingUri: proxy.url, insecureTls: true, backoffFactorMs: 20, backoffJitterMs: 0 },
      { env: {} },
    );
    try {
      const source = join(await freshFolder('retry'), 'retried.bin');
      const bytes = randomBytes(200_000);
      await writeFile(source, bytes);
      proxy.setRule((request) =>
        request.method === 'PUT' && proxy.forwarded(request.path).length === 0
          ? { kind: 'reset-after' }
          : undefined,
      );
      await uploadArtifact(transport, artifactUri, source, { artifactPath: 'retry' });
      proxy.setRule();
      const puts = proxy.requests.filter((request) => request.method === 'PUT');
      expect(puts).toHaveLength(2);
      for (const put of puts) expect(sha256(put.body)).toBe(sha256(bytes));
      const destination = await freshFolder('retry-download');
      await downloadArtifacts(transport, artifactUri, { artifactPath: 'retry', destination });
      expect(sha256(await readFile(join(destination, 'retry', 'retried.bin')))).toBe(sha256(bytes));
    } finally {
      await transport.close();
      await proxy.close();
    }
  });

  it('stops on abort without leaving partial files', async () => {
    const { transport, artifactUri } = state;
    const source = await freshFolder('abort-source');
    for (let index = 0; index < 12; index++) {
      await writeFile(join(source, `part-${index}.bin`), randomBytes(2 * 1024 * 1024));
    }
    await uploadArtifact(transport, artifactUri, source, { artifactPath: 'abort' });

    const destination = await freshFolder('abort');
    const controller = new AbortController();
    const reason = new Error('stop now');
    const error = await rejection(
      downloadArtifacts(transport, artifactUri, {
        artifactPath: 'abort',
        destination,
        signal: controller.signal,
        onProgress: (received) => {
          if (received > 3 * 1024 * 1024) controller.abort(reason);
        },
      }),
    );
    expect(error).toBe(reason);
    const left = await readTree(destination);
    expect([...left.keys()].filter((path) => path.endsWith('.partial'))).toEqual([]);
    expect(left.size).toBeLessThan(12);
    for (const bytes of left.values()) expect(bytes.byteLength).toBe(2 * 1024 * 1024);

    const aborted = new AbortController();
    aborted.abort(reason);
    expect(
      await rejection(uploadArtifact(transport, artifactUri, source, { signal: aborted.signal })),
    ).toBe(reason);
  });
});

describeWithService('mlflow-auth', 'artifacts against MLflow with basic auth', (auth) => {
  const state = useRun({ trackingUri: auth.uri, username: auth.username, password: auth.password });

  it('sends the credentials on artifact routes too', async () => {
    const { transport, artifactUri, run } = state;
    const bytes = randomBytes(5_000);
    await uploadArtifact(transport, artifactUri, bytes, {
      artifactPath: 'secure',
      fileName: 'weights.bin',
    });
    expect(await listArtifacts(transport, artifactUri, 'secure')).toEqual([
      { path: 'secure/weights.bin', isDir: false, fileSizeBytes: 5_000 },
    ]);
    const destination = await freshFolder('auth-download');
    await downloadArtifacts(transport, artifactUri, { destination });
    expect(sha256(await readFile(join(destination, 'secure', 'weights.bin')))).toBe(sha256(bytes));
    const python = await runPythonMlflow<PythonArtifacts>(
      readArtifactsScript,
      { uri: auth.uri, run_id: run.id },
      { MLFLOW_TRACKING_USERNAME: auth.username, MLFLOW_TRACKING_PASSWORD: auth.password },
    );
    expect(python.hashes).toEqual({ 'secure/weights.bin': sha256(bytes) });

    const anonymous = createTransport({ trackingUri: auth.uri }, { env: {} });
    try {
      const error = await rejection(
        uploadArtifact(anonymous, artifactUri, bytes, { fileName: 'anonymous.bin' }),
      );
      expect(MlflowApiError.isInstance(error)).toBe(true);
      expect((error as MlflowApiError).status).toBe(401);
      expect(await rejection(listArtifacts(anonymous, artifactUri))).toMatchObject({
        status: 401,
      });
    } finally {
      await anonymous.close();
    }
  });
});
