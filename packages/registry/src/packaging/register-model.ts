import { setTimeout as sleep } from 'node:timers/promises';
import {
  createMlflowClient,
  type LoggedModel,
  MlflowApiError,
  type MlflowClient,
  type MlflowTransport,
} from '@dagnostics/tracking';
import { toModelVersion } from '../client/record-mapping';
import type { RegistryClient } from '../client/registry-client';
import type { ModelVersion } from '../client/types';
import { ModelVersionNotReadyError } from '../errors';

/** The part of a `RegistryClient` {@link registerModel} uses. */
export type ModelRegistrar = Pick<
  RegistryClient,
  'ensureRegisteredModel' | 'createModelVersion' | 'waitForModelVersion'
>;

/** Options of {@link registerModel}. */
export interface RegisterModelOptions {
  /** Version description. Default none. */
  readonly description?: string;
  /** Version tags. */
  readonly tags?: Readonly<Record<string, string>>;
  /** How long to wait for `READY`, ms. Default 300 000 (MLflow's `await_registration_for`). */
  readonly timeoutMs?: number;
  /** Time between polls, ms. Default 1000. */
  readonly pollIntervalMs?: number;
  /** Cancels the calls and the wait. */
  readonly signal?: AbortSignal;
}

const defaultTimeoutMs = 300_000;
const defaultPollIntervalMs = 1_000;

function isRegistrar(target: MlflowTransport | ModelRegistrar): target is ModelRegistrar {
  return typeof (target as ModelRegistrar).createModelVersion === 'function';
}

function isAlreadyExists(error: unknown): boolean {
  return (
    MlflowApiError.isInstance(error) &&
    (error.errorCode === 'RESOURCE_ALREADY_EXISTS' || error.errorCode === 'ALREADY_EXISTS')
  );
}

async function ensureRegisteredModel(
  client: MlflowClient,
  name: string,
  signal: { signal?: AbortSignal },
): Promise<void> {
  try {
    await client.POST('/api/2.0/mlflow/registered-models/create', { body: { name }, ...signal });
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
  }
}

async function waitUntilReady(
  client: MlflowClient,
  first: ModelVersion,
  options: RegisterModelOptions,
): Promise<ModelVersion> {
  const deadline = Date.now() + (options.timeoutMs ?? defaultTimeoutMs);
  let version = first;
  for (;;) {
    if (version.status === 'READY') return version;
    if (version.status === 'FAILED_REGISTRATION' || Date.now() >= deadline) {
      throw new ModelVersionNotReadyError({
        model: version.name,
        version: version.version,
        status: version.status,
        message:
          version.status === 'FAILED_REGISTRATION'
            ? `Version ${version.version} of ${JSON.stringify(version.name)} failed to register: ${version.statusMessage ?? 'no reason given'}.`
            : `Version ${version.version} of ${JSON.stringify(version.name)} was still ${version.status} after ${options.timeoutMs ?? defaultTimeoutMs} ms; wait longer (timeoutMs) or check the server.`,
      });
    }
    await sleep(
      options.pollIntervalMs ?? defaultPollIntervalMs,
      undefined,
      options.signal === undefined ? {} : { signal: options.signal },
    );
    const { data } = await client.GET('/api/2.0/mlflow/model-versions/get', {
      params: { query: { name: version.name, version: version.version } },
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    version = toModelVersion(data?.model_version ?? {});
  }
}

/**
 * Registers a logged model as a new version of the registered model `name`, as MLflow 3's
 * `mlflow.register_model("models:/<modelId>", name)` does: creates the registered model
 * unless it exists, creates the version with `source = models:/<modelId>`, the model id
 * and its source run, and waits until the version is `READY`. The server adds the version
 * to the logged model's `mlflow.modelVersions` tag.
 *
 * @param logged - what `logOnnxModel` returns, or a logged model (`{ modelId, sourceRunId }`).
 * @param target - a transport (`createTransport` of `@dagnostics/tracking`), or a
 *   `RegistryClient` whose calls are then used.
 * @throws {ModelVersionNotReadyError} when the version fails to register or is still
 *   pending after `timeoutMs`.
 * @throws {MlflowApiError} / {MlflowNetworkError} as the transport reports them.
 *
 * @example
 * ```ts
 * const logged = await logOnnxModel(transport, { runId, name: 'classifier', onnx });
 * const version = await registerModel(transport, 'airflow-failure-classifier', logged);
 * ```
 */
export async function registerModel(
  target: MlflowTransport | ModelRegistrar,
  name: string,
  logged:
    | (Pick<LoggedModel, 'modelId'> & Partial<Pick<LoggedModel, 'sourceRunId'>>)
    | { readonly model: Pick<LoggedModel, 'modelId'> & Partial<Pick<LoggedModel, 'sourceRunId'>> },
  options: RegisterModelOptions = {},
): Promise<ModelVersion> {
  // What logOnnxModel returns, or its `model`.
  const loggedModel = 'model' in logged ? logged.model : logged;
  const signal = options.signal === undefined ? {} : { signal: options.signal };
  const source = `models:/${loggedModel.modelId}`;
  const runId = loggedModel.sourceRunId;
  if (isRegistrar(target)) {
    await target.ensureRegisteredModel(name, signal);
    const created = await target.createModelVersion(name, source, {
      modelId: loggedModel.modelId,
      ...(runId === undefined ? {} : { runId }),
      ...(options.description === undefined ? {} : { description: options.description }),
      ...(options.tags === undefined ? {} : { tags: options.tags }),
      ...signal,
    });
    return target.waitForModelVersion(name, created.version, {
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
      ...signal,
    });
  }
  const client = createMlflowClient(target);
  await ensureRegisteredModel(client, name, signal);
  const { data } = await client.POST('/api/2.0/mlflow/model-versions/create', {
    body: {
      name,
      source,
      model_id: loggedModel.modelId,
      ...(runId === undefined ? {} : { run_id: runId }),
      ...(options.description === undefined ? {} : { description: options.description }),
      ...(options.tags === undefined
        ? {}
        : { tags: Object.entries(options.tags).map(([key, value]) => ({ key, value })) }),
    },
    ...signal,
  });
  const version = await waitUntilReady(client, toModelVersion(data?.model_version ?? {}), options);
  return version;
}
