/**
 * Whether a request may be sent again after a failure that left its outcome unknown:
 * `safe` when a repeat has the same effect as one call (reads, PUT, DELETE), `unsafe` when
 * a repeat could duplicate something (creating a run, appending metrics).
 */
export type RetrySafety = 'safe' | 'unsafe';

/** Decides the {@link RetrySafety} of a request from its method and URL path. */
export type RetrySafetyClassifier = (method: string, pathname: string) => RetrySafety;

/** Statuses MLflow's client retries (`_TRANSIENT_FAILURE_RESPONSE_CODES`). */
const retriedStatuses: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/** Longest wait before a retry, in ms, whether from the backoff or from `Retry-After` (urllib3's cap). */
export const maxRetryDelayMs = 120_000;

/** True for the statuses that are worth another attempt: 408, 429, 500, 502, 503, 504. */
export function isRetriedStatus(status: number): boolean {
  return retriedStatuses.has(status);
}

/**
 * The default classifier: GET, HEAD, OPTIONS, PUT and DELETE are idempotent by HTTP's
 * definition and so `safe`; POST, PATCH and anything else are `unsafe`. MLflow's read-only
 * POST endpoints (the searches) are `safe` only through a classifier that knows them.
 */
export function defaultRetrySafety(method: string): RetrySafety {
  switch (method.toUpperCase()) {
    case 'GET':
    case 'HEAD':
    case 'OPTIONS':
    case 'PUT':
    case 'DELETE':
      return 'safe';
    default:
      return 'unsafe';
  }
}

/**
 * True when a failed request may be sent again: always when it is `safe`, and for an
 * `unsafe` one only when it provably never reached the server.
 */
export function mayRepeat(safety: RetrySafety, failure: { requestSent: boolean }): boolean {
  return safety === 'safe' || !failure.requestSent;
}

/** The backoff part of the tracking settings. */
export interface BackoffSettings {
  /** Base of the exponential backoff, in ms. */
  backoffFactorMs: number;
  /** Upper bound of the uniform jitter added to every wait, in ms. */
  backoffJitterMs: number;
  /** Whether a `Retry-After` header replaces the exponential backoff. */
  respectRetryAfter: boolean;
}

/**
 * Exponential backoff before retry number `retry` (1 for the first retry):
 * `min(120 s, backoffFactorMs · 2^(retry−1))` plus a uniform jitter in `[0, backoffJitterMs)`.
 *
 * @param random - a source of uniform numbers in [0, 1); `Math.random` unless a test injects one.
 */
export function backoffDelayMs(
  retry: number,
  settings: Pick<BackoffSettings, 'backoffFactorMs' | 'backoffJitterMs'>,
  random: () => number = Math.random,
): number {
  const exponential = settings.backoffFactorMs * 2 ** (Math.max(1, retry) - 1);
  return Math.min(maxRetryDelayMs, exponential) + random() * settings.backoffJitterMs;
}

/**
 * The wait a `Retry-After` header asks for, in ms: delay-seconds (`120`, also `1.5`) or an
 * HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`, measured from `nowMs`, never negative).
 * Undefined when the header is absent or unreadable.
 */
export function parseRetryAfterMs(
  value: string | null | undefined,
  nowMs: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // Only text that looks like a date goes to Date.parse, which accepts odd shapes ("1.5").
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : Math.max(0, time - nowMs);
}

/**
 * How long to wait before retry number `retry`: what `Retry-After` asks (when it is
 * respected and readable, capped at {@link maxRetryDelayMs}) or the exponential backoff,
 * plus jitter either way.
 */
export function retryDelayMs(
  retry: number,
  retryAfter: string | null | undefined,
  settings: BackoffSettings,
  clock: { random?: () => number; nowMs?: number } = {},
): { delayMs: number; fromRetryAfter: boolean } {
  const random = clock.random ?? Math.random;
  const requested = settings.respectRetryAfter
    ? parseRetryAfterMs(retryAfter, clock.nowMs)
    : undefined;
  if (requested === undefined) {
    return { delayMs: backoffDelayMs(retry, settings, random), fromRetryAfter: false };
  }
  return {
    delayMs: Math.min(maxRetryDelayMs, requested) + random() * settings.backoffJitterMs,
    fromRetryAfter: true,
  };
}
