import { z } from 'zod';
import { defineSettings, type EnvironmentSource } from '../../config';
import { LineageTransportError } from '../errors';
import type { RunEvent } from '../types';
import type { LineageTransport } from './transport';

/** Settings of `createHttpTransport`. */
export interface HttpTransportSettings {
  /** Base URL of the lineage server, e.g. Marquez at `http://localhost:5000`. Env: `OPENLINEAGE_URL`. Required. */
  url?: string;
  /** Path appended to `url`. Defaults to `api/v1/lineage` (Marquez). Env: `OPENLINEAGE_ENDPOINT`. */
  endpoint?: string;
  /** Sent as `Authorization: Bearer <apiKey>`; never printed. Env: `OPENLINEAGE_API_KEY`. */
  apiKey?: string;
  /** Time allowed for one request, in milliseconds. Defaults to 5000. */
  timeoutMs?: number;
  /** Extra request headers. Defaults to none. */
  headers?: Record<string, string>;
}

const httpTransportSettings = defineSettings({
  owner: 'createHttpTransport',
  schema: () =>
    z.object({
      url: z.url({ protocol: /^https?$/ }),
      endpoint: z.string().default('api/v1/lineage'),
      apiKey: z.string().min(1).optional(),
      timeoutMs: z.number().int().positive().default(5_000),
      headers: z.record(z.string(), z.string()).default({}),
    }),
  env: {
    url: 'OPENLINEAGE_URL',
    endpoint: 'OPENLINEAGE_ENDPOINT',
    apiKey: { name: 'OPENLINEAGE_API_KEY', secret: true },
  },
});

/**
 * A transport that POSTs each event as JSON to `{url}/{endpoint}`, by default Marquez's
 * `POST /api/v1/lineage`, with the global `fetch`.
 *
 * @throws ConfigError when a setting is invalid (from the factory).
 * @throws LineageTransportError from `emit` on a non-2xx answer, a timeout or a network
 * error; 408, 429, 5xx, timeouts and network errors are marked `isRetryable`.
 */
export function createHttpTransport(
  settings: HttpTransportSettings = {},
  options: { env?: EnvironmentSource } = {},
): LineageTransport & { readonly endpointUrl: string } {
  const resolved = httpTransportSettings.resolve(settings, options);
  const endpointUrl = `${resolved.url.replace(/\/+$/, '')}/${resolved.endpoint.replace(/^\/+/, '')}`;
  const shownUrl = withoutCredentials(endpointUrl);
  const headers: Record<string, string> = {
    ...resolved.headers,
    'Content-Type': 'application/json',
    ...(resolved.apiKey === undefined ? {} : { Authorization: `Bearer ${resolved.apiKey}` }),
  };
  const redact = (text: string): string =>
    resolved.apiKey === undefined ? text : text.split(resolved.apiKey).join('<redacted>');

  return {
    kind: 'http',
    endpointUrl: shownUrl,
    async emit(event: RunEvent, emitOptions = {}) {
      const timeout = AbortSignal.timeout(resolved.timeoutMs);
      const signal =
        emitOptions.signal === undefined ? timeout : AbortSignal.any([timeout, emitOptions.signal]);
      let response: Response;
      try {
        response = await fetch(endpointUrl, {
          method: 'POST',
          headers,
          body: JSON.stringify(event),
          signal,
        });
      } catch (error) {
        if (emitOptions.signal?.aborted === true) throw emitOptions.signal.reason;
        const timedOut = timeout.aborted;
        throw new LineageTransportError({
          message: timedOut
            ? `POST ${shownUrl} timed out after ${resolved.timeoutMs} ms. Check that the lineage server is up, or raise timeoutMs.`
            : `POST ${shownUrl} failed: ${redact((error as Error).message)}. Check the url and that the lineage server is reachable.`,
          transport: 'http',
          isRetryable: true,
          cause: error,
        });
      }
      if (response.ok) {
        await response.body?.cancel();
        return;
      }
      const body = redact((await response.text().catch(() => '')).slice(0, 500));
      const status = response.status;
      throw new LineageTransportError({
        message: `POST ${shownUrl} answered ${status} ${response.statusText}${body === '' ? '' : `: ${body}`}. ${hintFor(status)}`,
        transport: 'http',
        status,
        isRetryable: status === 408 || status === 429 || status >= 500,
      });
    },
  };
}

function hintFor(status: number): string {
  if (status === 401 || status === 403) return 'Check apiKey (OPENLINEAGE_API_KEY).';
  if (status === 404) return 'Check url and endpoint (Marquez serves api/v1/lineage).';
  if (status >= 500) return 'The server failed; retry later.';
  return 'The server rejected the event; see its answer above.';
}

function withoutCredentials(url: string): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  parsed.search = '';
  return parsed.toString();
}
