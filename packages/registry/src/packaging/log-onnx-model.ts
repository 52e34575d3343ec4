import { stat } from 'node:fs/promises';
import { InvalidArgumentError } from '@dagnostics/core';
import {
  createLoggedModel,
  createMlflowClient,
  finalizeLoggedModel,
  type LoggedModel,
  logModelOutput,
  type MlflowClient,
  type MlflowTransport,
  uploadModelArtifacts,
} from '@dagnostics/tracking';
import type { InputExample } from './input-example';
import { type OnnxModelFilesOptions, onnxModelFiles } from './onnx-model-files';
import type { PythonEnvironment } from './python-environment';
import type { TensorSignature } from './tensor-signature';

/** What {@link logOnnxModel} logs. */
export interface LogOnnxModelOptions {
  /** Experiment of the model; default the run's. One of `experimentId` and `runId` is required. */
  readonly experimentId?: string;
  /** Run the model comes from: its source run, and the model is recorded as the run's output. */
  readonly runId?: string;
  /** The logged model's name, e.g. `classifier`. */
  readonly name: string;
  /** The ONNX model: its bytes, or the path of a `.onnx` file (streamed, not read whole). */
  readonly onnx: Uint8Array | string;
  /** Tensor signature, e.g. from {@link inferTensorSignature}. Default none. */
  readonly signature?: TensorSignature;
  /** Example input (onnxruntime `Tensor`s fit). Default none. */
  readonly inputExample?: InputExample;
  /** The logged model's params (text; numbers and booleans with `String()`). */
  readonly params?: Readonly<Record<string, unknown>>;
  /** The logged model's tags. */
  readonly tags?: Readonly<Record<string, unknown>>;
  /**
   * Metrics of the model, logged to `runId` (required with them) with the model's id, at
   * `step`, as MLflow's `log_metric(..., model_id=...)` does.
   */
  readonly metrics?: Readonly<Record<string, number>>;
  /** Training step of the run output and the metrics. Default 0. */
  readonly step?: number;
  /** Python environment the model declares. Default `defaultOnnxEnvironment()`. */
  readonly environment?: PythonEnvironment;
  /** Versions written into MLmodel; defaults are those this package is tested with. */
  readonly mlflowVersion?: string;
  readonly onnxVersion?: string;
  /** onnxruntime execution providers. Default CUDA, then CPU (MLflow's). */
  readonly providers?: readonly string[];
  /** Cancels the calls and uploads. */
  readonly signal?: AbortSignal;
}

/** The model {@link logOnnxModel} logged. */
export interface LoggedOnnxModel {
  /** The logged model, `READY`. */
  readonly model: LoggedModel;
  /** `models:/<modelId>`, what `mlflow.pyfunc.load_model` and the registry take. */
  readonly modelUri: string;
  /** Artifact paths written below the model's artifact root. */
  readonly files: readonly string[];
}

