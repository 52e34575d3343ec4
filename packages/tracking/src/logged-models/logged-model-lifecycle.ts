import type { MlflowClient } from '../backend/mlflow-backend';
import { withSignal } from './key-values';
import { type LoggedModel, requireLoggedModel } from './logged-model';

const modelPath = '/api/2.0/mlflow/logged-models/{model_id}';

/**
 * Reads a logged model with its params, tags and metrics.
 *
 * @param options.allowDeleted - also find a deleted model. Default false.
 * @throws {MlflowApiError} 404 RESOURCE_DOES_NOT_EXIST for an unknown (or deleted) model.
 *
 * @example
 * ```ts
 * const model = await getLoggedModel(client, 'm-0123456789abcdef0123456789abcdef');
 * console.log(model.status, model.params);
 * ```
 */
export async function getLoggedModel(
  client: MlflowClient,
  modelId: string,
  options: { allowDeleted?: boolean; signal?: AbortSignal } = {},
): Promise<LoggedModel> {
  const { data } = await client.GET(modelPath, {
    params: {
      path: { model_id: modelId },
      ...(options.allowDeleted === true ? { query: { allow_deleted: true } } : {}),
    },
    ...withSignal(options.signal),
  });
  return requireLoggedModel(data?.model, 'GET', `/api/2.0/mlflow/logged-models/${modelId}`);
}

/**
 * Marks a logged model `READY` once its artifacts are uploaded, or `FAILED` when the upload
 * failed (MLflow's `LOGGED_MODEL_UPLOAD_FAILED`). Setting the same status again succeeds.
 * Resolves with the model as the server now has it.
 *
 * @example
 * ```ts
 * await finalizeLoggedModel(client, model.modelId, 'READY');
 * ```
 */
export async function finalizeLoggedModel(
  client: MlflowClient,
  modelId: string,
  status: 'READY' | 'FAILED',
  options: { signal?: AbortSignal } = {},
): Promise<LoggedModel> {
  const { data } = await client.PATCH(modelPath, {
    params: { path: { model_id: modelId } },
    body: {
      model_id: modelId,
      status: status === 'READY' ? 'LOGGED_MODEL_READY' : 'LOGGED_MODEL_UPLOAD_FAILED',
    },
    ...withSignal(options.signal),
  });
  return requireLoggedModel(data?.model, 'PATCH', `/api/2.0/mlflow/logged-models/${modelId}`);
}

/**
 * Marks a logged model as deleted; `getLoggedModel(..., { allowDeleted: true })` still finds
 * it, searches do not. Deleting it again succeeds.
 */
export async function deleteLoggedModel(
  client: MlflowClient,
  modelId: string,
  options: { signal?: AbortSignal } = {},
): Promise<void> {
  await client.DELETE(modelPath, {
    params: { path: { model_id: modelId } },
    ...withSignal(options.signal),
  });
}
