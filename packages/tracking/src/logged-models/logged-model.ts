import { decodeDouble, decodeInteger } from '../backend/wire';
import type { components } from '../generated';
import { MlflowApiError } from '../transport';

/** The wire form of a logged model, as the REST API returns it. */
export type WireLoggedModel = components['schemas']['LoggedModel'];

/**
 * Where a logged model is in its life: `PENDING` from creation until finalized, then
 * `READY` (artifacts uploaded) or `FAILED` (MLflow's `LOGGED_MODEL_UPLOAD_FAILED`);
 * `UNSPECIFIED` when the server gave none.
 */
export type LoggedModelStatus = 'PENDING' | 'READY' | 'FAILED' | 'UNSPECIFIED';

/** A metric logged against a model (MLflow's `Metric` with `model_id`). */
export interface LoggedModelMetric {
  /** Metric name. */
  key: string;
  /** Value; NaN and ±Infinity come back as numbers. */
  value: number;
  /** Milliseconds since the Unix epoch. */
  timestampMs: number;
  /** Training step; 0 when the server gave none. */
  step: number;
  /** Dataset the metric was computed on, when given. */
  datasetName: string | undefined;
  /** Digest of that dataset, when given. */
  datasetDigest: string | undefined;
  /** Run that logged the metric, when known. */
  runId: string | undefined;
}

/** A model version registered from a logged model. */
export interface LoggedModelRegistration {
  /** Registered model name. */
  name: string;
  /** Version, a decimal string as MLflow keeps it (`"3"`). */
  version: string;
}

/**
 * An MLflow 3 logged model (`/api/2.0/mlflow/logged-models`): a model with its own id,
 * params, tags, metrics and artifact root, independent of any one run.
 */
export interface LoggedModel {
  /** `m-` followed by 32 hex digits. */
  modelId: string;
  /** Experiment the model belongs to. */
  experimentId: string;
  /** Name; the server picks one when none was given at creation. */
  name: string;
  /** Root of its artifacts, e.g. `mlflow-artifacts:/1/models/m-…/artifacts`. */
  artifactUri: string;
  /** `models:/<modelId>`, the URI the registry and MLflow's loaders accept. */
  modelUri: string;
  /** Life-cycle status. */
  status: LoggedModelStatus;
  /** Why the status is what it is, when the server says. */
  statusMessage: string | undefined;
  /** Creation time, ms since the Unix epoch. */
  creationTimestampMs: number;
  /** Last change, ms since the Unix epoch. */
  lastUpdatedTimestampMs: number;
  /** Id of the creating user on servers that have users. */
  creatorId: number | undefined;
  /** Free-form type, e.g. `onnx`, `agent`. */
  modelType: string | undefined;
  /** Run that produced the model, when given. */
  sourceRunId: string | undefined;
  /** Tags, key → value. */
  tags: Record<string, string>;
  /** Params, key → value. */
  params: Record<string, string>;
  /** Metrics logged against the model. */
  metrics: LoggedModelMetric[];
  /** Model versions registered from it. */
  registrations: LoggedModelRegistration[];
}

const statusNames: Record<string, LoggedModelStatus> = {
  LOGGED_MODEL_PENDING: 'PENDING',
  LOGGED_MODEL_READY: 'READY',
  LOGGED_MODEL_UPLOAD_FAILED: 'FAILED',
};

function toRecord(pairs: readonly { key?: string; value?: string }[] | undefined) {
  const record: Record<string, string> = {};
  for (const pair of pairs ?? []) {
    if (pair.key !== undefined) record[pair.key] = pair.value ?? '';
  }
  return record;
}

/**
 * Reads a logged model as the REST API returns it: every field optional, int64s as numbers
 * or strings, doubles as numbers or `"NaN"`/`"Infinity"` strings.
 */
export function toLoggedModel(wire: WireLoggedModel | undefined): LoggedModel {
  const info = wire?.info ?? {};
  const data = wire?.data ?? {};
  const modelId = info.model_id ?? '';
  return {
    modelId,
    experimentId: info.experiment_id ?? '',
    name: info.name ?? '',
    artifactUri: info.artifact_uri ?? '',
    modelUri: `models:/${modelId}`,
    status: statusNames[info.status ?? ''] ?? 'UNSPECIFIED',
    statusMessage: info.status_message || undefined,
    creationTimestampMs: decodeInteger(info.creation_timestamp_ms),
    lastUpdatedTimestampMs: decodeInteger(info.last_updated_timestamp_ms),
    creatorId: info.creator_id === undefined ? undefined : decodeInteger(info.creator_id),
    modelType: info.model_type || undefined,
    sourceRunId: info.source_run_id || undefined,
    tags: toRecord(info.tags),
    params: toRecord(data.params),
    metrics: (data.metrics ?? []).map((metric) => ({
      key: metric.key ?? '',
      value: decodeDouble(metric.value),
      timestampMs: decodeInteger(metric.timestamp),
      step: decodeInteger(metric.step),
      datasetName: metric.dataset_name || undefined,
      datasetDigest: metric.dataset_digest || undefined,
      runId: metric.run_id || undefined,
    })),
    registrations: (info.registrations ?? []).map((registration) => ({
      name: registration.name ?? '',
      version: String(registration.version ?? ''),
    })),
  };
}

/**
 * The model of an answer that must carry one (create, get, finalize); a server that
 * answers without it is reported like any other malformed answer.
 */
export function requireLoggedModel(
  wire: WireLoggedModel | undefined,
  method: string,
  path: string,
): LoggedModel {
  const model = toLoggedModel(wire);
  if (model.modelId === '') {
    throw new MlflowApiError({
      message: `The server answered ${method} ${path} without a logged model; check that it runs MLflow 3.`,
      errorCode: 'INTERNAL_ERROR',
      status: 200,
      method,
      path,
      responseSnippet: '',
      isRetryable: false,
    });
  }
  return model;
}
