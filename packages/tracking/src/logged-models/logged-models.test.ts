import { InvalidArgumentError } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import { createMlflowClient } from '../backend/mlflow-backend';
import { MlflowApiError, MlflowNetworkError, type MlflowTransport } from '../transport';
import {
  createLoggedModel,
  deleteLoggedModelTag,
  finalizeLoggedModel,
  logLoggedModelParams,
  logModelOutput,
  searchLoggedModels,
  toLoggedModel,
  type WireLoggedModel,
} from './index';

interface Call {
  method: string;
  path: string;
  query: string;
  body: Record<string, unknown> | undefined;
}

type Handler = (call: Call) => unknown;

/** A typed client over a fake transport: `handle` answers each call (or throws). */
function fakeClient(handle: Handler) {
  const calls: Call[] = [];
  const transport: MlflowTransport = {
    baseUrl: 'http://mlflow.test',
    fetch: async (request) => {
      const url = new URL(request.url);
      const text = request.body === null ? '' : await request.text();
      const call = {
        method: request.method,
        path: url.pathname,
        query: url.search,
        body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>),
      };
      calls.push(call);
      return new Response(JSON.stringify(handle(call) ?? {}), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    },
    request: () => Promise.reject(new Error('not used')),
    close: async () => {},
  };
  return { client: createMlflowClient(transport), calls };
}

const modelId = 'm-0123456789abcdef0123456789abcdef';
const lostAnswer = () =>
  new MlflowNetworkError({
    message: 'connection reset after the request was sent',
    reason: 'connection-reset',
    requestSent: true,
    method: 'POST',
    path: '/',
    isRetryable: true,
  });

// int64s as strings, as protobuf's canonical JSON writes them; MLflow 3.17 sends numbers.
function wireModel(params: { key: string; value: string }[] = []): WireLoggedModel {
  const model = {
    info: {
      model_id: modelId,
      experiment_id: '4',
      name: 'classifier',
      artifact_uri: `mlflow-artifacts:/4/models/${modelId}/artifacts`,
      status: 'LOGGED_MODEL_PENDING',
      creation_timestamp_ms: 1_700_000_000_000,
      last_updated_timestamp_ms: '1700000000500',
      creator_id: '7',
      model_type: 'onnx',
      source_run_id: 'run1',
      tags: [{ key: 'framework', value: 'onnx' }],
      registrations: [{ name: 'classifier', version: '3' }],
    },
    data: {
      params,
      metrics: [
        {
          key: 'accuracy',
          value: 'NaN',
          timestamp: '1700000000100',
          step: 2,
          dataset_name: 'digits',
          run_id: 'run1',
          model_id: modelId,
        },
      ],
    },
  };
  return model as unknown as WireLoggedModel;
}

describe('toLoggedModel', () => {
  it('reads every field, decoding int64 strings, NaN, status names and empty answers', () => {
    expect(toLoggedModel(wireModel([{ key: 'alpha', value: '0.1' }]))).toEqual({
      modelId,
      experimentId: '4',
      name: 'classifier',
      artifactUri: `mlflow-artifacts:/4/models/${modelId}/artifacts`,
      modelUri: `models:/${modelId}`,
      status: 'PENDING',
      statusMessage: undefined,
      creationTimestampMs: 1_700_000_000_000,
      lastUpdatedTimestampMs: 1_700_000_000_500,
      creatorId: 7,
      modelType: 'onnx',
      sourceRunId: 'run1',
      tags: { framework: 'onnx' },
      params: { alpha: '0.1' },
      metrics: [
        {
          key: 'accuracy',
          value: Number.NaN,
          timestampMs: 1_700_000_000_100,
          step: 2,
          datasetName: 'digits',
          datasetDigest: undefined,
          runId: 'run1',
        },
      ],
      registrations: [{ name: 'classifier', version: '3' }],
    });
    for (const [wire, status] of [
      ['LOGGED_MODEL_READY', 'READY'],
      ['LOGGED_MODEL_UPLOAD_FAILED', 'FAILED'],
      ['LOGGED_MODEL_STATUS_UNSPECIFIED', 'UNSPECIFIED'],
    ] as const) {
      expect(toLoggedModel({ info: { status: wire } }).status).toBe(status);
    }
    expect(toLoggedModel({})).toMatchObject({ status: 'UNSPECIFIED', tags: {}, metrics: [] });
  });
});

