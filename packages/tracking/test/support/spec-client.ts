/**
 * An openapi-fetch client for the MLflow spec whose every response is checked against the
 * spec before the test sees it, and whose calls are recorded by operationId so the suite can
 * prove it exercised the whole spec.
 */
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from '../../src/generated';
import { loadSpecDocument } from './spec-document';
import { validateAgainstSchema } from './spec-validate';

/** A typed client for `openapi/mlflow-rest.yaml`. */
export type SpecClient = Client<paths>;

/** One answered call: which operation, and with which status. */
export interface RecordedCall {
  readonly operationId: string;
  readonly status: number;
}

/** Collects the calls of one or more clients. */
export class CallRecorder {
  readonly calls: RecordedCall[] = [];

  /** The distinct operationIds called so far. */
  operationIds(): Set<string> {
    return new Set(this.calls.map((call) => call.operationId));
  }
}

/** Raised from inside a call when the server's answer does not match the spec. */
export class SpecViolationError extends Error {
  override readonly name = 'SpecViolationError';
}

function mediaTypeOf(response: Response): string | undefined {
  return response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() || undefined;
}

function isJsonMediaType(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

/** Everything wrong with `response` as an answer of `operationId`; empty when it conforms. */
async function checkResponse(operationId: string, response: Response): Promise<string[]> {
  const spec = loadSpecDocument();
  const documented = spec.responseOf(operationId, response.status);
  if (documented === undefined) return [`status ${response.status} is not documented`];
  const text = await response.clone().text();
  if (documented.content.size === 0) {
    return text === '' ? [] : [`documented as empty, got ${JSON.stringify(text.slice(0, 200))}`];
  }
  if (text === '') return [`status ${documented.statusKey} must have a body, got none`];
  const mediaType = mediaTypeOf(response);
  const schemaKey =
    mediaType !== undefined && documented.content.has(mediaType) ? mediaType : '*/*';
  const schema = documented.content.get(schemaKey);
  if (schema === undefined) {
    return [`content type ${mediaType} is not documented for ${documented.statusKey}`];
  }
  if (mediaType === undefined || !isJsonMediaType(mediaType)) return [];
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [`declared ${mediaType} but the body is not JSON: ${text.slice(0, 200)}`];
  }
  return validateAgainstSchema(body, schema, spec.resolve);
}

function conformanceMiddleware(recorder: CallRecorder): Middleware {
  return {
    async onResponse({ request, response, schemaPath }) {
      const operationId = loadSpecDocument().operationIdOf(request.method, schemaPath);
      if (operationId === undefined) {
        throw new SpecViolationError(`${request.method} ${schemaPath} is not in the spec`);
      }
      recorder.calls.push({ operationId, status: response.status });
      const problems = await checkResponse(operationId, response);
      if (problems.length > 0) {
        throw new SpecViolationError(
          `${operationId} (${request.method} ${request.url}) answered ${response.status}, ` +
            `which breaks the spec:\n  ${problems.join('\n  ')}`,
        );
      }
      return undefined;
    },
  };
}

/** Settings of {@link createSpecClient}. */
export interface SpecClientSettings {
  /** The tracking URI, e.g. `http://127.0.0.1:5000`. */
  baseUrl: string;
  /** Records every answered call. */
  recorder: CallRecorder;
  /** Sent with every request (e.g. `authorization`). */
  headers?: Record<string, string>;
}

/** A client whose responses are validated against the spec and recorded. */
export function createSpecClient(settings: SpecClientSettings): SpecClient {
  const client = createClient<paths>({
    baseUrl: settings.baseUrl,
    ...(settings.headers !== undefined && { headers: settings.headers }),
  });
  client.use(conformanceMiddleware(settings.recorder));
  return client;
}
