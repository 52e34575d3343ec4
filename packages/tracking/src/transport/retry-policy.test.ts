import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  defaultRetrySafety,
  isRetriedStatus,
  maxRetryDelayMs,
  mayRepeat,
  parseRetryAfterMs,
  retryDelayMs,
} from './retry-policy';

const noJitter = () => 0;

describe('backoffDelayMs', () => {
  it("doubles from the factor like urllib3's backoff_factor · 2^(n−1)", () => {
    const settings = { backoffFactorMs: 2_000, backoffJitterMs: 1_000 };
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelayMs(retry, settings, noJitter))).toEqual([
      2_000, 4_000, 8_000, 16_000, 32_000,
    ]);
  });

  it('caps the exponential part at 120 s and adds the jitter on top', () => {
    const settings = { backoffFactorMs: 2_000, backoffJitterMs: 1_000 };
    expect(backoffDelayMs(7, settings, noJitter)).toBe(120_000);
    expect(backoffDelayMs(10, settings, () => 0.5)).toBe(120_500);
  });

  it('waits only the jitter when the factor is 0', () => {
    expect(backoffDelayMs(3, { backoffFactorMs: 0, backoffJitterMs: 400 }, () => 0.25)).toBe(100);
  });

  it('stays within [base, base + jitter] and never shrinks from one retry to the next', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0, max: 120_000, noNaN: true }),
        fc.double({ min: 0, max: 10_000, noNaN: true }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retry, backoffFactorMs, backoffJitterMs, draw) => {
          const settings = { backoffFactorMs, backoffJitterMs };
          const base = backoffDelayMs(retry, settings, noJitter);
          const delay = backoffDelayMs(retry, settings, () => draw);
          expect(base).toBeLessThanOrEqual(maxRetryDelayMs);
          expect(delay).toBeGreaterThanOrEqual(base);
          expect(delay).toBeLessThanOrEqual(base + backoffJitterMs);
          expect(backoffDelayMs(retry + 1, settings, noJitter)).toBeGreaterThanOrEqual(base);
        },
      ),
    );
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');

  it('reads delay-seconds', () => {
    expect(parseRetryAfterMs('120', now)).toBe(120_000);
    expect(parseRetryAfterMs(' 0 ', now)).toBe(0);
    expect(parseRetryAfterMs('1.5', now)).toBe(1_500);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfterMs('Wed, 21 Oct 2015 07:28:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfterMs('Wed, 21 Oct 2015 07:27:00 GMT', now)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    for (const value of [null, undefined, '', 'soon', '-5', '1e3', '12abc']) {
      expect(parseRetryAfterMs(value, now), String(value)).toBeUndefined();
    }
  });
});

describe('retryDelayMs', () => {
  const settings = { backoffFactorMs: 100, backoffJitterMs: 50, respectRetryAfter: true };

  it('waits what Retry-After asks instead of the backoff, plus jitter', () => {
    expect(retryDelayMs(1, '3', settings, { random: () => 0.5 })).toEqual({
      delayMs: 3_025,
      fromRetryAfter: true,
    });
  });

  it('caps Retry-After at 120 s', () => {
    expect(retryDelayMs(1, '3600', settings, { random: noJitter }).delayMs).toBe(maxRetryDelayMs);
  });

  it('uses the backoff when Retry-After is absent, unreadable or not respected', () => {
    expect(retryDelayMs(2, null, settings, { random: noJitter })).toEqual({
      delayMs: 200,
      fromRetryAfter: false,
    });
    expect(retryDelayMs(2, 'later', settings, { random: noJitter }).delayMs).toBe(200);
    expect(
      retryDelayMs(2, '3', { ...settings, respectRetryAfter: false }, { random: noJitter }).delayMs,
    ).toBe(200);
  });
});

describe('what is retried', () => {
  it("retries exactly MLflow's transient statuses", () => {
    const retried = Array.from({ length: 500 }, (_, index) => index + 100).filter(isRetriedStatus);
    expect(retried).toEqual([408, 429, 500, 502, 503, 504]);
  });

  it('treats idempotent methods as safe and POST/PATCH as unsafe', () => {
    expect(['GET', 'head', 'OPTIONS', 'PUT', 'DELETE'].map(defaultRetrySafety)).toEqual(
      Array(5).fill('safe'),
    );
    expect(['POST', 'PATCH', 'CONNECT'].map(defaultRetrySafety)).toEqual(Array(3).fill('unsafe'));
  });

  it('repeats an unsafe request only when it provably never reached the server', () => {
    expect(mayRepeat('safe', { requestSent: true })).toBe(true);
    expect(mayRepeat('unsafe', { requestSent: false })).toBe(true);
    expect(mayRepeat('unsafe', { requestSent: true })).toBe(false);
  });
});
