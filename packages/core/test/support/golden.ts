import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

/** A fixture written by scripts/python/golden/_common.py. */
export interface GoldenDocument<Cases> {
  generator: string;
  peers: Record<string, string>;
  cases: Cases;
}

function decode(value: unknown): unknown {
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  if (Array.isArray(value)) return value.map(decode);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, decode(item)]));
  }
  return value;
}

/** Reads a golden fixture, turning "NaN"/"Infinity"/"-Infinity" strings back into numbers. */
export function readGolden<Cases>(url: URL): GoldenDocument<Cases> {
  return decode(JSON.parse(readFileSync(url, 'utf8'))) as GoldenDocument<Cases>;
}

/**
 * Asserts `actual` matches the peer's `expected` within a relative tolerance
 * (default 1e-12, the project's bar for kernels; with `tail: true`, 1e-9 for
 * probabilities below 1e-6). NaN must match NaN and infinities must match exactly.
 */
export function expectClose(
  actual: number,
  expected: number,
  options: { rtol?: number; atol?: number; tail?: boolean; label?: string } = {},
): void {
  const label = options.label ?? '';
  if (Number.isNaN(expected)) {
    expect(actual, label).toBeNaN();
    return;
  }
  if (!Number.isFinite(expected)) {
    expect(actual, label).toBe(expected);
    return;
  }
  const baseRtol = options.rtol ?? 1e-12;
  // The looser bound is only for probabilities deep in a tail (pass `tail: true`).
  const rtol =
    options.tail === true && Math.abs(expected) < 1e-6 ? Math.max(baseRtol, 1e-9) : baseRtol;
  const atol = options.atol ?? 0;
  const error = Math.abs(actual - expected);
  const bound = atol + rtol * Math.abs(expected);
  if (!(error <= bound)) {
    expect.fail(
      `${label} expected ${expected} but got ${actual} (abs error ${error}, bound ${bound})`,
    );
  }
}
