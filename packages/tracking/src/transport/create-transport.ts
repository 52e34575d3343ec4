import { Buffer } from 'node:buffer';
import {
  abortableSleep,
  ConfigError,
  type EnvironmentSource,
  InvalidArgumentError,
} from '@dagnostics/core';
import { Agent, buildConnector, fetch as undiciFetch } from 'undici';
import { type MlflowApiError, MlflowNetworkError } from './errors';
import {
  type AttemptBody,
  guardBodyStream,
  isStreamBody,
  type RequestBodySource,
  toAttemptBody,
  toGlobalResponse,
} from './fetch-interop';
import { classifyNetworkFailure, createNetworkError, type NetworkFailure } from './network-error';
import { createRedactor, isSensitiveHeaderName, type Redactor, redactUrl } from './redact';
import {
  type AuthenticationKind,
  createApiError,
  type ErrorAnswer,
  readErrorAnswer,
} from './response-error';
import type { RetryOutcome } from './retry-outcome';
import {
  defaultRetrySafety,
  mayRepeat,
  type RetrySafety,
  type RetrySafetyClassifier,
  retryDelayMs,
} from './retry-policy';
import { type TrackingSettings, type TrackingSettingsInput, trackingSettings } from './settings';
import { userAgentProduct } from './version';

/** The longest time allowed to open a connection, in ms (undici's default), if `timeoutMs` is longer. */
const maxConnectTimeoutMs = 10_000;

/** Told before each retry: what failed and how long the transport waits before trying again. */
export interface RetryEvent {
  /** HTTP method, upper case. */
  method: string;
  /** Path of the request, without query string or credentials. */
  path: string;
  /** 1-based number of the attempt that failed. */
  attempt: number;
  /** Wait before the next attempt, in ms (from `Retry-After` or the backoff, with jitter). */
  delayMs: number;
  /** Why the attempt failed; its message and fields carry no secrets, so it can be logged. */
  error: MlflowApiError | MlflowNetworkError;
}

/** Options of {@link createTransport} that are code, not configuration. */
export interface CreateTransportOptions {
  /** Where environment variables are read from. Default `process.env`, read at the call. */
  env?: EnvironmentSource;
  /**
   * Decides whether a request of `fetch()` is `safe` to repeat after a failure that left
   * its outcome unknown, from its method and URL path (plug in the spec's per-endpoint
   * table here). Default: GET, HEAD, OPTIONS, PUT, DELETE are safe; POST and PATCH are not.
   * `request()` callers can pass `retry` per call instead.
   */
  classifyRetrySafety?: RetrySafetyClassifier;
  /** Called before each retry, e.g. to log it. Must not throw. */
  onRetry?: (event: RetryEvent) => void;
  /** Uniform random numbers in [0, 1) for the backoff jitter. Default `Math.random`. */
  random?: () => number;
}

/** One raw call through {@link MlflowTransport.request}, e.g. an artifact upload or download. */
export interface TransportRequest {
  /** HTTP method, e.g. `GET`, `PUT`. */
  method: string;
  /**
   * Path under the base URL (`/api/2.0/mlflow-artifacts/artifacts/1/abc/model.onnx`, with
   * segments already URL-encoded) or an absolute `http(s)` URL. Credentials, the workspace
   * header and the extra headers are sent only to the tracking server's origin.
   */
  path: string;
  /** Query parameters; an array repeats the key (MLflow's convention). Undefined values are skipped. */
  query?: Record<string, string | number | boolean | readonly (string | number)[] | undefined>;
  /** Headers of this call (anything `new Headers()` accepts); they override the transport's own. */
  headers?: ConstructorParameters<typeof Headers>[0];
  /**
   * The body: bytes, text or a Blob (sent again on retries), a function that creates the
   * body (called once per attempt, so a stream can be re-created and retried), or a
   * stream given directly (sent once: a failure is never retried).
   */
  body?: RequestBodySource;
  /** Whether the call may be repeated after a failure that left its outcome unknown. Default by method. */
  retry?: RetrySafety;
  /** Cancels the call, its current attempt, any wait between attempts, and the answer's body. */
  signal?: AbortSignal;
  /** Time allowed for each attempt up to the answer's head, in ms. Default the settings' `timeoutMs`. */
  timeoutMs?: number;
}

/**
 * The HTTP connection to one MLflow server: authentication, `User-Agent`, the workspace
 * header, per-attempt timeouts, retries with backoff, and one keep-alive connection pool.
 *
 * Failures are thrown, never returned: an error status as {@link MlflowApiError}, a failed
 * connection as {@link MlflowNetworkError} (a timeout as its subclass `MlflowTimeoutError`).
 * When the caller's `AbortSignal` aborts, the promise rejects with `signal.reason` itself (a
 * `DOMException` named `AbortError` unless the caller gave another reason), as `fetch` does,
 * so the caller recognises its own cancellation; nothing is retried after that.
 */
