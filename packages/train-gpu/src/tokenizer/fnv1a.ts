/**
 * 32-bit FNV-1a over the UTF-8 bytes of a string.
 *
 * Offset basis 2166136261 (0x811c9dc5), prime 16777619 (0x01000193), per byte:
 * `hash ^= byte; hash *= prime (mod 2^32)`. Returns an unsigned 32-bit integer.
 */
const encoder = new TextEncoder();

const offsetBasis = 0x811c9dc5;
const prime = 0x01000193;

/** FNV-1a (32-bit) of `bytes`, continuing from `hash` (default: the offset basis). */
export function fnv1aBytes(bytes: Uint8Array, hash: number = offsetBasis): number {
  let h = hash >>> 0;
  for (let i = 0; i < bytes.length; i += 1) {
    h ^= bytes[i] as number;
    h = Math.imul(h, prime) >>> 0;
  }
  return h >>> 0;
}

/** FNV-1a (32-bit) of the UTF-8 encoding of `text`. `fnv1a('a') === 0xe40c292c`. */
export function fnv1a(text: string): number {
  return fnv1aBytes(encoder.encode(text));
}
