// ONNX model packaging against a real MLflow server: the fixture classifier logged from
// TypeScript, registered, aliased `champion`, then loaded by Python MLflow's pyfunc through
// `models:/<name>@champion` and compared with onnxruntime-node and the generator's values.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  createMlflowClient,
  createTransport,
  getLoggedModel,
  type MlflowClient,
  type MlflowTransport,
  searchLoggedModels,
  specRetrySafety,
} from '@dagnostics/tracking';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithService } from '../../../../scripts/test-env/services';
import { runPythonMlflow } from '../../../tracking/test/support/python-mlflow';
import { inferTensorSignature, logOnnxModel, registerModel } from '../../src/packaging';
import { expectClose, readGolden } from '../support/golden';

interface Fixture {
  inputs: number[][];
  probabilities: number[][];
  labels: number[];
  sklearn_probabilities: number[][];
}

interface PythonPrediction {
  predictions: { label: number[]; probabilities: number[][] };
  signature: { inputs: unknown[]; outputs: unknown[] };
  input_names: string[];
  flavors: Record<string, Record<string, unknown>>;
  model_id: string;
  run_id: string | null;
  saved_input_example_info: Record<string, string>;
  mlflow_version: string;
  loader: string;
  files: Record<string, { uploaded: string; rewritten: string }>;
  serving_example_rows: Record<string, number> | null;
}

const fixtures = new URL('../../src/packaging/__fixtures__/', import.meta.url);
const onnxPath = fileURLToPath(new URL('classifier.onnx', fixtures));
const { cases } = readGolden<Fixture>(new URL('onnx-classifier.json', fixtures));
const predictScript = readFileSync(
  new URL('../../../../scripts/python/registry/predict_by_alias.py', import.meta.url),
  'utf8',
);

const expectedSignature = {
  inputs: [{ name: 'X', dtype: 'float32', shape: [-1, 4] }],
  outputs: [
    { name: 'label', dtype: 'int64', shape: [-1] },
    { name: 'probabilities', dtype: 'float32', shape: [-1, 3] },
  ],
};

