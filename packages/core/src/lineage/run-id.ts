import { getRandomValues } from 'node:crypto';

/**
 * A new run ID: a UUID version 7 (RFC 9562), which the spec's `format: uuid` accepts and
 * the OpenLineage clients recommend because it sorts by creation time.
 *
 * @param now - Milliseconds since the epoch for the time prefix. Defaults to `Date.now()`.
 */
export function createRunId(now: number = Date.now()): string {
  const bytes = getRandomValues(new Uint8Array(16));
  let milliseconds = Math.max(0, Math.floor(now));
  for (let index = 5; index >= 0; index -= 1) {
    bytes[index] = milliseconds % 256;
    milliseconds = Math.floor(milliseconds / 256);
  }
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
