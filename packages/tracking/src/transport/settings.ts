import { defineSettings, envParsers } from '@dagnostics/core';
import { z } from 'zod';
import { redactUrl } from './redact';

/**
 * MLflow's boolean variables accept only `true`, `false`, `1` and `0` (any case); anything
 * else is passed through unchanged so the schema rejects it with the variable's name.
 */
function parseMlflowBoolean(raw: string): boolean | string {
  const value = raw.trim().toLowerCase();
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return raw;
}

const mlflowBooleanMessage = 'expected true, false, 1 or 0';

/** Why `value` is not an http(s) server URL, or undefined when it is one. */
function trackingUriProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${redactUrl(value)}" is not a URL; expected http://host:port or https://host:port`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return (
      `"${redactUrl(value)}" is not an http(s) URL: DAGnostics talks to MLflow over its REST API. ` +
      'For the local store, leave MLFLOW_TRACKING_URI unset'
    );
  }
  if (url.search !== '' || url.hash !== '') {
    return `"${redactUrl(value)}" has a query or fragment; give only the server's base URL`;
  }
  return undefined;
}

/** Header values may not contain control characters (they would split or corrupt a header). */
const headerValue = z.string().regex(/^[\t\x20-\x7e\x80-\xff]*$/, 'contains control characters');

/**
 * Connection settings of `createTracker` (and of `createTransport`, which uses them).
 * Every key can also be set through the MLflow environment variable named beside it,
 * read when the tracker is created, never at import.
 *
 * @example
 * ```ts
 * const settings = trackingSettings.resolve({ trackingUri: 'https://mlflow.example.com' });
 * const transport = createTransport(settings);
 * ```
 */
