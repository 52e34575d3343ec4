import { randomUUID } from 'node:crypto';
import { Agent, Client, fetch } from 'undici';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeWithService } from '../../../../scripts/test-env/services';
import { type FaultProxy, startFaultProxy } from './fault-proxy';

describeWithService('mlflow-sqlite', 'fault proxy in front of MLflow', (mlflow) => {
  let proxy: FaultProxy;
  // One connection, so "the next request" and "a reused connection" are unambiguous.
  let client: Client;

  beforeEach(async () => {
    proxy = await startFaultProxy(mlflow.uri);
    client = new Client(proxy.url, { connect: { rejectUnauthorized: false } });
  });

  afterEach(async () => {
    await client.close();
    await proxy.close();
  });

  const get = (path: string) => fetch(`${proxy.url}${path}`, { dispatcher: client });
  const post = (path: string, body: unknown) =>
    fetch(`${proxy.url}${path}`, {
      method: 'POST',
      dispatcher: client,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const experimentExists = async (name: string): Promise<boolean> => {
    const query = new URLSearchParams({ experiment_name: name });
    const response = await globalThis.fetch(
      `${mlflow.uri}/api/2.0/mlflow/experiments/get-by-name?${query.toString()}`,
    );
    await response.body?.cancel();
    return response.status === 200;
  };

  it('forwards requests, records them and reuses the client connection', async () => {
    const name = `fault-proxy-${randomUUID()}`;
    const created = await post('/api/2.0/mlflow/experiments/create', { name });
    expect(created.status).toBe(200);
    expect(await created.json()).toHaveProperty('experiment_id');
    const read = await get(
      `/api/2.0/mlflow/experiments/get-by-name?experiment_name=${encodeURIComponent(name)}`,
    );
    expect(read.status).toBe(200);
    await read.text();

    expect(proxy.requests.map((request) => [request.method, request.path])).toEqual([
      ['POST', '/api/2.0/mlflow/experiments/create'],
      ['GET', '/api/2.0/mlflow/experiments/get-by-name'],
    ]);
    expect(JSON.parse(proxy.requests[0]?.body.toString('utf8') ?? '')).toEqual({ name });
    expect(proxy.forwardedCount).toBe(2);
    expect(proxy.connectionCount).toBe(1);
    expect(proxy.requests.every((request) => request.connection === 1)).toBe(true);
  });

  it('answers a status fault itself, with Retry-After and the chosen body', async () => {
    proxy.enqueue(
      { kind: 'status', status: 429, retryAfterSeconds: 7 },
      { kind: 'status', status: 503, body: 'text' },
      { kind: 'status', status: 502, body: 'html' },
    );
    const limited = await get('/api/2.0/mlflow/experiments/search?max_results=1');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(await limited.json()).toMatchObject({ error_code: 'REQUEST_LIMIT_EXCEEDED' });
    const unavailable = await get('/api/2.0/mlflow/experiments/search?max_results=1');
    expect(unavailable.status).toBe(503);
    expect(await unavailable.text()).toBe('503 Service Unavailable');
    const badGateway = await get('/api/2.0/mlflow/experiments/search?max_results=1');
    expect(badGateway.status).toBe(502);
    expect(await badGateway.text()).toContain('<title>502 Bad Gateway</title>');
    expect(proxy.forwardedCount).toBe(0);
    expect(proxy.requests).toHaveLength(3);
  });

  it('resets a new connection during the TLS handshake for reset-before', async () => {
    proxy.enqueue({ kind: 'reset-before' });
    const error = await get('/api/2.0/mlflow/experiments/search?max_results=1').catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(proxy.handshakeResets).toBe(1);
    expect(proxy.requests).toHaveLength(0);

    const next = await get('/api/2.0/mlflow/experiments/search?max_results=1');
    expect(next.status).toBe(200);
    await next.text();
    expect(proxy.forwardedCount).toBe(1);
  });

  it('drops a request that arrives on a reused connection without forwarding it', async () => {
    const first = await get('/api/2.0/mlflow/experiments/search?max_results=1');
    await first.text();
    proxy.enqueue({ kind: 'reset-before' });
    const name = `fault-proxy-${randomUUID()}`;
    const error = await post('/api/2.0/mlflow/experiments/create', { name }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(proxy.handshakeResets).toBe(0);
    expect(proxy.requests[1]).toMatchObject({
      path: '/api/2.0/mlflow/experiments/create',
      forwarded: false,
      fault: { kind: 'reset-before' },
    });
    expect(await experimentExists(name)).toBe(false);
  });

  it('lets MLflow process the request before closing the connection for reset-after', async () => {
    proxy.enqueue({ kind: 'reset-after' });
    const name = `fault-proxy-${randomUUID()}`;
    const error = await post('/api/2.0/mlflow/experiments/create', { name }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(proxy.forwarded('/api/2.0/mlflow/experiments/create')).toHaveLength(1);
    expect(await experimentExists(name)).toBe(true);
  });

  it('delays forwarding for a delay fault', async () => {
    proxy.enqueue({ kind: 'delay', ms: 300 });
    const started = performance.now();
    const response = await get('/api/2.0/mlflow/experiments/search?max_results=1');
    expect(response.status).toBe(200);
    await response.text();
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
    expect(proxy.forwardedCount).toBe(1);
  });

  it('asks the rule when the queue is empty', async () => {
    proxy.setRule((request) =>
      request.method === 'POST' ? { kind: 'status', status: 503 } : undefined,
    );
    const read = await get('/api/2.0/mlflow/experiments/search?max_results=1');
    expect(read.status).toBe(200);
    await read.text();
    const write = await post('/api/2.0/mlflow/experiments/create', { name: randomUUID() });
    expect(write.status).toBe(503);
    await write.text();
    proxy.setRule();
    expect(proxy.requests.map((request) => request.fault?.kind)).toEqual([undefined, 'status']);
  });

  it('refuses connections once closed', async () => {
    const response = await get('/api/2.0/mlflow/experiments/search?max_results=1');
    await response.text();
    await proxy.close();
    // A new client: the old one may not have noticed yet that its pooled connection is gone.
    const fresh = new Agent({ connect: { rejectUnauthorized: false } });
    const error = (await fetch(`${proxy.url}/api/2.0/mlflow/experiments/search`, {
      dispatcher: fresh,
    }).catch((caught: unknown) => caught)) as TypeError & { cause?: { code?: string } };
    await fresh.close();
    expect(error.cause?.code).toBe('ECONNREFUSED');
  });
});

it('only proxies to loopback', async () => {
  await expect(startFaultProxy('http://example.com:5000')).rejects.toThrow(/loopback/);
  await expect(startFaultProxy('https://127.0.0.1:5000')).rejects.toThrow(/loopback/);
});
