// The transport against real MLflow servers: the SQLite one behind the fault proxy (retries,
// safety, aborts, timeouts, keep-alive) and the basic-auth one directly (credentials).
import { randomUUID } from 'node:crypto';
import createClient from 'openapi-fetch';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { describeWithService, type MlflowServerInfo } from '../../../../scripts/test-env/services';
import {
  type CreateTransportOptions,
  createTransport,
  MlflowApiError,
  MlflowNetworkError,
  MlflowTimeoutError,
  type MlflowTransport,
  type RetryEvent,
  type TrackingSettingsInput,
} from '../../src/transport';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy';

const getDefaultExperiment = '/api/2.0/mlflow/experiments/get-by-name?experiment_name=Default';
const createRun = '/api/2.0/mlflow/runs/create';
// setTimeout and performance.now() round differently; a wait can look up to 1 ms short.
const clockGranularityMs = 1;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

/** A JSON call through `transport.fetch`, the way openapi-fetch makes it. */
async function callJson(
  transport: MlflowTransport,
  method: string,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<Record<string, unknown>> {
  const response = await transport.fetch(
    new Request(`${transport.baseUrl}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      ...(signal === undefined ? {} : { signal }),
    }),
  );
  return (await response.json()) as Record<string, unknown>;
}

/** Creates an experiment straight on the server (not through the proxy); returns its id. */
async function createExperiment(server: MlflowServerInfo): Promise<string> {
  const response = await fetch(`${server.uri}/api/2.0/mlflow/experiments/create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: `transport-${randomUUID()}` }),
  });
  return ((await response.json()) as { experiment_id: string }).experiment_id;
}

/** How many runs the experiment has, asked straight of the server. */
async function countRuns(server: MlflowServerInfo, experimentId: string): Promise<number> {
  const response = await fetch(`${server.uri}/api/2.0/mlflow/runs/search`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ experiment_ids: [experimentId] }),
  });
  const body = (await response.json()) as { runs?: unknown[] };
  return body.runs?.length ?? 0;
}

