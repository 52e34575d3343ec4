import type { MlflowClient } from '../backend/mlflow-backend';
import { classifyFailure } from '../tracker/failure';
import { MlflowApiError } from '../transport';
import { toKeyValues, withSignal } from './key-values';

/**
 * Sets (or overwrites) tags of a logged model. Values are stored as text (numbers and
 * booleans with `String()`; objects are refused).
 *
 * @example
 * ```ts
 * await setLoggedModelTags(client, model.modelId, { stage: 'candidate' });
 * ```
 */
export async function setLoggedModelTags(
  client: MlflowClient,
  modelId: string,
  tags: Readonly<Record<string, unknown>>,
  options: { signal?: AbortSignal } = {},
): Promise<void> {
  const pairs = toKeyValues('tag', tags);
  if (pairs.length === 0) return;
  await client.PATCH('/api/2.0/mlflow/logged-models/{model_id}/tags', {
    params: { path: { model_id: modelId } },
    body: { tags: pairs },
    ...withSignal(options.signal),
  });
}

/**
 * Deletes one tag of a logged model. A key containing `/` cannot be deleted through
 * MLflow's route. When the answer is lost, the request is sent again and its 404 (the tag
 * is already gone) counts as success.
 *
 * @throws {MlflowApiError} 404 RESOURCE_DOES_NOT_EXIST when the model or the tag does not exist.
 */
export async function deleteLoggedModelTag(
  client: MlflowClient,
  modelId: string,
  key: string,
  options: { signal?: AbortSignal } = {},
): Promise<void> {
  const send = () =>
    client.DELETE('/api/2.0/mlflow/logged-models/{model_id}/tags/{tag_key}', {
      params: { path: { model_id: modelId, tag_key: key } },
      ...withSignal(options.signal),
    });
  try {
    await send();
  } catch (error) {
    if (!classifyFailure(error).outcomeUnknown) throw error;
    try {
      await send();
    } catch (again) {
      const gone =
        MlflowApiError.isInstance(again) && again.errorCode === 'RESOURCE_DOES_NOT_EXIST';
      if (!gone) throw again;
    }
  }
}
