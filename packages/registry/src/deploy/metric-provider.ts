import type { MetricValue } from './condition';
import { MetricProviderError } from './errors';

/**
 * Where an analysis metric's measurements come from. `measure` resolves the current value,
 * or rejects (any error, typically `MetricProviderError`): the measurement is then an Error.
 */
export interface MetricProvider {
  /** Short name for reports and audit entries, e.g. `prometheus`. */
  readonly kind: string;
  measure(options: { readonly signal: AbortSignal }): Promise<MetricValue>;
}

/** Settings of `prometheusProvider`. */
export interface PrometheusProviderOptions {
  /** Base URL of the Prometheus server, e.g. `http://prometheus:9090` (no `/api/v1`). */
  readonly url: string;
  /** The PromQL of the instant query, e.g. `sum(rate(ok[1m])) / sum(rate(all[1m]))`. */
  readonly query: string;
  /** Per-request timeout in milliseconds. Default 10 000. */
  readonly timeoutMs?: number;
  /** Extra request headers (an `Authorization` header, say). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The fetch to use. Default: the global `fetch`. */
  readonly fetch?: typeof fetch;
}

interface PrometheusBody {
  status?: unknown;
  errorType?: unknown;
  error?: unknown;
  data?: { resultType?: unknown; result?: unknown };
}

/**
 * Measures with a Prometheus instant query (`GET /api/v1/query`). A scalar gives its
 * number, a vector its first sample's value (`NaN`, `+Inf`, `-Inf` included). Failures are
 * `MetricProviderError`s: `NETWORK` (no answer or timeout), `HTTP` (a status other than a
 * Prometheus error body), `QUERY` (Prometheus refused the PromQL), `PARSE` (not Prometheus'
 * JSON, or a matrix/string result) and `EMPTY_RESULT` (a vector with no sample, which is
 * what a query over series that do not exist yet returns).
 */
export function prometheusProvider(options: PrometheusProviderOptions): MetricProvider {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const provider = 'prometheus';
  return {
    kind: provider,
    async measure({ signal }) {
      const endpoint = new URL(
        'api/v1/query',
        options.url.endsWith('/') ? options.url : `${options.url}/`,
      );
      endpoint.searchParams.set('query', options.query);
      const doFetch = options.fetch ?? fetch;
      let response: Response;
      let text: string;
      try {
        response = await doFetch(endpoint, {
          headers: { accept: 'application/json', ...options.headers },
          signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
        });
        text = await response.text();
      } catch (error) {
        if (signal.aborted) throw error;
        throw new MetricProviderError({
          provider,
          reason: 'NETWORK',
          message: `GET ${endpoint.origin}${endpoint.pathname} failed: ${(error as Error).message}`,
          cause: error,
        });
      }
      let body: PrometheusBody | undefined;
      try {
        body = JSON.parse(text) as PrometheusBody;
      } catch (error) {
        if (!response.ok) {
          throw new MetricProviderError({
            provider,
            reason: 'HTTP',
            status: response.status,
            message: `HTTP ${response.status}: ${text.slice(0, 200)}`,
          });
        }
        throw new MetricProviderError({
          provider,
          reason: 'PARSE',
          message: 'the answer is not JSON',
          cause: error,
        });
      }
      if (body?.status === 'error') {
        throw new MetricProviderError({
          provider,
          reason: 'QUERY',
          status: response.status,
          message: `${String(body.errorType)}: ${String(body.error)} (query ${JSON.stringify(options.query)})`,
        });
      }
      if (!response.ok) {
        throw new MetricProviderError({
          provider,
          reason: 'HTTP',
          status: response.status,
          message: `HTTP ${response.status}`,
        });
      }
      return readInstantResult(body, options.query);
    },
  };
}

function readInstantResult(body: PrometheusBody | undefined, query: string): number {
  const provider = 'prometheus';
  const data = body?.data;
  if (body?.status !== 'success' || data === undefined) {
    throw new MetricProviderError({
      provider,
      reason: 'PARSE',
      message: 'the answer has no `data`',
    });
  }
  if (data.resultType === 'scalar') return readSample(data.result);
  if (data.resultType === 'vector' && Array.isArray(data.result)) {
    const first = data.result[0] as { value?: unknown } | undefined;
    if (first === undefined) {
      throw new MetricProviderError({
        provider,
        reason: 'EMPTY_RESULT',
        message: `no sample for ${JSON.stringify(query)}`,
      });
    }
    return readSample(first.value);
  }
  throw new MetricProviderError({
    provider,
    reason: 'PARSE',
    message: `result type ${String(data.resultType)} is not a scalar or an instant vector`,
  });
}

/** A Prometheus sample `[unixSeconds, "value"]`; values are strings, with `NaN`, `+Inf`, `-Inf`. */
function readSample(sample: unknown): number {
  const text = Array.isArray(sample) ? sample[1] : undefined;
  if (typeof text !== 'string') {
    throw new MetricProviderError({
      provider: 'prometheus',
      reason: 'PARSE',
      message: `not a sample: ${JSON.stringify(sample)}`,
    });
  }
  if (text === '+Inf' || text === 'Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  const value = Number(text);
  if (Number.isNaN(value) && text !== 'NaN') {
    throw new MetricProviderError({
      provider: 'prometheus',
      reason: 'PARSE',
      message: `not a number: ${JSON.stringify(text)}`,
    });
  }
  return value;
}

/**
 * Measures by calling `fn` (a health check, a statistic computed in process, a test's
 * script). A rejection makes the measurement an Error.
 */
export function callbackProvider(
  fn: (options: { readonly signal: AbortSignal }) => MetricValue | Promise<MetricValue>,
  kind = 'callback',
): MetricProvider {
  return {
    kind,
    async measure(options) {
      return fn(options);
    },
  };
}