describe('createLoggedModel', () => {
  it('sends the first 100 params with the creation and the rest 100 per request, then reads it back', async () => {
    const params = Object.fromEntries(
      Array.from({ length: 250 }, (_, index) => [`p${index}`, index]),
    );
    const { client, calls } = fakeClient((call) =>
      call.method === 'POST' && call.path.endsWith('/params') ? {} : { model: wireModel() },
    );
    const model = await createLoggedModel(client, {
      experimentId: '4',
      name: 'classifier',
      modelType: 'onnx',
      sourceRunId: 'run1',
      params,
      tags: { framework: 'onnx', quantized: false },
    });
    expect(model.modelId).toBe(modelId);
    expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      'POST /api/2.0/mlflow/logged-models',
      `POST /api/2.0/mlflow/logged-models/${modelId}/params`,
      `POST /api/2.0/mlflow/logged-models/${modelId}/params`,
      `GET /api/2.0/mlflow/logged-models/${modelId}`,
    ]);
    const created = calls[0]?.body as { params: { key: string; value: string }[] };
    expect(created).toMatchObject({
      experiment_id: '4',
      name: 'classifier',
      model_type: 'onnx',
      source_run_id: 'run1',
      tags: [
        { key: 'framework', value: 'onnx' },
        { key: 'quantized', value: 'false' },
      ],
    });
    expect(created.params.map((param) => param.key)).toEqual(
      Array.from({ length: 100 }, (_, index) => `p${index}`),
    );
    expect(created.params[7]).toEqual({ key: 'p7', value: '7' });
    const follow = calls
      .slice(1, 3)
      .map((call) => call.body as { model_id: string; params: unknown[] });
    expect(follow.map((body) => [body.model_id, body.params.length])).toEqual([
      [modelId, 100],
      [modelId, 50],
    ]);
  });

  it('sends only what MLflow requires when nothing optional is given, and refuses object values', async () => {
    const { client, calls } = fakeClient(() => ({ model: wireModel() }));
    await createLoggedModel(client, { experimentId: '4' });
    expect(calls[0]?.body).toEqual({ experiment_id: '4' });
    await expect(
      createLoggedModel(client, { experimentId: '4', params: { layers: [1, 2] } }),
    ).rejects.toSatisfy((error) => InvalidArgumentError.isInstance(error));
    expect(calls).toHaveLength(1);
  });
});

