import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { ConfigError, InvalidArgumentError } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import { createTransport, type RetryEvent } from './create-transport';
import { MlflowNetworkError } from './errors';
import { trackingVersion } from './version';

/** A loopback port nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

const fast = { maxRetries: 2, backoffFactorMs: 1, backoffJitterMs: 0 };

describe('createTransport', () => {
  it('needs a tracking URI and names the variable', () => {
    try {
      createTransport({}, { env: {} });
      expect.unreachable();
    } catch (error) {
      expect(ConfigError.isInstance(error)).toBe(true);
      expect((error as ConfigError).envVar).toBe('MLFLOW_TRACKING_URI');
    }
  });

  it('takes the URI from the environment and drops credentials and trailing slashes', async () => {
    const fromEnv = createTransport(
      {},
      { env: { MLFLOW_TRACKING_URI: 'https://alice:secret@mlflow.example.com/team/' } },
    );
    expect(fromEnv.baseUrl).toBe('https://mlflow.example.com/team');
    await fromEnv.close();
    const plain = createTransport({ trackingUri: 'http://127.0.0.1:5000' }, { env: {} });
    expect(plain.baseUrl).toBe('http://127.0.0.1:5000');
    await plain.close();
  });

  it('retries a refused connection, even for POST, since it never reached the server', async () => {
    const port = await closedPort();
    const retries: RetryEvent[] = [];
    const transport = createTransport(
      { trackingUri: `http://127.0.0.1:${port}`, ...fast },
      { env: {}, onRetry: (event) => retries.push(event) },
    );
    const error = await rejection(
      transport.fetch(
        new Request(`${transport.baseUrl}/api/2.0/mlflow/runs/create`, {
          method: 'POST',
          body: '{}',
        }),
      ),
    );
    await transport.close();
    expect(MlflowNetworkError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      reason: 'connection-refused',
      requestSent: false,
      isRetryable: true,
      method: 'POST',
      path: '/api/2.0/mlflow/runs/create',
    });
    expect((error as Error).message).toContain('Gave up after 3 attempt(s)');
    expect(retries.map((event) => event.attempt)).toEqual([1, 2]);
    expect(retries.every((event) => MlflowNetworkError.isInstance(event.error))).toBe(true);
  });

  it('rejects with the caller’s reason when aborted before or between attempts', async () => {
    const port = await closedPort();
    const controller = new AbortController();
    const transport = createTransport(
      // A 100 s backoff: only the abort can end the wait within the test's time.
      { trackingUri: `http://127.0.0.1:${port}`, maxRetries: 1, backoffFactorMs: 100_000 },
      { env: {}, onRetry: () => controller.abort(new Error('user cancelled')) },
    );
    const error = await rejection(
      transport.request({ method: 'GET', path: '/health', signal: controller.signal }),
    );
    expect(error).toBe(controller.signal.reason);
    expect(
      await rejection(
        transport.request({ method: 'GET', path: '/health', signal: controller.signal }),
      ),
    ).toBe(controller.signal.reason);
    await transport.close();
  });

  it('rejects calls after close', async () => {
    const transport = createTransport({ trackingUri: 'http://127.0.0.1:5000' }, { env: {} });
    await transport.close();
    const error = await rejection(transport.request({ method: 'GET', path: '/health' }));
    expect(MlflowNetworkError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ requestSent: false, isRetryable: false });
  });

  it('refuses a raw path that carries credentials, without echoing them', async () => {
    const transport = createTransport({ trackingUri: 'http://127.0.0.1:5000' }, { env: {} });
    const error = await rejection(
      transport.request({ method: 'GET', path: 'http://bob:hunter2@127.0.0.1:5000/x' }),
    );
    await transport.close();
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).not.toContain('hunter2');
  });
});

describe('trackingVersion', () => {
  it('equals the version in package.json', () => {
    const manifest = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    expect(trackingVersion).toBe(manifest.version);
  });
});