export interface MlflowTransport {
  /** The server's base URL without credentials or trailing slash, e.g. `https://mlflow.example.com`. */
  readonly baseUrl: string;
  /**
   * A `fetch` for openapi-fetch's `createClient({ baseUrl, fetch })`: sends the (global)
   * Request with retries and returns a global Response whose body has already been read in
   * full, so timeouts and retries cover the whole exchange. Safety comes from
   * `classifyRetrySafety`. Throws instead of returning a non-2xx answer.
   */
  readonly fetch: (request: Request) => Promise<Response>;
  /**
   * A raw call, for bodies that are streamed or large (artifact uploads and downloads).
   * Resolves when the answer's head arrives, with the body left to stream. Throws instead
   * of returning a non-2xx answer.
   */
  readonly request: (request: TransportRequest) => Promise<Response>;
  /** Closes the connections once the calls in flight are done; later calls are rejected. */
  readonly close: () => Promise<void>;
}

/** One call as the retry loop sees it, whichever entry point it came through. */
interface Call {
  method: string;
  url: URL;
  headers: Array<[string, string]>;
  body: AttemptBody;
  safety: RetrySafety;
  signal: AbortSignal | undefined;
  timeoutMs: number;
  /** Read the whole answer inside the attempt (JSON calls) or leave it to stream. */
  bufferAnswer: boolean;
}

type AttemptResult =
  | { kind: 'answer'; response: Response }
  | { kind: 'status'; answer: ErrorAnswer; retryAfter: string | null }
  | { kind: 'network'; failure: NetworkFailure };

/**
 * Creates the transport to the MLflow server of `settings.trackingUri` (or
 * `MLFLOW_TRACKING_URI`). Settings left out are read from the MLflow environment variables,
 * then defaults; see {@link trackingSettings}. Nothing connects until the first call.
 *
 * Authentication follows MLflow's client: HTTP Basic from `username` + `password` (or user
 * info in the URL) first, else a Bearer `token`.
 *
 * Retries: statuses 408, 429, 500, 502, 503, 504 and failed connections are retried up to
 * `maxRetries` times with exponential backoff and jitter (or as `Retry-After` asks), but
 * only when the request is safe to repeat, or provably never reached the server (the
 * connection could not be opened). Otherwise the error says `isRetryable: true` and, for
 * a lost connection, `requestSent: true`: the outcome is unknown and the caller reconciles.
 *
 * @throws {ConfigError} when a setting is invalid or no tracking URI is given.
 *
 * @example
 * ```ts
 * import createClient from 'openapi-fetch';
 * const transport = createTransport({ trackingUri: 'http://127.0.0.1:5000' });
 * const client = createClient<paths>({ baseUrl: transport.baseUrl, fetch: transport.fetch });
 * const { data } = await client.GET('/api/2.0/mlflow/experiments/get-by-name', {
 *   params: { query: { experiment_name: 'Default' } },
 * });
 * await transport.close();
 * ```
 */