describe('reconciliation after a lost answer', () => {
  it('sends again only the params the model does not have', async () => {
    let first = true;
    const { client, calls } = fakeClient((call) => {
      if (call.method === 'GET') return { model: wireModel([{ key: 'a', value: '1' }]) };
      if (first) {
        first = false;
        throw lostAnswer();
      }
      return {};
    });
    await logLoggedModelParams(client, modelId, { a: 1, b: 2 });
    expect(calls.map((call) => call.method)).toEqual(['POST', 'GET', 'POST']);
    expect(calls[2]?.body).toEqual({ model_id: modelId, params: [{ key: 'b', value: '2' }] });
  });

  it('records a model output once, reading the run when the answer was lost', async () => {
    const stored = (outputs: unknown[]) => () => ({
      run: { info: { run_id: 'run1' }, outputs: { model_outputs: outputs } },
    });
    for (const [outputs, expected] of [
      [[{ model_id: modelId, step: 3 }], ['POST', 'GET']],
      [[], ['POST', 'GET', 'POST']],
    ] as const) {
      let first = true;
      const read = stored([...outputs]);
      const { client, calls } = fakeClient((call) => {
        if (call.method === 'GET') return read();
        if (first) {
          first = false;
          throw lostAnswer();
        }
        return {};
      });
      await logModelOutput(client, 'run1', modelId, 3);
      expect(calls.map((call) => call.method)).toEqual(expected);
      expect(calls[0]?.body).toEqual({ run_id: 'run1', models: [{ model_id: modelId, step: 3 }] });
    }
    const { client } = fakeClient(() => ({}));
    await expect(logModelOutput(client, 'run1', modelId, 1.5)).rejects.toSatisfy((error) =>
      InvalidArgumentError.isInstance(error),
    );
  });

  it('treats the 404 of a repeated tag deletion as done, but not a first 404', async () => {
    let attempt = 0;
    const notFound = () =>
      new MlflowApiError({
        message: 'tag not found',
        errorCode: 'RESOURCE_DOES_NOT_EXIST',
        status: 404,
        method: 'DELETE',
        path: '/',
        responseSnippet: '',
        isRetryable: false,
      });
    const { client, calls } = fakeClient(() => {
      attempt += 1;
      throw attempt === 1 ? lostAnswer() : notFound();
    });
    await deleteLoggedModelTag(client, modelId, 'stage');
    expect(calls.map((call) => call.path)).toEqual([
      `/api/2.0/mlflow/logged-models/${modelId}/tags/stage`,
      `/api/2.0/mlflow/logged-models/${modelId}/tags/stage`,
    ]);
    const direct = fakeClient(() => {
      throw notFound();
    });
    await expect(deleteLoggedModelTag(direct.client, modelId, 'stage')).rejects.toSatisfy((error) =>
      MlflowApiError.isInstance(error),
    );
  });
});

describe('finalizeLoggedModel and searchLoggedModels', () => {
  it('sends MLflow status names with the id in the body as the handler wants', async () => {
    const { client, calls } = fakeClient(() => ({
      model: { info: { ...wireModel().info, status: 'LOGGED_MODEL_UPLOAD_FAILED' } },
    }));
    const model = await finalizeLoggedModel(client, modelId, 'FAILED');
    expect(model.status).toBe('FAILED');
    expect(calls[0]).toMatchObject({
      method: 'PATCH',
      body: { model_id: modelId, status: 'LOGGED_MODEL_UPLOAD_FAILED' },
    });
  });

  it('follows page tokens and stops fetching when the caller stops', async () => {
    const pages: Record<string, unknown> = {
      '': { models: [wireModel(), wireModel()], next_page_token: 't1' },
      t1: { models: [wireModel()], next_page_token: 't2' },
      t2: {},
    };
    const { client, calls } = fakeClient((call) => pages[(call.body?.page_token as string) ?? '']);
    const options = {
      experimentIds: ['4', '5'],
      filter: "attributes.status = 'READY'",
      datasets: [{ datasetName: 'digits', datasetDigest: 'abc' }],
      orderBy: [{ fieldName: 'metrics.accuracy', ascending: false, datasetName: 'digits' }],
      pageSize: 2,
    };
    const all = [];
    for await (const model of searchLoggedModels(client, options)) all.push(model);
    expect(all).toHaveLength(3);
    expect(calls.map((call) => call.body?.page_token)).toEqual([undefined, 't1', 't2']);
    expect(calls[0]?.body).toEqual({
      experiment_ids: ['4', '5'],
      filter: "attributes.status = 'READY'",
      datasets: [{ dataset_name: 'digits', dataset_digest: 'abc' }],
      order_by: [{ field_name: 'metrics.accuracy', ascending: false, dataset_name: 'digits' }],
      max_results: 2,
    });

    calls.length = 0;
    for await (const _model of searchLoggedModels(client, options)) break;
    expect(calls).toHaveLength(1);
    for (const bad of [{ experimentIds: [] }, { experimentIds: ['4'], pageSize: 0 }]) {
      await expect(searchLoggedModels(client, bad).next()).rejects.toSatisfy((error) =>
        InvalidArgumentError.isInstance(error),
      );
    }
  });
});