describeWithService('mlflow-sqlite', 'transport through the fault proxy', (mlflow) => {
  let proxy: FaultProxy;
  const opened: MlflowTransport[] = [];

  /** A transport to the proxy with short backoffs; `env: {}` keeps the caller's MLFLOW_* out. */
  function open(
    settings: TrackingSettingsInput = {},
    options: CreateTransportOptions = {},
  ): MlflowTransport {
    const transport = createTransport(
      {
        trackingUri: proxy.url,
        insecureTls: true,
        maxRetries: 3,
        backoffFactorMs: 20,
        backoffJitterMs: 0,
        ...settings,
      },
      { env: {}, ...options },
    );
    opened.push(transport);
    return transport;
  }

  beforeEach(async () => {
    proxy = await startFaultProxy(mlflow.uri);
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((transport) => transport.close()));
    await proxy.close();
  });

  describe('a safe GET', () => {
    it('waits as long as Retry-After asks after a 429, then succeeds', async () => {
      const retries: RetryEvent[] = [];
      const transport = open({}, { onRetry: (event) => retries.push(event) });
      proxy.enqueue({ kind: 'status', status: 429, retryAfterSeconds: 1 });

      const body = await callJson(transport, 'GET', getDefaultExperiment);

      expect(body).toMatchObject({ experiment: { name: 'Default' } });
      expect(proxy.requests).toHaveLength(2);
      expect(proxy.forwardedCount).toBe(1);
      const [first, second] = proxy.requests;
      expect((second?.receivedAtMs ?? 0) - (first?.receivedAtMs ?? 0)).toBeGreaterThanOrEqual(
        1_000 - clockGranularityMs,
      );
      expect(retries).toHaveLength(1);
      expect(retries[0]?.delayMs).toBeGreaterThanOrEqual(1_000);
      expect(retries[0]?.error).toMatchObject({
        status: 429,
        errorCode: 'REQUEST_LIMIT_EXCEEDED',
        isRetryable: true,
      });
    });

    it('succeeds after 503s whatever their body: JSON, text or HTML', async () => {
      const retries: RetryEvent[] = [];
      const password = `pw-${randomUUID()}`;
      const transport = open(
        { username: 'alice', password },
        { onRetry: (event) => retries.push(event) },
      );
      proxy.enqueue(
        { kind: 'status', status: 503, body: 'json' },
        { kind: 'status', status: 503, body: 'text' },
        { kind: 'status', status: 502, body: 'html' },
      );

      const body = await callJson(transport, 'GET', getDefaultExperiment);

      expect(body).toMatchObject({ experiment: { name: 'Default' } });
      expect(proxy.requests).toHaveLength(4);
      expect(proxy.forwardedCount).toBe(1);
      expect(retries.map((event) => (event.error as MlflowApiError).errorCode)).toEqual([
        'TEMPORARILY_UNAVAILABLE',
        'TEMPORARILY_UNAVAILABLE',
        'INTERNAL_ERROR',
      ]);
      expect(retries[2]?.error).toMatchObject({
        responseSnippet: '502 Bad Gateway 502 Bad Gateway nginx',
      });
      expect(retries[2]?.error.message).toContain('502 Bad Gateway');
      // What a caller would log: no password, no Authorization value.
      const logged = JSON.stringify(
        retries.map((event) => ({ ...event, error: event.error.toJSON() })),
      );
      expect(logged).not.toContain(password);
      expect(logged).not.toContain(Buffer.from(`alice:${password}`).toString('base64'));
    });

    it('succeeds after its new connection is reset before the request was sent', async () => {
      const retries: RetryEvent[] = [];
      const transport = open({}, { onRetry: (event) => retries.push(event) });
      proxy.enqueue({ kind: 'reset-before' });

      const body = await callJson(transport, 'GET', getDefaultExperiment);

      expect(body).toMatchObject({ experiment: { name: 'Default' } });
      expect(proxy.handshakeResets).toBe(1);
      expect(proxy.forwardedCount).toBe(1);
      expect(retries[0]?.error).toMatchObject({ reason: 'connection-reset', requestSent: false });
    });

    it('is repeated after reset-after, though MLflow already answered it', async () => {
      const transport = open();
      proxy.enqueue({ kind: 'reset-after' });

      await callJson(transport, 'GET', getDefaultExperiment);

      expect(proxy.forwarded('/api/2.0/mlflow/experiments/get-by-name')).toHaveLength(2);
    });

    it('is retried after a per-attempt timeout', async () => {
      const retries: RetryEvent[] = [];
      const transport = open({ timeoutMs: 1_000 }, { onRetry: (event) => retries.push(event) });
      proxy.enqueue({ kind: 'delay', ms: 5_000 });

      const body = await callJson(transport, 'GET', getDefaultExperiment);

      expect(body).toMatchObject({ experiment: { name: 'Default' } });
      expect(MlflowTimeoutError.isInstance(retries[0]?.error)).toBe(true);
      expect(retries[0]?.error).toMatchObject({ timeoutMs: 1_000, requestSent: true });
    });
  });

  describe('an unsafe POST (runs/create)', () => {
    let experimentId: string;

    beforeAll(async () => {
      experimentId = await createExperiment(mlflow);
    });

    it('is not repeated after reset-after: MLflow got it once, the outcome is unknown', async () => {
      const experiment = await createExperiment(mlflow);
      const retries: RetryEvent[] = [];
      const transport = open({}, { onRetry: (event) => retries.push(event) });
      proxy.enqueue({ kind: 'reset-after' });

      const error = await rejection(
        callJson(transport, 'POST', createRun, { experiment_id: experiment }),
      );

      expect(MlflowNetworkError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        reason: 'connection-reset',
        requestSent: true,
        isRetryable: true,
        method: 'POST',
        path: createRun,
      });
      expect((error as Error).message).toContain('outcome is unknown');
      expect(retries).toHaveLength(0);
      expect(proxy.requests).toHaveLength(1);
      expect(proxy.forwarded(createRun)).toHaveLength(1);
      expect(await countRuns(mlflow, experiment)).toBe(1);
    });

    it('is repeated after reset-before: MLflow got it once in total', async () => {
      const experiment = await createExperiment(mlflow);
      // A fresh transport has no pooled connection, so the reset hits its new connection.
      const transport = open();
      proxy.enqueue({ kind: 'reset-before' });

      const body = await callJson(transport, 'POST', createRun, { experiment_id: experiment });

      expect(body).toMatchObject({ run: { info: { experiment_id: experiment } } });
      expect(proxy.handshakeResets).toBe(1);
      expect(proxy.forwarded(createRun)).toHaveLength(1);
      expect(await countRuns(mlflow, experiment)).toBe(1);
    });

    it('is not repeated after a 503, which says isRetryable for the caller to decide', async () => {
      const transport = open();
      proxy.enqueue({ kind: 'status', status: 503 });

      const error = await rejection(
        callJson(transport, 'POST', createRun, { experiment_id: experimentId }),
      );

      expect(MlflowApiError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ status: 503, isRetryable: true });
      expect((error as Error).message).toContain('not safe to repeat');
      expect(proxy.requests).toHaveLength(1);
    });

    it('times out without being repeated when MLflow is slow', async () => {
      const transport = open({ timeoutMs: 1_000 });
      proxy.enqueue({ kind: 'delay', ms: 5_000 });

      const error = await rejection(
        callJson(transport, 'POST', createRun, { experiment_id: experimentId }),
      );

      expect(MlflowTimeoutError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ requestSent: true, isRetryable: true, timeoutMs: 1_000 });
      expect(proxy.requests).toHaveLength(1);
    });
  });

  it('gives up after maxRetries with the status and error code of the last answer', async () => {
    const transport = open({ maxRetries: 2 });
    proxy.enqueue(
      { kind: 'status', status: 503 },
      { kind: 'status', status: 503 },
      { kind: 'status', status: 503 },
    );

    const error = await rejection(callJson(transport, 'GET', getDefaultExperiment));

    expect(MlflowApiError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 503,
      errorCode: 'TEMPORARILY_UNAVAILABLE',
      isRetryable: true,
      method: 'GET',
      path: '/api/2.0/mlflow/experiments/get-by-name',
    });
    expect((error as Error).message).toContain('Gave up after 3 attempt(s)');
    expect(proxy.requests).toHaveLength(3);
    expect(proxy.forwardedCount).toBe(0);
  });

  it("does not retry MLflow's own client errors, and names the missing resource", async () => {
    const transport = open();
    const name = `missing-${randomUUID()}`;

    const missing = await rejection(
      callJson(
        transport,
        'GET',
        `/api/2.0/mlflow/experiments/get-by-name?experiment_name=${encodeURIComponent(name)}`,
      ),
    );
    expect(missing).toMatchObject({
      status: 404,
      errorCode: 'RESOURCE_DOES_NOT_EXIST',
      isRetryable: false,
    });
    expect((missing as Error).message).toContain(name);
    expect((missing as Error).message).toContain('The experiment does not exist');

    const invalid = await rejection(
      callJson(transport, 'POST', '/api/2.0/mlflow/experiments/create', {}),
    );
    expect(invalid).toMatchObject({ status: 400, errorCode: 'INVALID_PARAMETER_VALUE' });
    expect(proxy.requests).toHaveLength(2);
  });

  it('is cancelled by the AbortSignal while it waits to retry', async () => {
    let backoffStarted!: () => void;
    const waiting = new Promise<void>((resolve) => {
      backoffStarted = resolve;
    });
    const transport = open({}, { onRetry: () => backoffStarted() });
    // Retry-After far beyond the test's timeout: only the abort can end the wait.
    proxy.enqueue({ kind: 'status', status: 429, retryAfterSeconds: 3_600 });
    const controller = new AbortController();

    const pending = rejection(
      callJson(transport, 'GET', getDefaultExperiment, undefined, controller.signal),
    );
    await waiting;
    controller.abort(new Error('stop waiting'));

    expect(await pending).toBe(controller.signal.reason);
    expect(proxy.requests).toHaveLength(1);
  });

  it('is cancelled by the AbortSignal while an attempt is in flight', async () => {
    const transport = open();
    proxy.enqueue({ kind: 'delay', ms: 60_000 });
    const controller = new AbortController();

    const pending = rejection(
      callJson(transport, 'GET', getDefaultExperiment, undefined, controller.signal),
    );
    await vi.waitFor(() => expect(proxy.requests).toHaveLength(1), { timeout: 10_000 });
    controller.abort();

    const error = await pending;
    expect(error).toBe(controller.signal.reason);
    expect((error as DOMException).name).toBe('AbortError');
  });

  it('keeps connections alive across many sequential requests', async () => {
    const transport = open();
    for (let index = 0; index < 25; index += 1) {
      await callJson(transport, 'GET', getDefaultExperiment);
    }
    expect(proxy.forwardedCount).toBe(25);
    // undici may open a second connection when the next request is sent before the previous
    // one's connection is marked idle; it never needs more.
    expect(proxy.connectionCount).toBeLessThanOrEqual(2);
  });

  it('sends its User-Agent and the extra headers, and no Authorization unasked', async () => {
    const transport = open({
      userAgent: 'my-pipeline/1.4',
      headers: { 'x-request-source': 'tests' },
    });
    await callJson(transport, 'GET', getDefaultExperiment);
    const headers = proxy.requests[0]?.headers ?? {};
    expect(headers['user-agent']).toBe('dagnostics-tracking/0.1.0 my-pipeline/1.4');
    expect(headers['x-request-source']).toBe('tests');
    expect(headers.authorization).toBeUndefined();
    expect(headers['x-mlflow-workspace']).toBeUndefined();
  });

  it('sends the workspace header, which a server without workspaces refuses for good', async () => {
    const transport = open({ workspace: 'team-a' });

    const error = await rejection(callJson(transport, 'GET', getDefaultExperiment));

    expect(proxy.requests[0]?.headers['x-mlflow-workspace']).toBe('team-a');
    // MLflow answers 500 FEATURE_DISABLED: a 5xx, but not one a retry can fix.
    expect(error).toMatchObject({ errorCode: 'FEATURE_DISABLED', isRetryable: false });
    expect((error as Error).message).toContain('--enable-workspaces');
    expect(proxy.requests).toHaveLength(1);
  });

  it('sends credentials to the tracking server only, never to another origin', async () => {
    const other = await startFaultProxy(mlflow.uri);
    try {
      const transport = open({ token: 'not-for-others' });
      await transport
        .request({ method: 'GET', path: '/health' })
        .then((response) => response.text());
      const elsewhere = await transport.request({ method: 'GET', path: `${other.url}/health` });
      expect(await elsewhere.text()).toBe('OK');
      expect(proxy.requests[0]?.headers.authorization).toBe('Bearer not-for-others');
      expect(other.requests[0]?.headers.authorization).toBeUndefined();
      expect(other.requests[0]?.headers['user-agent']).toMatch(/^dagnostics-tracking\//);
    } finally {
      await other.close();
    }
  });

  it('refuses a certificate it cannot verify unless insecureTls is set, and never sends', async () => {
    const transport = open({ insecureTls: false });

    const error = await rejection(callJson(transport, 'GET', getDefaultExperiment));

    expect(MlflowNetworkError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'tls', requestSent: false, isRetryable: false });
    expect((error as Error).message).toContain('MLFLOW_TRACKING_INSECURE_TLS');
    expect(proxy.requests).toHaveLength(0);
  });

  it('works as the fetch of an openapi-fetch client', async () => {
    interface Paths {
      '/api/2.0/mlflow/experiments/create': {
        post: {
          requestBody: { content: { 'application/json': { name: string } } };
          responses: { 200: { content: { 'application/json': { experiment_id: string } } } };
        };
      };
      '/api/2.0/mlflow/experiments/get': {
        get: {
          parameters: { query: { experiment_id: string } };
          responses: {
            200: { content: { 'application/json': { experiment: { name: string } } } };
          };
        };
      };
    }
    const transport = open();
    const client = createClient<Paths>({ baseUrl: transport.baseUrl, fetch: transport.fetch });
    const name = `openapi-${randomUUID()}`;

    const created = await client.POST('/api/2.0/mlflow/experiments/create', { body: { name } });
    proxy.enqueue({ kind: 'status', status: 503 });
    const read = await client.GET('/api/2.0/mlflow/experiments/get', {
      params: { query: { experiment_id: created.data?.experiment_id ?? '' } },
    });
    const missing = await rejection(
      client.GET('/api/2.0/mlflow/experiments/get', {
        params: { query: { experiment_id: '987654321' } },
      }),
    );

    expect(read.data?.experiment.name).toBe(name);
    expect(read.response).toBeInstanceOf(Response);
    expect(proxy.requests.map((request) => request.method)).toEqual(['POST', 'GET', 'GET', 'GET']);
    expect(missing).toMatchObject({ status: 404, errorCode: 'RESOURCE_DOES_NOT_EXIST' });
  });

  it('asks classifyRetrySafety whether a request is safe to repeat', async () => {
    const transport = open(
      {},
      {
        classifyRetrySafety: (method, pathname) =>
          method === 'GET' || pathname.endsWith('/search') ? 'safe' : 'unsafe',
      },
    );
    proxy.enqueue({ kind: 'reset-after' });

    const body = await callJson(transport, 'POST', '/api/2.0/mlflow/experiments/search', {
      max_results: 1,
    });

    expect(body).toHaveProperty('experiments');
    expect(proxy.forwarded('/api/2.0/mlflow/experiments/search')).toHaveLength(2);
  });

  it('uploads a re-creatable stream again after a 503 and streams the download', async () => {
    const transport = open();
    const bytes = new Uint8Array(256 * 1024).map((_, index) => (index * 31) % 251);
    const artifactPath = `/api/2.0/mlflow-artifacts/artifacts/transport-${randomUUID()}/data.bin`;
    let created = 0;
    proxy.enqueue({ kind: 'status', status: 503 });

    const upload = await transport.request({
      method: 'PUT',
      path: artifactPath,
      headers: { 'content-type': 'application/octet-stream' },
      body: () => {
        created += 1;
        return new Blob([bytes]).stream();
      },
    });
    await upload.text();
    const download = await transport.request({ method: 'GET', path: artifactPath });
    const received = new Uint8Array(await new Response(download.body).arrayBuffer());

    expect(created).toBe(2);
    expect(proxy.forwarded(artifactPath).map((request) => request.method)).toEqual(['PUT', 'GET']);
    expect(proxy.forwarded(artifactPath)[0]?.body.equals(bytes)).toBe(true);
    expect(received).toEqual(bytes);
  });

  it('sends a stream given directly once, and says how to make it retryable', async () => {
    const transport = open();
    proxy.enqueue({ kind: 'status', status: 503 });

    const error = await rejection(
      transport.request({
        method: 'PUT',
        path: `/api/2.0/mlflow-artifacts/artifacts/transport-${randomUUID()}/once.bin`,
        body: new Blob([new Uint8Array([1, 2, 3])]).stream(),
      }),
    );

    expect(error).toMatchObject({ status: 503, isRetryable: true });
    expect((error as Error).message).toContain('one-shot stream');
    expect(proxy.requests).toHaveLength(1);
  });
});

