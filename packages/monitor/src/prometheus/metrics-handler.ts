import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';

/** Options of {@link createMetricsHandler}. */
export interface MetricsHandlerOptions {
  /** The path served; other paths get 404. Default `/metrics`; `null` serves every path. */
  path?: string | null;
}

/**
 * A Node `http` request handler that serves `registry` in the Prometheus text format
 * (`registry.contentType`) to `GET` and `HEAD` requests on `/metrics`; other methods get
 * 405 with `Allow`, other paths 404, and a failing collector 500 with the reason (its
 * metrics are not half-written). Works as an Express/Connect handler too.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * createServer(createMetricsHandler(registry)).listen(9464);
 * ```
 */
export function createMetricsHandler(
  registry: Registry,
  options: MetricsHandlerOptions = {},
): (request: IncomingMessage, response: ServerResponse) => void {
  const path = options.path === undefined ? '/metrics' : options.path;
  return (request, response) => {
    const requestPath = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== null && requestPath !== path) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`not found: metrics are served on ${path}\n`);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      response.end('method not allowed: use GET\n');
      return;
    }
    registry.metrics().then(
      (body) => {
        response.writeHead(200, {
          'content-type': registry.contentType,
          'content-length': Buffer.byteLength(body),
        });
        response.end(request.method === 'HEAD' ? undefined : body);
      },
      (error: unknown) => {
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        response.end(`collecting metrics failed: ${(error as Error)?.message ?? String(error)}\n`);
      },
    );
  };
}