export const trackingSettings = defineSettings({
  owner: 'createTracker',
  schema: () =>
    z.object({
      /**
       * Base URL of the MLflow server, `http://` or `https://`, optionally with a path prefix
       * (`https://host/mlflow`). Absent means the local store. Credentials in the URL
       * (`https://user:password@host`) are used as HTTP Basic credentials when `username`
       * and `password` are not given, and never sent in the URL. Env `MLFLOW_TRACKING_URI`.
       */
      trackingUri: z
        .string()
        .superRefine((value, context) => {
          const problem = trackingUriProblem(value);
          if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
        })
        .optional(),
      /**
       * HTTP Basic user name; used with `password` (before `token`, as MLflow's client does).
       * Env `MLFLOW_TRACKING_USERNAME`.
       */
      username: z
        .string()
        .min(1)
        .refine((value) => !value.includes(':'), 'a Basic-auth user name cannot contain ":"')
        .optional(),
      /** HTTP Basic password; never printed. Env `MLFLOW_TRACKING_PASSWORD`. */
      password: z.string().min(1).optional(),
      /**
       * Bearer token, used when `username`/`password` are not both set; never printed.
       * Env `MLFLOW_TRACKING_TOKEN`.
       */
      token: z
        .string()
        .regex(/^[\x21-\x7e]+$/, 'a token is printable ASCII without spaces')
        .optional(),
      /**
       * Skip TLS certificate verification (self-signed servers on a trusted network only).
       * Default false. Env `MLFLOW_TRACKING_INSECURE_TLS` (`true`/`false`/`1`/`0`).
       */
      insecureTls: z.boolean({ error: mlflowBooleanMessage }).default(false),
      /**
       * Time allowed for one attempt, in ms: connecting, sending and receiving the response
       * head (and, for JSON calls, the whole body); for streamed downloads it is also the
       * longest pause between two chunks of the body. Opening a connection may take at most
       * 10 s of it, so an unreachable host fails fast. Default 120000 (MLflow's 120 s).
       * Env `MLFLOW_HTTP_REQUEST_TIMEOUT` (seconds).
       */
      timeoutMs: z.number().int().positive().default(120_000),
      /**
       * Retries after the first attempt, so at most `maxRetries + 1` attempts. Default 7
       * (MLflow's: about four minutes of backoff), at most 10 (MLflow's limit).
       * Env `MLFLOW_HTTP_REQUEST_MAX_RETRIES`.
       */
      maxRetries: z.number().int().min(0).max(10).default(7),
      /**
       * Base of the exponential backoff, in ms: retry n waits `backoffFactorMs · 2^(n−1)`
       * (capped at 120 s) plus jitter. Default 2000, at most 120000 (MLflow's limit).
       * Env `MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR` (seconds).
       */
      backoffFactorMs: z.number().min(0).max(120_000).default(2_000),
      /**
       * Upper bound of the uniform random delay added to each backoff, in ms, so that many
       * clients do not retry in lockstep. Default 1000. Env `MLFLOW_HTTP_REQUEST_BACKOFF_JITTER`
       * (seconds).
       */
      backoffJitterMs: z.number().min(0).max(120_000).default(1_000),
      /**
       * Wait as long as a `Retry-After` header asks (capped at 120 s) instead of the backoff.
       * Default true. Env `MLFLOW_HTTP_RESPECT_RETRY_AFTER_HEADER`.
       */
      respectRetryAfter: z.boolean({ error: mlflowBooleanMessage }).default(true),
      /** Connections kept to the server at most. Default 10. Env `MLFLOW_HTTP_POOL_MAXSIZE`. */
      maxConnections: z.number().int().positive().max(1_000).default(10),
      /**
       * How long an idle connection is kept for reuse, in ms. Default 4000: below the 5 s
       * after which uvicorn (MLflow's server) closes idle connections, so the client always
       * drops a connection first. Otherwise a request can be written into a connection the
       * server is closing at that instant, and the client cannot know whether it was
       * processed: a POST could then be neither retried nor trusted.
       */
      keepAliveTimeoutMs: z.number().int().positive().default(4_000),
      /**
       * MLflow workspace (servers started with `--enable-workspaces`), sent as the
       * `X-MLFLOW-WORKSPACE` header. Env `MLFLOW_WORKSPACE`.
       */
      workspace: headerValue.min(1).optional(),
      /**
       * Extra headers sent with every request to the server (e.g. for a gateway in front of
       * it). They override the transport's own headers, `Authorization` included. Values
       * of headers whose names suggest a credential are never printed. Default none.
       */
      headers: z
        .record(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'not a header name'), headerValue)
        .default({}),
      /**
       * Product token appended to the `User-Agent` header, e.g. `my-pipeline/1.4`; the
       * header always starts with `dagnostics-tracking/<version>`. Default none.
       */
      userAgent: headerValue.min(1).optional(),
    }),
  env: {
    trackingUri: { name: 'MLFLOW_TRACKING_URI', secret: true },
    username: 'MLFLOW_TRACKING_USERNAME',
    password: { name: 'MLFLOW_TRACKING_PASSWORD', secret: true },
    token: { name: 'MLFLOW_TRACKING_TOKEN', secret: true },
    insecureTls: { name: 'MLFLOW_TRACKING_INSECURE_TLS', parse: parseMlflowBoolean },
    timeoutMs: { name: 'MLFLOW_HTTP_REQUEST_TIMEOUT', parse: envParsers.secondsToMs },
    maxRetries: { name: 'MLFLOW_HTTP_REQUEST_MAX_RETRIES', parse: envParsers.number },
    backoffFactorMs: { name: 'MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR', parse: envParsers.secondsToMs },
    backoffJitterMs: { name: 'MLFLOW_HTTP_REQUEST_BACKOFF_JITTER', parse: envParsers.secondsToMs },
    respectRetryAfter: {
      name: 'MLFLOW_HTTP_RESPECT_RETRY_AFTER_HEADER',
      parse: parseMlflowBoolean,
    },
    maxConnections: { name: 'MLFLOW_HTTP_POOL_MAXSIZE', parse: envParsers.number },
    workspace: 'MLFLOW_WORKSPACE',
  },
});

/** Resolved connection settings: every default applied. See {@link trackingSettings}. */
export type TrackingSettings = ReturnType<typeof trackingSettings.resolve>;

/** What {@link trackingSettings} and `createTransport` accept: any subset of the settings. */
export type TrackingSettingsInput = Parameters<typeof trackingSettings.resolve>[0];
