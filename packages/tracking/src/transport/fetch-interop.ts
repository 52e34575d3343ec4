import type { Response as UndiciResponse } from 'undici';

// Why this file exists: openapi-fetch (and callers) build the global `Request` and expect
// the global `Response` (its middleware checks `instanceof Response`), while the transport
// sends through undici 7's `fetch`, which needs undici's own dispatcher (the keep-alive
// `Agent`). undici 7 rejects a global Request ("Failed to parse URL from [object Request]":
// its brand check fails across the two copies of undici, Node's bundled one and ours), and
// the global fetch would have to drive undici 7's Agent from Node's older bundled undici. So
// requests go in as URL + init, and answers come back as global Responses over undici's
// body stream (both use Node's web streams, so no bytes are copied).

/** A request body the transport can send: bytes, text, a Blob, or a stream (once). */
export type RequestBody =
  | string
  | Uint8Array
  | ArrayBuffer
  | Blob
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>;

/**
 * A body as given to `request()`: a value, or a function that creates it, which the
 * transport calls once per attempt. Only bytes, text, Blobs and functions can be sent again;
 * a stream given directly is sent once and never retried.
 */
export type RequestBodySource = RequestBody | (() => RequestBody | Promise<RequestBody>);

/** How a body is produced for each attempt. */
export type AttemptBody =
  | { kind: 'none' }
  | { kind: 'replayable'; create: () => RequestBody | Promise<RequestBody> }
  | { kind: 'one-shot'; body: RequestBody };

/** Sorts a caller's body into the {@link AttemptBody} kinds. */
export function toAttemptBody(source: RequestBodySource | undefined): AttemptBody {
  if (source === undefined) return { kind: 'none' };
  if (typeof source === 'function') return { kind: 'replayable', create: source };
  if (
    typeof source === 'string' ||
    source instanceof Uint8Array ||
    source instanceof ArrayBuffer ||
    source instanceof Blob
  ) {
    return { kind: 'replayable', create: () => source };
  }
  return { kind: 'one-shot', body: source };
}

/** True when undici must be told the body streams (`duplex: 'half'`). */
export function isStreamBody(body: RequestBody): boolean {
  return (
    typeof body !== 'string' &&
    !(body instanceof Uint8Array) &&
    !(body instanceof ArrayBuffer) &&
    !(body instanceof Blob)
  );
}

// Statuses whose answers cannot carry a body; the Response constructor rejects one.
const nullBodyStatuses: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);

/**
 * A global `Response` with undici's status and headers and the given body. undici has
 * already decoded a compressed body, so `Content-Encoding` and the (compressed)
 * `Content-Length` are dropped rather than left to describe bytes that are not there.
 */
export function toGlobalResponse(
  response: UndiciResponse,
  body: Uint8Array | ReadableStream<Uint8Array> | null,
  method: string,
): Response {
  const headers = new Headers();
  for (const [name, value] of response.headers) headers.append(name, value);
  if (headers.has('content-encoding')) {
    headers.delete('content-encoding');
    headers.delete('content-length');
  }
  const withoutBody = nullBodyStatuses.has(response.status) || method === 'HEAD';
  return new Response(withoutBody ? null : body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

/**
 * Passes a body stream through, turning a read error (connection reset mid-body, body
 * timeout) into the error `describe` returns, so no undici error reaches the caller raw.
 */
export function guardBodyStream(
  body: ReadableStream<Uint8Array>,
  describe: (error: unknown) => unknown,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (error) {
          controller.error(describe(error));
        }
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