describeWithService('mlflow-sqlite', 'ONNX model packaging (MLflow, SQLite)', (mlflow) => {
  let transport: MlflowTransport;
  let client: MlflowClient;
  let session: InferenceSession;
  let experimentId: string;
  let runId: string;

  beforeAll(async () => {
    transport = createTransport(
      { trackingUri: mlflow.uri },
      { env: {}, classifyRetrySafety: specRetrySafety },
    );
    client = createMlflowClient(transport);
    session = await InferenceSession.create(onnxPath);
    const experiment = await client.POST('/api/2.0/mlflow/experiments/create', {
      body: { name: `packaging-${randomUUID()}` },
    });
    experimentId = experiment.data?.experiment_id ?? '';
    const run = await client.POST('/api/2.0/mlflow/runs/create', {
      body: { experiment_id: experimentId, start_time: Date.now(), run_name: 'train' },
    });
    runId = run.data?.run?.info?.run_id ?? '';
  });
  afterAll(async () => {
    await session?.release();
    await transport?.close();
  });

  async function predictInTypeScript(rows: number[][]): Promise<{
    probabilities: number[][];
    labels: number[];
  }> {
    const input = new Tensor('float32', Float32Array.from(rows.flat()), [rows.length, 4]);
    const output = await session.run({ X: input });
    const probabilities = Array.from(output.probabilities?.data as Float32Array);
    return {
      probabilities: rows.map((_, row) => probabilities.slice(row * 3, row * 3 + 3)),
      labels: Array.from(output.label?.data as BigInt64Array, Number),
    };
  }

  it('infers the tensor signature from an onnxruntime session', () => {
    expect(inferTensorSignature(session)).toEqual(expectedSignature);
  });

  it('logs, registers and aliases a model that Python MLflow loads and predicts with', async () => {
    const name = `packaging-classifier-${randomUUID().slice(0, 8)}`;
    const example = new Tensor(
      'float32',
      Float32Array.from(cases.inputs.slice(0, 2).flat()),
      [2, 4],
    );
    const logged = await logOnnxModel(transport, {
      runId,
      name: 'classifier',
      onnx: new Uint8Array(readFileSync(onnxPath)),
      signature: inferTensorSignature(session),
      inputExample: { X: example },
      params: { solver: 'lbfgs', classes: 3 },
      tags: { team: 'ops' },
      metrics: { accuracy: 0.93 },
      step: 7,
    });
    expect(logged.model.status).toBe('READY');
    expect(logged.model.experimentId).toBe(experimentId);
    expect(logged.model.sourceRunId).toBe(runId);
    expect(logged.model.params).toEqual({ solver: 'lbfgs', classes: '3' });
    expect(logged.model.tags.team).toBe('ops');
    expect([...logged.files].sort()).toEqual([
      'MLmodel',
      'conda.yaml',
      'input_example.json',
      'model.onnx',
      'python_env.yaml',
      'requirements.txt',
      'serving_input_example.json',
    ]);

    const run = await client.GET('/api/2.0/mlflow/runs/get', {
      params: { query: { run_id: runId } },
    });
    expect(run.data?.run?.outputs?.model_outputs).toContainEqual(
      expect.objectContaining({ model_id: logged.model.modelId, step: 7 }),
    );
    const withMetrics = await getLoggedModel(client, logged.model.modelId);
    expect(withMetrics.metrics).toContainEqual(
      expect.objectContaining({ key: 'accuracy', value: 0.93, step: 7, runId }),
    );

    const version = await registerModel(transport, name, logged.model, {
      pollIntervalMs: 100,
      description: 'fixture classifier',
    });
    expect(version.status).toBe('READY');
    expect(version.source).toBe(`models:/${logged.model.modelId}`);
    expect(version.modelId).toBe(logged.model.modelId);
    expect(version.runId).toBe(runId);
    expect(version.version).toBe('1');
    const registered = await getLoggedModel(client, logged.model.modelId);
    // The server records the registration on the logged model.
    expect(JSON.parse(registered.tags['mlflow.modelVersions'] ?? '[]')).toEqual([
      { name, version: 1 },
    ]);

    await client.POST('/api/2.0/mlflow/registered-models/alias', {
      body: { name, alias: 'champion', version: version.version },
    });

    const python = await runPythonMlflow<PythonPrediction>(
      predictScript,
      { model_uri: `models:/${name}@champion`, inputs: cases.inputs },
      { MLFLOW_TRACKING_URI: mlflow.uri },
    );
    const typescript = await predictInTypeScript(cases.inputs);
    expect(python.predictions.probabilities).toHaveLength(16);
    cases.inputs.forEach((_, row) => {
      for (let column = 0; column < 3; column++) {
        const fromPython = python.predictions.probabilities[row]?.[column] as number;
        const label = `row ${row} class ${column}`;
        expectClose(fromPython, typescript.probabilities[row]?.[column] as number, {
          rtol: 0,
          atol: 1e-6,
          label,
        });
        expectClose(fromPython, cases.probabilities[row]?.[column] as number, {
          rtol: 0,
          atol: 1e-6,
          label,
        });
        expectClose(fromPython, cases.sklearn_probabilities[row]?.[column] as number, {
          rtol: 0,
          atol: 1e-5,
          label,
        });
      }
    });
    expect(python.predictions.label).toEqual(cases.labels);
    expect(typescript.labels).toEqual(cases.labels);

    expect(python.signature).toEqual({
      inputs: [{ name: 'X', type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [-1, 4] } }],
      outputs: [
        { name: 'label', type: 'tensor', 'tensor-spec': { dtype: 'int64', shape: [-1] } },
        {
          name: 'probabilities',
          type: 'tensor',
          'tensor-spec': { dtype: 'float32', shape: [-1, 3] },
        },
      ],
    });
    expect(python.input_names).toEqual(['X']);
    expect(python.loader).toBe('mlflow.onnx');
    expect(python.model_id).toBe(logged.model.modelId);
    expect(python.run_id).toBe(runId);
    expect(python.flavors.onnx).toMatchObject({
      data: 'model.onnx',
      providers: ['CUDAExecutionProvider', 'CPUExecutionProvider'],
      code: null,
    });
    expect(python.saved_input_example_info).toEqual({
      artifact_path: 'input_example.json',
      serving_input_path: 'serving_input_example.json',
      type: 'ndarray',
    });
    expect(python.serving_example_rows).toEqual({ label: 2, probabilities: 2 });
    // What MLflow writes again after reading the files is what was uploaded, byte for byte.
    expect(Object.keys(python.files).sort()).toEqual(['MLmodel', 'conda.yaml', 'python_env.yaml']);
    for (const [file, texts] of Object.entries(python.files)) {
      expect(texts.uploaded, file).toBe(texts.rewritten);
    }
    expect(python.files.MLmodel?.uploaded).toContain(`artifact_path: ${logged.model.artifactUri}`);
  });

  it('logs from a file path into an experiment without a run, and a second version follows', async () => {
    const name = `packaging-path-${randomUUID().slice(0, 8)}`;
    const first = await logOnnxModel(transport, {
      experimentId,
      name: 'from-path',
      onnx: onnxPath,
    });
    const second = await logOnnxModel(transport, { experimentId, name: 'again', onnx: onnxPath });
    expect(first.model.sourceRunId).toBeUndefined();
    expect(first.files).toContain('model.onnx');
    expect(first.files).not.toContain('input_example.json');
    const one = await registerModel(transport, name, first.model, { pollIntervalMs: 100 });
    const two = await registerModel(transport, name, second.model, { pollIntervalMs: 100 });
    expect([one.version, two.version]).toEqual(['1', '2']);
    expect(two.source).toBe(`models:/${second.model.modelId}`);
    expect(two.runId).toBeUndefined();
  });

  it('refuses metrics without a run before creating anything', async () => {
    await expect(
      logOnnxModel(transport, {
        experimentId,
        name: 'no-run',
        onnx: onnxPath,
        metrics: { accuracy: 1 },
      }),
    ).rejects.toThrow(/pass runId with metrics/);
  });

  it('marks the model FAILED when an upload fails, and rethrows', async () => {
    const broken = new Error('disk full');
    const failing: MlflowTransport = {
      ...transport,
      request: async () => {
        throw broken;
      },
    };
    const name = `broken-${randomUUID().slice(0, 8)}`;
    await expect(logOnnxModel(failing, { experimentId, name, onnx: onnxPath })).rejects.toBe(
      broken,
    );
    const found = [];
    for await (const model of searchLoggedModels(client, {
      experimentIds: [experimentId],
      filter: `name = '${name}'`,
    })) {
      found.push(model);
    }
    expect(found.map((model) => model.status)).toEqual(['FAILED']);
  });
});
