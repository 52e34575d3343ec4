import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors';
import { createHttpTransport, createLineageEmitter, LineageTransportError } from '../index';

type Received = {
  method?: string;
  url?: string;
  headers: IncomingMessage['headers'];
  body: string;
};

// A real HTTP server standing in for Marquez; each test picks the answer.
let server: Server;
let baseUrl: string;
let received: Received[] = [];
let answer: (response: ServerResponse) => void = (response) => {
  response.writeHead(201).end();
};

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ method: request.method, url: request.url, headers: request.headers, body });
      answer(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function reset(next: (response: ServerResponse) => void): void {
  received = [];
  answer = next;
}

describe('createHttpTransport', () => {
  it('POSTs each event as JSON to {url}/api/v1/lineage with the bearer token', async () => {
    reset((response) => response.writeHead(201).end());
    const transport = createHttpTransport(
      { url: `${baseUrl}/`, apiKey: 'sekret-token' },
      { env: {} },
    );
    const lineage = createLineageEmitter({ transport, namespace: 'churn' }, { env: {} });
    const run = await lineage.start('train');
    await run.complete();

    expect(received).toHaveLength(2);
    const [start, complete] = received;
    expect(start?.method).toBe('POST');
    expect(start?.url).toBe('/api/v1/lineage');
    expect(start?.headers['content-type']).toBe('application/json');
    expect(start?.headers.authorization).toBe('Bearer sekret-token');
    expect(JSON.parse(start?.body ?? '')).toMatchObject({
      eventType: 'START',
      job: { namespace: 'churn', name: 'train' },
      run: { runId: run.runId },
    });
    expect(JSON.parse(complete?.body ?? '').eventType).toBe('COMPLETE');
  });

  it('reads url, endpoint and API key from the OpenLineage environment variables', async () => {
    reset((response) => response.writeHead(200).end());
    const transport = createHttpTransport(
      {},
      {
        env: {
          OPENLINEAGE_URL: baseUrl,
          OPENLINEAGE_ENDPOINT: '/custom/lineage',
          OPENLINEAGE_API_KEY: 'from-env',
        },
      },
    );
    await createLineageEmitter({ transport }, { env: {} }).start('job');
    expect(received[0]?.url).toBe('/custom/lineage');
    expect(received[0]?.headers.authorization).toBe('Bearer from-env');
  });

  it('sends no Authorization header without an API key', async () => {
    reset((response) => response.writeHead(200).end());
    const transport = createHttpTransport({ url: baseUrl }, { env: {} });
    await createLineageEmitter({ transport }, { env: {} }).start('job');
    expect(received[0]?.headers.authorization).toBeUndefined();
  });

  it('turns a 500 into a retryable LineageTransportError without the API key', async () => {
    reset((response) =>
      response.writeHead(500, { 'Content-Type': 'text/plain' }).end('boom: token sekret-token'),
    );
    const transport = createHttpTransport({ url: baseUrl, apiKey: 'sekret-token' }, { env: {} });
    const error = await createLineageEmitter({ transport }, { env: {} })
      .start('job')
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(LineageTransportError.isInstance(error)).toBe(true);
    const transportError = error as LineageTransportError;
    expect(transportError).toMatchObject({ status: 500, transport: 'http', isRetryable: true });
    expect(transportError.message).toContain('500');
    expect(transportError.message).toContain('/api/v1/lineage');
    expect(JSON.stringify(transportError.toJSON())).not.toContain('sekret-token');
  });

  it('marks a 400 as not retryable', async () => {
    reset((response) => response.writeHead(400).end('bad event'));
    const transport = createHttpTransport({ url: baseUrl }, { env: {} });
    await expect(createLineageEmitter({ transport }, { env: {} }).start('job')).rejects.toSatisfy(
      (error: unknown) =>
        LineageTransportError.isInstance(error) && error.status === 400 && !error.isRetryable,
    );
  });

  it('gives up after timeoutMs with a retryable LineageTransportError', async () => {
    reset(() => {
      // never answer
    });
    const transport = createHttpTransport({ url: baseUrl, timeoutMs: 100 }, { env: {} });
    const startedAt = Date.now();
    await expect(createLineageEmitter({ transport }, { env: {} }).start('job')).rejects.toSatisfy(
      (error: unknown) =>
        LineageTransportError.isInstance(error) &&
        error.status === undefined &&
        error.isRetryable &&
        error.message.includes('timed out after 100 ms'),
    );
    expect(Date.now() - startedAt).toBeLessThan(5_000);
  });

  it('rejects a missing or non-HTTP url with a ConfigError', () => {
    expect(() => createHttpTransport({}, { env: {} })).toThrow(
      expect.objectContaining({ option: 'url', envVar: 'OPENLINEAGE_URL' }),
    );
    let caught: unknown;
    try {
      createHttpTransport({ url: 'ftp://example.com' }, { env: {} });
    } catch (error) {
      caught = error;
    }
    expect(ConfigError.isInstance(caught)).toBe(true);
  });
});
