import type { MlflowClient } from '../backend/mlflow-backend';
import { classifyFailure } from '../tracker/failure';
import { chunk, toKeyValues, withSignal } from './key-values';
import { getLoggedModel } from './logged-model-lifecycle';

/** Params per request, as MLflow's Python client sends them (`_MLFLOW_LOG_LOGGED_MODEL_PARAMS_BATCH_SIZE`). */
export const loggedModelParamsPerRequest = 100;

/**
 * Adds params to a logged model, 100 per request as MLflow's client sends them. Values are
 * stored as text (numbers and booleans with `String()`; objects are refused). A key the
 * model already has fails with 400, even with the same value.
 *
 * When a request's answer is lost (the server may have stored it), the model is read back
 * and only the params it lacks are sent again, so a retry never fails on its own success.
 *
 * @throws {InvalidArgumentError} for a value that is an object, array, null or undefined.
 * @throws {MlflowApiError} / {MlflowNetworkError} as the transport reports them.
 *
 * @example
 * ```ts
 * await logLoggedModelParams(client, model.modelId, { epochs: 20, optimizer: 'adam' });
 * ```
 */
export async function logLoggedModelParams(
  client: MlflowClient,
  modelId: string,
  params: Readonly<Record<string, unknown>>,
  options: { signal?: AbortSignal } = {},
): Promise<void> {
  await sendParams(client, modelId, toKeyValues('param', params), options.signal);
}

/** Sends `pairs` in requests of {@link loggedModelParamsPerRequest}. */
export async function sendParams(
  client: MlflowClient,
  modelId: string,
  pairs: { key: string; value: string }[],
  signal: AbortSignal | undefined,
): Promise<void> {
  for (const batch of chunk(pairs, loggedModelParamsPerRequest)) {
    const send = (params: { key: string; value: string }[]) =>
      client.POST('/api/2.0/mlflow/logged-models/{model_id}/params', {
        params: { path: { model_id: modelId } },
        body: { model_id: modelId, params },
        ...withSignal(signal),
      });
    try {
      await send(batch);
    } catch (error) {
      if (!classifyFailure(error).outcomeUnknown) throw error;
      const stored = await getLoggedModel(client, modelId, withSignal(signal));
      const missing = batch.filter((param) => !(param.key in stored.params));
      if (missing.length > 0) await send(missing);
    }
  }
}