export function createTransport(
  settings: TrackingSettingsInput = {},
  options: CreateTransportOptions = {},
): MlflowTransport {
  const resolved = trackingSettings.resolve(
    settings,
    options.env === undefined ? {} : { env: options.env },
  );
  if (resolved.trackingUri === undefined) {
    throw new ConfigError({
      message:
        'createTransport: no MLflow server given. Pass { trackingUri } or set MLFLOW_TRACKING_URI to its http(s) URL; without one, createTracker uses the local store instead.',
      option: 'trackingUri',
      envVar: 'MLFLOW_TRACKING_URI',
      source: 'option',
    });
  }
  const connection = describeConnection(resolved, resolved.trackingUri);
  const connectFailures = new WeakSet<object>();
  const agent = createAgent(resolved, connectFailures);
  const classify = options.classifyRetrySafety ?? defaultRetrySafety;
  const random = options.random ?? Math.random;
  const maxAttempts = resolved.maxRetries + 1;
  let closing: Promise<void> | undefined;

  const headersFor = (url: URL, callerHeaders: Iterable<[string, string]>): [string, string][] => {
    const headers = new Headers({ 'user-agent': connection.userAgent });
    if (url.origin === connection.origin) {
      for (const [name, value] of connection.headers) headers.set(name, value);
    }
    for (const [name, value] of callerHeaders) headers.set(name, value);
    return [...headers];
  };

  const attempt = async (call: Call): Promise<AttemptResult> => {
    // Made before the clock starts and outside the try: a body factory's own failure
    // (a missing file, say) is the caller's error and reaches the caller unchanged.
    const body =
      call.body.kind === 'none'
        ? undefined
        : call.body.kind === 'one-shot'
          ? call.body.body
          : await call.body.create();
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), call.timeoutMs);
    const signal =
      call.signal === undefined ? timeout.signal : AbortSignal.any([call.signal, timeout.signal]);
    try {
      const response = await undiciFetch(call.url.href, {
        method: call.method,
        headers: call.headers,
        body,
        signal,
        dispatcher: agent,
        // fetch clones a request to be able to follow redirects, teeing its body: the unread
        // branch holds every byte of a streamed upload (undici #4058). Only redirect 'error'
        // without a window skips the clone; MLflow's API never redirects.
        redirect: 'error',
        window: null,
        ...(body !== undefined && isStreamBody(body) ? { duplex: 'half' as const } : {}),
      });
      if (response.ok) {
        if (call.bufferAnswer) {
          const bytes = new Uint8Array(await response.arrayBuffer());
          return { kind: 'answer', response: toGlobalResponse(response, bytes, call.method) };
        }
        const stream =
          response.body === null
            ? null
            : guardBodyStream(response.body, (error) => bodyReadError(call, error));
        return { kind: 'answer', response: toGlobalResponse(response, stream, call.method) };
      }
      const answer = readErrorAnswer(
        response.status,
        await response.text(),
        response.headers.get('content-type'),
        connection.redact,
      );
      return { kind: 'status', answer, retryAfter: response.headers.get('retry-after') };
    } catch (error) {
      if (call.signal?.aborted === true) throw call.signal.reason;
      const connectFailed = typeof error === 'object' && error !== null && hasConnectFailure(error);
      return {
        kind: 'network',
        failure: classifyNetworkFailure(error, { timedOut: timeout.signal.aborted, connectFailed }),
      };
    } finally {
      clearTimeout(timer);
    }
  };

  const hasConnectFailure = (error: object): boolean => {
    let current: unknown = error;
    for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth += 1) {
      if (connectFailures.has(current)) return true;
      current = (current as { cause?: unknown }).cause;
    }
    return false;
  };

  const bodyReadError = (call: Call, error: unknown): unknown => {
    if (call.signal?.aborted === true) return call.signal.reason;
    return createNetworkError(
      classifyNetworkFailure(error, { timedOut: false, connectFailed: false }),
      { ...attemptContext(call, 1, 'final'), timeoutMs: call.timeoutMs },
    );
  };

  const attemptContext = (call: Call, attemptNumber: number, next: RetryOutcome) => ({
    method: call.method,
    path: connection.redact(call.url.pathname),
    attempt: attemptNumber,
    maxAttempts,
    next,
    origin: connection.origin,
    redact: connection.redact,
  });

  const send = async (call: Call): Promise<Response> => {
    for (let attemptNumber = 1; ; attemptNumber += 1) {
      if (closing !== undefined) throw closedError(call, connection.redact);
      call.signal?.throwIfAborted();
      const result = await attempt(call);
      if (result.kind === 'answer') return result.response;
      const failed =
        result.kind === 'status'
          ? { isRetryable: result.answer.isRetryable, requestSent: true }
          : result.failure;
      const next = nextStep(call, failed, attemptNumber);
      const context = attemptContext(call, attemptNumber, next);
      const error =
        result.kind === 'status'
          ? createApiError(result.answer, {
              ...context,
              authentication: connection.authentication,
              username: connection.username,
            })
          : createNetworkError(result.failure, { ...context, timeoutMs: call.timeoutMs });
      if (next !== 'retry') throw error;
      const { delayMs } = retryDelayMs(
        attemptNumber,
        result.kind === 'status' ? result.retryAfter : undefined,
        resolved,
        { random },
      );
      options.onRetry?.({
        method: call.method,
        path: context.path,
        attempt: attemptNumber,
        delayMs,
        error,
      });
      await abortableSleep(delayMs, call.signal);
    }
  };

  const nextStep = (
    call: Call,
    failed: { isRetryable: boolean; requestSent: boolean },
    attemptNumber: number,
  ): RetryOutcome => {
    if (!failed.isRetryable) return 'final';
    if (!mayRepeat(call.safety, failed)) return 'unsafe';
    if (call.body.kind === 'one-shot') return 'not-replayable';
    if (attemptNumber >= maxAttempts) return 'exhausted';
    return 'retry';
  };

  return {
    baseUrl: connection.baseUrl,
    fetch: async (request) => {
      const url = new URL(request.url);
      const method = request.method.toUpperCase();
      const bytes = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer());
      return send({
        method,
        url,
        headers: headersFor(url, request.headers),
        body: toAttemptBody(bytes),
        safety: classify(method, url.pathname),
        signal: request.signal,
        timeoutMs: resolved.timeoutMs,
        bufferAnswer: true,
      });
    },
    request: async (request) => {
      const method = request.method.toUpperCase();
      const url = resolveUrl(connection.baseUrl, request.path, request.query);
      return send({
        method,
        url,
        headers: headersFor(url, new Headers(request.headers)),
        body: toAttemptBody(request.body),
        safety: request.retry ?? classify(method, url.pathname),
        signal: request.signal,
        timeoutMs: request.timeoutMs ?? resolved.timeoutMs,
        bufferAnswer: false,
      });
    },
    close: () => {
      closing ??= agent.close();
      return closing;
    },
  };
}

