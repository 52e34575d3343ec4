import { MlflowNetworkError, MlflowTimeoutError, type NetworkFailureReason } from './errors';
import { type Redactor, redactCause } from './redact';
import { type AttemptContext, describeRetryOutcome } from './retry-outcome';

/** What a failure without an answer means for retrying, before any message is written. */
export interface NetworkFailure {
  reason: NetworkFailureReason;
  /** False only when the request provably never reached the server. */
  requestSent: boolean;
  /** Whether another attempt may succeed. */
  isRetryable: boolean;
  /** The error that carries the system or undici code (undici's fetch wraps it in a TypeError). */
  cause: unknown;
  /** That error's code, e.g. `ECONNREFUSED`, `UND_ERR_SOCKET`. */
  code: string | undefined;
}

const codeReasons: Readonly<Record<string, NetworkFailureReason>> = {
  ECONNREFUSED: 'connection-refused',
  ECONNRESET: 'connection-reset',
  EPIPE: 'connection-reset',
  ECONNABORTED: 'connection-reset',
  UND_ERR_SOCKET: 'connection-reset',
  ERR_STREAM_PREMATURE_CLOSE: 'connection-reset',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_FAIL: 'dns',
  EAI_NONAME: 'dns',
  ETIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  EHOSTDOWN: 'unreachable',
  ENETDOWN: 'unreachable',
  EADDRNOTAVAIL: 'unreachable',
};

// Failures that happen before a connection exists, so before a byte of the request is written.
const notSentCodes: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NONAME',
  'UND_ERR_CONNECT_TIMEOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'EADDRNOTAVAIL',
]);

const tlsCode = /^(ERR_TLS_|ERR_SSL_)|CERT|SELF_SIGNED|ISSUER|SIGNATURE|HOSTNAME_MISMATCH/;

/**
 * Classifies an error thrown while a request was sent or its answer read.
 *
 * @param how.timedOut - the transport's own per-attempt timer fired.
 * @param how.connectFailed - the connection could not be opened (reported by the transport's
 *   connector), so the request was never written, whatever the code says.
 */
export function classifyNetworkFailure(
  error: unknown,
  how: { timedOut: boolean; connectFailed: boolean },
): NetworkFailure {
  const cause = errorWithCode(error) ?? error;
  const code = codeOf(cause);
  if (how.timedOut) {
    return { reason: 'timeout', requestSent: !how.connectFailed, isRetryable: true, cause, code };
  }
  const reason: NetworkFailureReason =
    code === undefined ? 'other' : (codeReasons[code] ?? (tlsCode.test(code) ? 'tls' : 'other'));
  const requestSent = !(
    how.connectFailed ||
    (code !== undefined && notSentCodes.has(code)) ||
    reason === 'tls'
  );
  const isRetryable =
    reason === 'connection-refused' ||
    reason === 'connection-reset' ||
    reason === 'timeout' ||
    reason === 'unreachable' ||
    (reason === 'dns' && code !== 'ENOTFOUND');
  return { reason, requestSent, isRetryable, cause, code };
}

/** What the transport knows about the request beyond the failure itself. */
export interface NetworkErrorContext extends AttemptContext {
  /** The server's origin, e.g. `https://mlflow.example.com:5000` (never with credentials). */
  origin: string;
  /** The time the attempt was allowed, in ms. */
  timeoutMs: number;
  /** Removes secrets from everything the error carries. */
  redact: Redactor;
}

/** Builds the error the caller sees for a {@link NetworkFailure}. */
export function createNetworkError(
  failure: NetworkFailure,
  context: NetworkErrorContext,
): MlflowNetworkError {
  const path = context.redact(context.path);
  const request = `${context.method} ${path}`;
  const code = failure.code === undefined ? '' : ` (${failure.code})`;
  const outcome = describeRetryOutcome({ ...context, path });
  const causeMessage = context.redact(messageOf(failure.cause));
  const common = {
    requestSent: failure.requestSent,
    method: context.method,
    path,
    isRetryable: failure.isRetryable,
    cause: redactCause(failure.cause, context.redact),
  };
  if (failure.reason === 'timeout') {
    const seconds = context.timeoutMs / 1000;
    const what = failure.requestSent
      ? `got no answer from ${context.origin} within ${seconds} s`
      : `could not connect to ${context.origin} in time`;
    const message = `${request} ${what}${code}. If the server is just slow, raise MLFLOW_HTTP_REQUEST_TIMEOUT (seconds) or timeoutMs. ${outcome}`;
    return new MlflowTimeoutError({
      ...common,
      message: context.redact(message.trim()),
      timeoutMs: context.timeoutMs,
    });
  }
  const explanation: Record<NetworkFailureReason, string> = {
    'connection-refused': `Could not connect to ${context.origin} for ${request}: connection refused. Is the MLflow server running, and does MLFLOW_TRACKING_URI name the right host and port?`,
    'connection-reset': `The connection to ${context.origin} was closed before ${request} got an answer${code}${failure.requestSent ? '' : ', while it was being opened'}.`,
    dns: `Could not resolve the host of ${context.origin} for ${request}${code}: check the host name in MLFLOW_TRACKING_URI and the DNS.`,
    tls: `The TLS handshake with ${context.origin} failed for ${request}${code}: ${causeMessage}. If the server's certificate is signed by a private CA, add it with NODE_EXTRA_CA_CERTS; on a trusted network only, MLFLOW_TRACKING_INSECURE_TLS=true skips the check.`,
    timeout: '',
    unreachable: `${context.origin} is unreachable for ${request}${code}: check the network and the host in MLFLOW_TRACKING_URI.`,
    other: `${request} to ${context.origin} failed${code}: ${causeMessage}.`,
  };
  return new MlflowNetworkError({
    ...common,
    reason: failure.reason,
    message: context.redact(`${explanation[failure.reason]} ${outcome}`.trim()),
  });
}

/** The first error in the `cause` chain (or an AggregateError's list) that carries a code. */
function errorWithCode(error: unknown): unknown {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth += 1) {
    if (codeOf(current) !== undefined) return current;
    const { cause, errors } = current as { cause?: unknown; errors?: unknown };
    current = cause ?? (Array.isArray(errors) ? errors[0] : undefined);
  }
  return undefined;
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code !== '' ? code : undefined;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
