import type { MlflowClient } from '../backend/mlflow-backend';
import { chunk, toKeyValues, withSignal } from './key-values';
import { type LoggedModel, requireLoggedModel } from './logged-model';
import { getLoggedModel } from './logged-model-lifecycle';
import { loggedModelParamsPerRequest, sendParams } from './logged-model-params';

/** What {@link createLoggedModel} needs. */
export interface CreateLoggedModelOptions {
  /** Experiment the model belongs to. */
  experimentId: string;
  /** Name; names need not be unique. Default: one the server makes up. */
  name?: string;
  /** Free-form type, e.g. `onnx`. Default none. */
  modelType?: string;
  /** Run that produced the model. Default none. */
  sourceRunId?: string;
  /** Params, stored as text (numbers and booleans with `String()`; objects are refused). */
  params?: Readonly<Record<string, unknown>>;
  /** Tags, stored as text like params. */
  tags?: Readonly<Record<string, unknown>>;
  /** Cancels the calls. */
  signal?: AbortSignal;
}

/**
 * Creates an MLflow 3 logged model, `PENDING` until {@link finalizeLoggedModel}. Upload its
 * files to `model.artifactUri` (see `uploadModelArtifacts`) before finalizing it.
 *
 * As MLflow's client does, the first 100 params go with the creation and the rest follow
 * 100 per request, after which the model is read back. The creation is not repeated after
 * a lost answer, since each call makes another model.
 *
 * @throws {InvalidArgumentError} for a param or tag value that is an object, array or null.
 * @throws {MlflowApiError} / {MlflowNetworkError} as the transport reports them.
 *
 * @example
 * ```ts
 * const client = createMlflowClient(transport);
 * const model = await createLoggedModel(client, {
 *   experimentId: run.experimentId,
 *   name: 'classifier',
 *   modelType: 'onnx',
 *   sourceRunId: run.id,
 *   params: { epochs: 20 },
 * });
 * ```
 */
export async function createLoggedModel(
  client: MlflowClient,
  options: CreateLoggedModelOptions,
): Promise<LoggedModel> {
  const [first = [], ...rest] = chunk(
    toKeyValues('param', options.params),
    loggedModelParamsPerRequest,
  );
  const tags = toKeyValues('tag', options.tags);
  const { data } = await client.POST('/api/2.0/mlflow/logged-models', {
    body: {
      experiment_id: options.experimentId,
      ...(options.name === undefined ? {} : { name: options.name }),
      ...(options.modelType === undefined ? {} : { model_type: options.modelType }),
      ...(options.sourceRunId === undefined ? {} : { source_run_id: options.sourceRunId }),
      ...(first.length === 0 ? {} : { params: first }),
      ...(tags.length === 0 ? {} : { tags }),
    },
    ...withSignal(options.signal),
  });
  const model = requireLoggedModel(data?.model, 'POST', '/api/2.0/mlflow/logged-models');
  if (rest.length === 0) return model;
  await sendParams(client, model.modelId, rest.flat(), options.signal);
  return getLoggedModel(client, model.modelId, withSignal(options.signal));
}
