import { InvalidArgumentError } from '@dagnostics/core';
import type { MlflowClient } from '../backend/mlflow-backend';
import { classifyFailure } from '../tracker/failure';
import { withSignal } from './key-values';

/**
 * Records a logged model as an output of a run at a training step (`runs/outputs`), the
 * link MLflow's UI shows on the run. Recording the same model twice fails with 400, so
 * when the answer is lost the run is read back and the request is sent again only if the
 * output is missing.
 *
 * @param step - training step the model comes from; a safe integer (0 when there is none).
 * @throws {InvalidArgumentError} for a step that is not a safe integer.
 *
 * @example
 * ```ts
 * await logModelOutput(client, run.id, model.modelId, 20);
 * ```
 */
export async function logModelOutput(
  client: MlflowClient,
  runId: string,
  modelId: string,
  step: number,
  options: { signal?: AbortSignal } = {},
): Promise<void> {
  if (!Number.isSafeInteger(step)) {
    throw new InvalidArgumentError({
      message: `The step of a model output must be a safe integer; got ${String(step)}.`,
      argument: 'step',
    });
  }
  const send = () =>
    client.POST('/api/2.0/mlflow/runs/outputs', {
      body: { run_id: runId, models: [{ model_id: modelId, step }] },
      ...withSignal(options.signal),
    });
  try {
    await send();
  } catch (error) {
    if (!classifyFailure(error).outcomeUnknown) throw error;
    const { data } = await client.GET('/api/2.0/mlflow/runs/get', {
      params: { query: { run_id: runId } },
      ...withSignal(options.signal),
    });
    const recorded = (data?.run?.outputs?.model_outputs ?? []).some(
      (output) => output.model_id === modelId,
    );
    if (!recorded) await send();
  }
}