describeWithService('mlflow-auth', 'transport with basic auth', (auth) => {
  const opened: MlflowTransport[] = [];
  const searchExperiments = '/api/2.0/mlflow/experiments/search?max_results=1';

  function open(
    settings: TrackingSettingsInput,
    options: CreateTransportOptions = {},
  ): MlflowTransport {
    const transport = createTransport(
      {
        trackingUri: auth.uri,
        maxRetries: 2,
        backoffFactorMs: 10,
        backoffJitterMs: 0,
        ...settings,
      },
      { env: {}, ...options },
    );
    opened.push(transport);
    return transport;
  }

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((transport) => transport.close()));
  });

  /** Every text an error offers to a log: none may contain `secret`. */
  function expectNoSecret(error: unknown, secret: string): void {
    const texts = [
      (error as Error).message,
      (error as Error).stack ?? '',
      String(error),
      JSON.stringify(error),
      JSON.stringify((error as MlflowApiError).toJSON()),
      (error as MlflowApiError).responseSnippet ?? '',
    ];
    for (const text of texts) expect(text).not.toContain(secret);
  }

  it('authenticates with the right user name and password', async () => {
    const transport = open({ username: auth.username, password: auth.password });
    const body = await callJson(transport, 'GET', searchExperiments);
    expect(body).toHaveProperty('experiments');
  });

  it('takes credentials from the URL as MLflow does, without keeping them in it', async () => {
    const url = new URL(auth.uri);
    url.username = auth.username;
    url.password = encodeURIComponent(auth.password);
    const transport = open({ trackingUri: url.href });
    expect(transport.baseUrl).toBe(auth.uri);
    expect(await callJson(transport, 'GET', searchExperiments)).toHaveProperty('experiments');
  });

  it('rejects a wrong password with 401 UNAUTHENTICATED and never shows it', async () => {
    const wrongPassword = `wrong-${randomUUID()}`;
    const retries: RetryEvent[] = [];
    const transport = open(
      { username: auth.username, password: wrongPassword },
      { onRetry: (event) => retries.push(event) },
    );

    const error = await rejection(callJson(transport, 'GET', searchExperiments));

    expect(MlflowApiError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 401, errorCode: 'UNAUTHENTICATED', isRetryable: false });
    expect((error as Error).message).toContain('MLFLOW_TRACKING_USERNAME');
    expect((error as MlflowApiError).responseSnippet).toContain('You are not authenticated');
    expectNoSecret(error, wrongPassword);
    expectNoSecret(error, Buffer.from(`${auth.username}:${wrongPassword}`).toString('base64'));
    expect(retries).toHaveLength(0);
  });

  it('says when no credentials were sent', async () => {
    const error = await rejection(callJson(open({}), 'GET', searchExperiments));
    expect(error).toMatchObject({ status: 401, errorCode: 'UNAUTHENTICATED' });
    expect((error as Error).message).toContain('No credentials were sent');
  });

  it('never shows a rejected token', async () => {
    const token = `token-${randomUUID()}`;
    const error = await rejection(callJson(open({ token }), 'GET', searchExperiments));
    expect(MlflowApiError.isInstance(error)).toBe(true);
    expectNoSecret(error, token);
  });

  it('tells a user without permission to ask for it', async () => {
    const admin = open({ username: auth.username, password: auth.password });
    const experiment = await callJson(admin, 'POST', '/api/2.0/mlflow/experiments/create', {
      name: `transport-auth-${randomUUID()}`,
    });
    const user = { username: `user-${randomUUID()}`, password: `pw-${randomUUID()}` };
    await callJson(admin, 'POST', '/api/2.0/mlflow/users/create', user);

    const error = await rejection(
      callJson(open(user), 'POST', '/api/2.0/mlflow/experiments/update', {
        experiment_id: experiment.experiment_id,
        new_name: `renamed-${randomUUID()}`,
      }),
    );

    expect(error).toMatchObject({ status: 403, errorCode: 'PERMISSION_DENIED' });
    expect((error as Error).message).toContain(`User "${user.username}"`);
    expect((error as Error).message).toContain('permission on the experiment');
    expectNoSecret(error, user.password);
  });
});
