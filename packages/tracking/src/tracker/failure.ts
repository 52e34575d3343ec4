import { DagnosticsError } from '@dagnostics/core';

/** How the sender treats a failed request. */
export interface FailureVerdict {
  /** Trying again later may succeed (server down, overloaded, 5xx, timeout). */
  retryable: boolean;
  /**
   * The server may have applied the request although the client saw a failure
   * (connection lost after sending, 5xx after a partial write). Metrics are then
   * reconciled against the server before they are sent again.
   */
  outcomeUnknown: boolean;
}

/**
 * Classifies an error thrown by a backend call. Only DAGnostics errors are trusted to
 * say they are retryable; anything else is a bug or bad input and is not retried.
 */
export function classifyFailure(error: unknown): FailureVerdict {
  if (!DagnosticsError.isInstance(error)) return { retryable: false, outcomeUnknown: false };
  const requestSent = (error as { requestSent?: unknown }).requestSent;
  return {
    retryable: error.isRetryable,
    outcomeUnknown: error.isRetryable && requestSent !== false,
  };
}

/** Delay before retry `attempt` (1-based) of a request the transport gave up on: 0.5 s doubling to 30 s, plus up to 25% jitter. */
export function senderBackoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 500 * 2 ** Math.max(0, attempt - 1));
  return base + base * 0.25 * random();
}
