// MLflow 3 logged models against a real server: the whole life of a model written by the
// TypeScript client and read back by MLflow's Python client, and the lost-answer
// reconciliations through the fault proxy.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithService } from '../../../../scripts/test-env/services';
import {
  createMlflowClient,
  createTracker,
  MlflowApiError,
  type Run,
  type Tracker,
} from '../../src';
import { listArtifacts } from '../../src/artifacts';
import { specRetrySafety } from '../../src/backend/retry-safety';
import {
  createLoggedModel,
  deleteLoggedModel,
  deleteLoggedModelTag,
  finalizeLoggedModel,
  getLoggedModel,
  type LoggedModel,
  logLoggedModelParams,
  logModelOutput,
  searchLoggedModels,
  setLoggedModelTags,
  uploadModelArtifacts,
} from '../../src/logged-models';
import { createTransport, type MlflowTransport } from '../../src/transport';
import { startFaultProxy } from '../support/fault-proxy';
import { runPythonMlflow } from '../support/python-mlflow';

/** A logged model as MLflow's Python client reads it, with its artifacts' sha256 and the run's outputs. */
const readModelScript = `
import hashlib, json, os, sys, tempfile
import mlflow
from mlflow import MlflowClient
request = json.load(sys.stdin)
mlflow.set_tracking_uri(request["uri"])
client = MlflowClient()
def describe(model):
    return {
        "model_id": model.model_id,
        "name": model.name,
        "experiment_id": model.experiment_id,
        "status": str(model.status),
        "source_run_id": model.source_run_id,
        "model_type": model.model_type,
        "params": model.params,
        "tags": model.tags,
        "artifact_location": model.artifact_location,
    }
model = mlflow.get_logged_model(request["model_id"])
hashes = {}
local = tempfile.mkdtemp()
if mlflow.artifacts.list_artifacts(artifact_uri=model.artifact_location):
    local = mlflow.artifacts.download_artifacts(
        artifact_uri=model.artifact_location, dst_path=local
    )
for folder, _, names in os.walk(local):
    for name in names:
        path = os.path.join(folder, name)
        with open(path, "rb") as handle:
            hashes[os.path.relpath(path, local).replace(os.sep, "/")] = hashlib.sha256(handle.read()).hexdigest()
found = client.search_logged_models(
    experiment_ids=[model.experiment_id],
    filter_string=request["filter"],
    order_by=[{"field_name": "name", "ascending": True}],
)
run = client.get_run(request["run_id"])
print(json.dumps({
    "model": describe(model),
    "hashes": hashes,
    "search": [found_model.model_id for found_model in found],
    "outputs": [[output.model_id, output.step] for output in run.outputs.model_outputs],
}))
`;

interface PythonModel {
  model: {
    model_id: string;
    name: string;
    experiment_id: string;
    status: string;
    source_run_id: string | null;
    model_type: string | null;
    params: Record<string, string>;
    tags: Record<string, string>;
    artifact_location: string;
  };
  hashes: Record<string, string>;
  search: string[];
  outputs: [string, number][];
}

