import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConditionError, MetricProviderError, RolloutPlanError, RolloutStateError } from './errors';
import { callbackProvider, prometheusProvider } from './metric-provider';

/** Answers keyed by the PromQL received: [status, content type, body]. */
const answers: Record<string, [number, string, string]> = {
  scalar: [
    200,
    'application/json',
    '{"status":"success","data":{"resultType":"scalar","result":[1700000000.1,"0.25"]}}',
  ],
  vector: [
    200,
    'application/json',
    '{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":"1"},"value":[1,"0.97"]},{"metric":{"a":"2"},"value":[1,"0.5"]}]}}',
  ],
  inf: [
    200,
    'application/json',
    '{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"+Inf"]}]}}',
  ],
  nan: [
    200,
    'application/json',
    '{"status":"success","data":{"resultType":"scalar","result":[1,"NaN"]}}',
  ],
  empty: [
    200,
    'application/json',
    '{"status":"success","data":{"resultType":"vector","result":[]}}',
  ],
  matrix: [
    200,
    'application/json',
    '{"status":"success","data":{"resultType":"matrix","result":[]}}',
  ],
  refused: [
    400,
    'application/json',
    '{"status":"error","errorType":"bad_data","error":"parse error at char 3"}',
  ],
  gateway: [502, 'text/html', '<html><body>502 Bad Gateway</body></html>'],
  garbage: [200, 'application/json', 'not json'],
  word: [
    200,
    'application/json',
    '{"status":"success","data":{"resultType":"scalar","result":[1,"high"]}}',
  ],
};

let server: Server;
let url: string;
const received: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const query = new URL(request.url ?? '/', 'http://x').searchParams.get('query') ?? '';
    received.push(`${request.method} ${new URL(request.url ?? '/', 'http://x').pathname} ${query}`);
    const [status, type, body] = answers[query] ?? [404, 'text/plain', 'no'];
    response.writeHead(status, { 'content-type': type }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const measure = (query: string, base = url) =>
  prometheusProvider({ url: base, query, timeoutMs: 2000 }).measure({
    signal: new AbortController().signal,
  });

async function failure(query: string, base = url): Promise<MetricProviderError> {
  try {
    await measure(query, base);
  } catch (error) {
    if (MetricProviderError.isInstance(error)) return error;
    throw error;
  }
  throw new Error(`${query} did not fail`);
}

describe('prometheusProvider', () => {
  it('runs an instant query with GET /api/v1/query and reads scalars and first vector values', async () => {
    expect(await measure('scalar')).toBe(0.25);
    expect(await measure('vector')).toBe(0.97);
    expect(await measure('inf')).toBe(Number.POSITIVE_INFINITY);
    expect(await measure('nan')).toBeNaN();
    expect(received).toContain('GET /api/v1/query scalar');
    expect(
      await prometheusProvider({ url: `${url}/`, query: 'scalar' }).measure({
        signal: new AbortController().signal,
      }),
    ).toBe(0.25);
  });

  it('types each failure: QUERY, HTTP, PARSE, EMPTY_RESULT, NETWORK', async () => {
    const refused = await failure('refused');
    expect(refused).toMatchObject({
      reason: 'QUERY',
      status: 400,
      provider: 'prometheus',
      isRetryable: false,
    });
    expect(refused.message).toMatch(/bad_data: parse error/);
    expect(await failure('gateway')).toMatchObject({
      reason: 'HTTP',
      status: 502,
      isRetryable: true,
    });
    expect((await failure('garbage')).reason).toBe('PARSE');
    expect((await failure('matrix')).reason).toBe('PARSE');
    expect((await failure('word')).reason).toBe('PARSE');
    expect((await failure('empty')).reason).toBe('EMPTY_RESULT');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect((await failure('scalar', `http://127.0.0.1:${port}`)).reason).toBe('NETWORK');
  });

  it('rejects with the abort reason, not a provider error, when the caller aborts', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(
      prometheusProvider({ url, query: 'scalar' }).measure({ signal: controller.signal }),
    ).rejects.toBe(reason);
  });
});

describe('callbackProvider', () => {
  it('returns what the function returns, sync or async', async () => {
    const signal = new AbortController().signal;
    expect(await callbackProvider(() => 3).measure({ signal })).toBe(3);
    expect(await callbackProvider(async () => [1, 2]).measure({ signal })).toEqual([1, 2]);
    expect(callbackProvider(() => 1, 'health').kind).toBe('health');
  });
});

describe('deploy errors', () => {
  it('each isInstance accepts its own class and rejects its siblings', () => {
    const errors = [
      new ConditionError({ expression: 'x', message: 'bad' }),
      new MetricProviderError({ provider: 'p', reason: 'HTTP', message: 'bad' }),
      new RolloutPlanError({ path: 'steps[0]', message: 'bad' }),
      new RolloutStateError({ reason: 'R', model: 'm', message: 'bad' }),
    ];
    const classes = [ConditionError, MetricProviderError, RolloutPlanError, RolloutStateError];
    classes.forEach((errorClass, index) => {
      errors.forEach((error, other) => {
        expect(errorClass.isInstance(error)).toBe(index === other);
      });
    });
  });
});
