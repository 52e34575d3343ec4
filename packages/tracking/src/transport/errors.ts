import { DagnosticsError } from '@dagnostics/core';

/**
 * MLflow answered with an error status. The fields come from MLflow's JSON error body when
 * there is one; otherwise (a plain-text answer of the basic-auth app, an HTML page of a
 * proxy) `errorCode` is derived from the status as MLflow's own client derives it.
 *
 * @example
 * ```ts
 * try { await client.GET('/api/2.0/mlflow/experiments/get-by-name', ...) } catch (error) {
 *   if (MlflowApiError.isInstance(error) && error.errorCode === 'RESOURCE_DOES_NOT_EXIST') ...
 * }
 * ```
 */
export class MlflowApiError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsMlflowApiError';

  /**
   * MLflow's `error_code`, e.g. `RESOURCE_DOES_NOT_EXIST`, `INVALID_PARAMETER_VALUE`,
   * `UNAUTHENTICATED`. Compare this, not `status`: MLflow answers both
   * `RESOURCE_ALREADY_EXISTS` (400) and `INVALID_PARAMETER_VALUE` (400) with the same status.
   */
  readonly errorCode: string;
  /** HTTP status of the answer, e.g. 404. */
  readonly status: number;
  /** HTTP method of the request, upper case. */
  readonly method: string;
  /** Path of the request, without query string or credentials, e.g. `/api/2.0/mlflow/runs/get`. */
  readonly path: string;
  /** The start of the answer's body as text (at most 500 characters), secrets removed. */
  readonly responseSnippet: string;

  constructor(options: {
    message: string;
    errorCode: string;
    status: number;
    method: string;
    path: string;
    responseSnippet: string;
    isRetryable: boolean;
    cause?: unknown;
  }) {
    super({ ...options, code: 'MLFLOW_API' });
    this.errorCode = options.errorCode;
    this.status = options.status;
    this.method = options.method;
    this.path = options.path;
    this.responseSnippet = options.responseSnippet;
  }
}

/**
 * Why a request got no answer:
 * - `connection-refused`: nothing listens at the address (the server is down or the port is wrong);
 * - `connection-reset`: the connection was closed or reset before the answer arrived;
 * - `dns`: the host name could not be resolved;
 * - `tls`: the TLS handshake failed (certificate not trusted, wrong host name, ...);
 * - `timeout`: no answer within `timeoutMs` (or the connection could not be opened in time);
 * - `unreachable`: no route to the host or network;
 * - `other`: any other failure of the connection.
 */
export type NetworkFailureReason =
  | 'connection-refused'
  | 'connection-reset'
  | 'dns'
  | 'tls'
  | 'timeout'
  | 'unreachable'
  | 'other';

/**
 * A request to MLflow got no HTTP answer: the connection was refused, reset, timed out or
 * could not be set up. `requestSent` says whether the server may have received (and
 * applied) the request; when it is true for a request that is not safe to repeat, the
 * outcome is unknown, and the caller should check the server before sending it again.
 */
export class MlflowNetworkError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsMlflowNetworkError';

  /** What went wrong with the connection. */
  readonly reason: NetworkFailureReason;
  /**
   * False only when the request provably never reached the server (the connection could
   * not be opened); true when it may have been received and processed.
   */
  readonly requestSent: boolean;
  /** HTTP method of the request, upper case. */
  readonly method: string;
  /** Path of the request, without query string or credentials. */
  readonly path: string;

  constructor(options: {
    message: string;
    reason: NetworkFailureReason;
    requestSent: boolean;
    method: string;
    path: string;
    isRetryable: boolean;
    cause?: unknown;
    code?: string;
  }) {
    super({ ...options, code: options.code ?? 'MLFLOW_NETWORK' });
    this.reason = options.reason;
    this.requestSent = options.requestSent;
    this.method = options.method;
    this.path = options.path;
  }
}

/**
 * A request to MLflow got no answer within `timeoutMs` (or its connection could not be
 * opened in time). `reason` is always `timeout`.
 */
export class MlflowTimeoutError extends MlflowNetworkError {
  static override readonly errorName: string = 'DagnosticsMlflowTimeoutError';

  /** The time allowed for the attempt that timed out, in ms. */
  readonly timeoutMs: number;

  constructor(options: {
    message: string;
    requestSent: boolean;
    method: string;
    path: string;
    isRetryable: boolean;
    timeoutMs: number;
    cause?: unknown;
  }) {
    super({ ...options, reason: 'timeout', code: 'MLFLOW_TIMEOUT' });
    this.timeoutMs = options.timeoutMs;
  }
}