function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'dagnostics-logged-models-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describeWithService('mlflow-sqlite', 'logged models against MLflow (SQLite)', (mlflow) => {
  let tracker: Tracker;
  let run: Run;
  let transport: MlflowTransport;
  beforeAll(async () => {
    tracker = createTracker({
      trackingUri: mlflow.uri,
      localDir: join(scratch, 'journal'),
      handleSignals: false,
    });
    run = await tracker.startRun({ experimentName: `logged-models-${randomUUID()}` });
    transport = createTransport(
      { trackingUri: mlflow.uri },
      { env: {}, classifyRetrySafety: specRetrySafety },
    );
  });
  afterAll(async () => {
    await tracker?.close();
    await transport?.close();
  });

  it('creates, uploads, links, tags, finalizes and searches a model the Python client reads back exactly', async () => {
    const client = createMlflowClient(transport);
    const experimentId = run.experimentId ?? '';
    const params = Object.fromEntries(
      Array.from({ length: 150 }, (_, index) => [`p${String(index).padStart(3, '0')}`, index / 4]),
    );
    const model = await createLoggedModel(client, {
      experimentId,
      name: 'classifier',
      modelType: 'onnx',
      sourceRunId: run.id,
      params,
      tags: { framework: 'onnx', owner: 'ml-team', quantized: false },
    });
    expect(model).toMatchObject({
      experimentId,
      name: 'classifier',
      status: 'PENDING',
      modelType: 'onnx',
      sourceRunId: run.id,
      artifactUri: `mlflow-artifacts:/${experimentId}/models/${model.modelId}/artifacts`,
      modelUri: `models:/${model.modelId}`,
      tags: { framework: 'onnx', owner: 'ml-team', quantized: 'false' },
    });
    expect(model.modelId).toMatch(/^m-[0-9a-f]{32}$/);
    expect(Object.keys(model.params)).toHaveLength(150);
    expect(model.params.p001).toBe('0.25');
    expect(model.creationTimestampMs).toBeGreaterThan(1_600_000_000_000);

    const folder = join(scratch, 'model');
    await mkdir(join(folder, 'données'), { recursive: true });
    const mlmodel = `artifact_path: model\nmodel_id: ${model.modelId}\nflavors:\n  onnx:\n    data: model.onnx\n`;
    const onnx = randomBytes(40_000);
    const extra = randomBytes(1_000);
    await writeFile(join(folder, 'MLmodel'), mlmodel);
    await writeFile(join(folder, 'model.onnx'), onnx);
    await writeFile(join(folder, 'données', 'été.bin'), extra);
    expect((await uploadModelArtifacts(transport, model, folder)).sort()).toEqual([
      'MLmodel',
      'données/été.bin',
      'model.onnx',
    ]);
    expect((await listArtifacts(transport, model.artifactUri)).map((entry) => entry.path)).toEqual([
      'MLmodel',
      'données',
      'model.onnx',
    ]);

    await logModelOutput(client, run.id, model.modelId, 5);
    await setLoggedModelTags(client, model.modelId, { stage: 'candidate', reviewed: true });
    await deleteLoggedModelTag(client, model.modelId, 'owner');
    await logLoggedModelParams(client, model.modelId, { extra: 'yes' });
    const ready = await finalizeLoggedModel(client, model.modelId, 'READY');
    expect(ready.status).toBe('READY');

    const fetched = await getLoggedModel(client, model.modelId);
    expect(fetched.tags).toEqual({
      framework: 'onnx',
      quantized: 'false',
      stage: 'candidate',
      reviewed: 'true',
    });
    expect(fetched.params).toEqual({
      ...Object.fromEntries(Object.entries(params).map(([key, value]) => [key, String(value)])),
      extra: 'yes',
    });
    expect(fetched.lastUpdatedTimestampMs).toBeGreaterThanOrEqual(fetched.creationTimestampMs);

    const failed = await createLoggedModel(client, { experimentId, name: 'regressor' });
    expect((await finalizeLoggedModel(client, failed.modelId, 'FAILED')).status).toBe('FAILED');
    const unnamed = await createLoggedModel(client, { experimentId });
    expect(unnamed.name).not.toBe('');

    const all: LoggedModel[] = [];
    for await (const found of searchLoggedModels(client, {
      experimentIds: [experimentId],
      orderBy: [{ fieldName: 'creation_timestamp', ascending: true }],
      pageSize: 1,
    })) {
      all.push(found);
    }
    expect(all.map((found) => found.modelId)).toEqual([
      model.modelId,
      failed.modelId,
      unnamed.modelId,
    ]);
    const readyOnes: string[] = [];
    for await (const found of searchLoggedModels(client, {
      experimentIds: [experimentId],
      filter: "params.extra = 'yes' AND tags.stage = 'candidate' AND name = 'classifier'",
    })) {
      readyOnes.push(found.modelId);
    }
    expect(readyOnes).toEqual([model.modelId]);

    const python = await runPythonMlflow<PythonModel>(readModelScript, {
      uri: mlflow.uri,
      model_id: model.modelId,
      run_id: run.id,
      filter: "name = 'classifier' AND params.p001 = '0.25'",
    });
    expect(python.model).toEqual({
      model_id: model.modelId,
      name: 'classifier',
      experiment_id: experimentId,
      status: 'READY',
      source_run_id: run.id,
      model_type: 'onnx',
      params: fetched.params,
      tags: fetched.tags,
      artifact_location: model.artifactUri,
    });
    expect(python.hashes).toEqual({
      MLmodel: sha256(mlmodel),
      'model.onnx': sha256(onnx),
      'données/été.bin': sha256(extra),
    });
    expect(python.outputs).toEqual([[model.modelId, 5]]);
    expect(python.search).toEqual([model.modelId]);

    await deleteLoggedModel(client, failed.modelId);
    await deleteLoggedModel(client, failed.modelId);
    const gone = await getLoggedModel(client, failed.modelId).catch((error: unknown) => error);
    expect(MlflowApiError.isInstance(gone)).toBe(true);
    expect(gone).toMatchObject({ status: 404, errorCode: 'RESOURCE_DOES_NOT_EXIST' });
    expect((await getLoggedModel(client, failed.modelId, { allowDeleted: true })).modelId).toBe(
      failed.modelId,
    );
  });

  it('does not fail on its own success when an answer is lost after MLflow applied the request', async () => {
    const proxy = await startFaultProxy(mlflow.uri);
    const proxied = createTransport(
      { trackingUri: proxy.url, insecureTls: true, backoffFactorMs: 10, backoffJitterMs: 0 },
      { env: {}, classifyRetrySafety: specRetrySafety },
    );
    try {
      const client = createMlflowClient(proxied);
      const model = await createLoggedModel(client, {
        experimentId: run.experimentId ?? '',
        name: 'flaky',
      });
      const dropFirst = (suffix: string) => {
        proxy.setRule((request) =>
          request.path.endsWith(suffix) && proxy.forwarded(request.path).length === 0
            ? { kind: 'reset-after' }
            : undefined,
        );
      };
      dropFirst('/runs/outputs');
      await logModelOutput(client, run.id, model.modelId, 1);
      dropFirst(`/logged-models/${model.modelId}/params`);
      await logLoggedModelParams(client, model.modelId, { alpha: 0.5 });
      dropFirst(`/tags/stage`);
      await setLoggedModelTags(client, model.modelId, { stage: 'x' });
      await deleteLoggedModelTag(client, model.modelId, 'stage');
      proxy.setRule();

      const resets = proxy.requests.filter((request) => request.fault?.kind === 'reset-after');
      expect(resets.map((request) => request.path)).toEqual([
        '/api/2.0/mlflow/runs/outputs',
        `/api/2.0/mlflow/logged-models/${model.modelId}/params`,
        `/api/2.0/mlflow/logged-models/${model.modelId}/tags/stage`,
      ]);
      // Each was applied once and confirmed by reading, not sent twice.
      expect(proxy.forwarded('/api/2.0/mlflow/runs/outputs')).toHaveLength(1);
      expect(proxy.forwarded(`/api/2.0/mlflow/logged-models/${model.modelId}/params`)).toHaveLength(
        1,
      );
      const stored = await getLoggedModel(client, model.modelId);
      expect(stored.params).toEqual({ alpha: '0.5' });
      expect(stored.tags).toEqual({});
      const python = await runPythonMlflow<PythonModel>(readModelScript, {
        uri: mlflow.uri,
        model_id: model.modelId,
        run_id: run.id,
        filter: "name = 'flaky'",
      });
      expect(python.outputs).toContainEqual([model.modelId, 1]);
      expect(python.search).toEqual([model.modelId]);
    } finally {
      await proxied.close();
      await proxy.close();
    }
  });
});