/** What every request to the server shares, worked out once from the settings. */
interface Connection {
  baseUrl: string;
  origin: string;
  userAgent: string;
  /** Authorization, workspace and extra headers: sent to the server's origin only. */
  headers: Array<[string, string]>;
  authentication: AuthenticationKind;
  username: string | undefined;
  redact: Redactor;
}

function describeConnection(settings: TrackingSettings, trackingUri: string): Connection {
  const url = new URL(trackingUri);
  const urlUsername = decodeURIComponent(url.username);
  const urlPassword = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  const fromUrl =
    settings.username === undefined && settings.password === undefined && urlPassword !== '';
  const username = settings.username ?? (fromUrl ? urlUsername : undefined);
  const password = settings.password ?? (fromUrl ? urlPassword : undefined);

  const headers: Array<[string, string]> = [];
  let authentication: AuthenticationKind = 'none';
  let authorization: string | undefined;
  if (username !== undefined && username !== '' && password !== undefined) {
    authorization = `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
    authentication = 'basic';
  } else if (settings.token !== undefined) {
    authorization = `Bearer ${settings.token}`;
    authentication = 'bearer';
  }
  if (authorization !== undefined) headers.push(['authorization', authorization]);
  if (settings.workspace !== undefined) headers.push(['x-mlflow-workspace', settings.workspace]);
  const secrets = [password, settings.token, urlPassword, authorization, authorization?.slice(6)];
  for (const [name, value] of Object.entries(settings.headers)) {
    headers.push([name, value]);
    if (name.toLowerCase() === 'authorization') authentication = 'custom';
    if (isSensitiveHeaderName(name)) secrets.push(value);
  }
  return {
    baseUrl: `${url.origin}${url.pathname.replace(/\/+$/, '')}`,
    origin: url.origin,
    userAgent:
      settings.userAgent === undefined
        ? userAgentProduct
        : `${userAgentProduct} ${settings.userAgent}`,
    headers,
    authentication,
    username: authentication === 'basic' ? username : undefined,
    redact: createRedactor(secrets),
  };
}

function createAgent(settings: TrackingSettings, connectFailures: WeakSet<object>): Agent {
  const connect = buildConnector({
    rejectUnauthorized: !settings.insecureTls,
    timeout: Math.min(settings.timeoutMs, maxConnectTimeoutMs),
  });
  return new Agent({
    // A failure reported here happened while the connection was being opened, before
    // undici wrote a byte of the request: remembering the error object lets the retry loop
    // prove that even an unsafe request never reached the server.
    connect: (connectOptions, callback) => {
      connect(connectOptions, (error, socket) => {
        if (error !== null) {
          connectFailures.add(error);
          callback(error, null);
        } else {
          callback(null, socket);
        }
      });
    },
    connections: settings.maxConnections,
    keepAliveTimeout: settings.keepAliveTimeoutMs,
    // A server's `Keep-Alive: timeout=` hint may shorten the idle time, never lengthen it.
    keepAliveMaxTimeout: settings.keepAliveTimeoutMs,
    headersTimeout: settings.timeoutMs,
    // For streamed answers: the longest pause between two chunks of the body.
    bodyTimeout: settings.timeoutMs,
  });
}

function resolveUrl(
  baseUrl: string,
  path: string,
  query: TransportRequest['query'] | undefined,
): URL {
  const absolute = /^https?:\/\//i.test(path);
  let url: URL;
  try {
    url = new URL(absolute ? path : `${baseUrl}${path.startsWith('/') ? '' : '/'}${path}`);
  } catch {
    // No cause: Node's URL error carries the input, credentials and all.
    throw new InvalidArgumentError({
      message: `request: "${redactUrl(path)}" is not a valid path or URL.`,
      argument: 'path',
    });
  }
  if (url.username !== '' || url.password !== '') {
    throw new InvalidArgumentError({
      message: `request: "${redactUrl(path)}" carries credentials; the transport adds them from its settings.`,
      argument: 'path',
    });
  }
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) url.searchParams.append(key, String(item));
  }
  return url;
}

function closedError(call: Call, redact: Redactor): MlflowNetworkError {
  return new MlflowNetworkError({
    message: `${call.method} ${redact(call.url.pathname)} was not sent: the transport is closed. Create a new one.`,
    reason: 'other',
    requestSent: false,
    method: call.method,
    path: redact(call.url.pathname),
    isRetryable: false,
  });
}
