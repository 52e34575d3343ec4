/**
 * What the transport does after a failed attempt:
 * - `retry`: another attempt follows;
 * - `exhausted`: the failure was worth retrying but no attempt is left;
 * - `unsafe`: not repeated, because the request is not safe to repeat and may have reached the server;
 * - `not-replayable`: not repeated, because its body was a one-shot stream;
 * - `final`: the failure is not one that a retry fixes.
 */
export type RetryOutcome = 'retry' | 'exhausted' | 'unsafe' | 'not-replayable' | 'final';

/** Where a failed attempt stands, for the sentence that ends an error message. */
export interface AttemptContext {
  /** HTTP method, upper case. */
  method: string;
  /** Path of the request, already redacted. */
  path: string;
  /** 1-based number of the attempt that failed. */
  attempt: number;
  /** Attempts allowed in all (`maxRetries + 1`). */
  maxAttempts: number;
  /** What happens next. */
  next: RetryOutcome;
}

/** The sentence that says what happened to the request after this failure. */
export function describeRetryOutcome(context: AttemptContext): string {
  switch (context.next) {
    case 'retry':
      return `Retrying (attempt ${context.attempt} of ${context.maxAttempts} failed).`;
    case 'exhausted':
      return `Gave up after ${context.attempt} attempt(s): try again later, or raise MLFLOW_HTTP_REQUEST_MAX_RETRIES.`;
    case 'unsafe':
      return `Not repeated: ${context.method} ${context.path} is not safe to repeat and may have reached the server, so its outcome is unknown; check the server before sending it again.`;
    case 'not-replayable':
      return 'Not repeated: the body was a one-shot stream; pass a function that creates the body to let the transport retry.';
    case 'final':
      return '';
  }
}