async function experimentOf(client: MlflowClient, options: LogOnnxModelOptions): Promise<string> {
  if (options.experimentId !== undefined) return options.experimentId;
  if (options.runId === undefined) {
    throw new InvalidArgumentError({
      message: 'logOnnxModel needs experimentId or runId to know where the model goes.',
      argument: 'experimentId',
    });
  }
  const { data } = await client.GET('/api/2.0/mlflow/runs/get', {
    params: { query: { run_id: options.runId } },
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const experimentId = data?.run?.info?.experiment_id;
  if (experimentId === undefined) {
    throw new InvalidArgumentError({
      message: `Run ${options.runId} has no experiment in the server's answer.`,
      argument: 'runId',
    });
  }
  return experimentId;
}

function check(options: LogOnnxModelOptions): void {
  if (options.metrics !== undefined && Object.keys(options.metrics).length > 0) {
    if (options.runId === undefined) {
      throw new InvalidArgumentError({
        message: 'Model metrics are logged to a run: pass runId with metrics.',
        argument: 'metrics',
      });
    }
    for (const [key, value] of Object.entries(options.metrics)) {
      if (typeof value !== 'number') {
        throw new InvalidArgumentError({
          message: `Metric ${JSON.stringify(key)} must be a number; got ${typeof value}.`,
          argument: 'metrics',
        });
      }
    }
  }
  if (options.step !== undefined && !Number.isSafeInteger(options.step)) {
    throw new InvalidArgumentError({
      message: `step must be a safe integer; got ${String(options.step)}.`,
      argument: 'step',
    });
  }
}

function fileOptions(
  options: LogOnnxModelOptions,
  model: LoggedModel,
  onnxSizeBytes: number,
): OnnxModelFilesOptions {
  return {
    onnxSizeBytes,
    modelId: model.modelId,
    artifactPath: model.artifactUri,
    ...(options.runId === undefined ? {} : { runId: options.runId }),
    createdAt: new Date(model.creationTimestampMs || Date.now()),
    ...(options.signature === undefined ? {} : { signature: options.signature }),
    ...(options.inputExample === undefined ? {} : { inputExample: options.inputExample }),
    ...(options.environment === undefined ? {} : { environment: options.environment }),
    ...(options.mlflowVersion === undefined ? {} : { mlflowVersion: options.mlflowVersion }),
    ...(options.onnxVersion === undefined ? {} : { onnxVersion: options.onnxVersion }),
    ...(options.providers === undefined ? {} : { providers: options.providers }),
  };
}

async function logMetrics(
  client: MlflowClient,
  options: LogOnnxModelOptions,
  modelId: string,
): Promise<void> {
  const entries = Object.entries(options.metrics ?? {});
  if (entries.length === 0 || options.runId === undefined) return;
  const timestamp = Date.now();
  await client.POST('/api/2.0/mlflow/runs/log-batch', {
    body: {
      run_id: options.runId,
      metrics: entries.map(([key, value]) => ({
        key,
        value,
        timestamp,
        step: options.step ?? 0,
        model_id: modelId,
      })),
    },
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
}

/**
 * Logs an ONNX model as an MLflow 3 logged model that Python MLflow loads
 * (`mlflow.pyfunc.load_model("models:/<modelId>")`, `mlflow.onnx.load_model`) and serves:
 * creates the logged model, uploads `model.onnx` with the files MLflow's ONNX flavor writes
 * (`MLmodel`, `conda.yaml`, `python_env.yaml`, `requirements.txt`, and with an example
 * `input_example.json` and `serving_input_example.json`, byte for byte as MLflow 3.17
 * writes them), records it as the run's output when `runId` is given, logs `metrics`
 * against it, and finalizes it `READY`. When an upload fails the model is marked
 * `FAILED` (MLflow's `LOGGED_MODEL_UPLOAD_FAILED`) before the error is rethrown.
 *
 * @param transport - from `createTransport({ trackingUri })` of `@dagnostics/tracking`.
 * @throws {InvalidArgumentError} for missing `experimentId`/`runId`, metrics without a run,
 *   a bad step, signature or example (nothing is sent for these).
 * @throws {MlflowApiError} / {MlflowNetworkError} as the transport reports them.
 *
 * @example
 * ```ts
 * const session = await InferenceSession.create('classifier.onnx');
 * const { model, modelUri } = await logOnnxModel(transport, {
 *   runId: run.id,
 *   name: 'classifier',
 *   onnx: 'classifier.onnx',
 *   signature: inferTensorSignature(session),
 *   inputExample: { X: new Tensor('float32', features, [2, 4]) },
 * });
 * ```
 */
export async function logOnnxModel(
  transport: MlflowTransport,
  options: LogOnnxModelOptions,
): Promise<LoggedOnnxModel> {
  check(options);
  const onnxSizeBytes =
    typeof options.onnx === 'string' ? (await stat(options.onnx)).size : options.onnx.byteLength;
  // Checks the signature and the example before anything is created on the server.
  onnxModelFiles({
    onnxSizeBytes,
    ...(options.signature === undefined ? {} : { signature: options.signature }),
    ...(options.inputExample === undefined ? {} : { inputExample: options.inputExample }),
  });
  const client = createMlflowClient(transport);
  const experimentId = await experimentOf(client, options);
  const signal = options.signal === undefined ? {} : { signal: options.signal };
  let model = await createLoggedModel(client, {
    experimentId,
    name: options.name,
    ...(options.runId === undefined ? {} : { sourceRunId: options.runId }),
    ...(options.params === undefined ? {} : { params: options.params }),
    ...(options.tags === undefined ? {} : { tags: options.tags }),
    ...signal,
  });
  const files: string[] = [];
  try {
    const texts = onnxModelFiles(fileOptions(options, model, onnxSizeBytes));
    files.push(
      ...(await uploadModelArtifacts(transport, model, options.onnx, {
        fileName: 'model.onnx',
        ...signal,
      })),
    );
    const encoder = new TextEncoder();
    for (const file of texts) {
      files.push(
        ...(await uploadModelArtifacts(transport, model, encoder.encode(file.text), {
          fileName: file.name,
          ...signal,
        })),
      );
    }
  } catch (error) {
    await finalizeLoggedModel(client, model.modelId, 'FAILED').catch(() => undefined);
    throw error;
  }
  if (options.runId !== undefined) {
    await logModelOutput(client, options.runId, model.modelId, options.step ?? 0, signal);
  }
  await logMetrics(client, options, model.modelId);
  model = await finalizeLoggedModel(client, model.modelId, 'READY', signal);
  return { model, modelUri: model.modelUri, files };
}
