import { InvalidArgumentError } from '../errors';

/**
 * What `createRng()` accepts as a seed. Each form becomes the uint32 "entropy" words of a
 * numpy `SeedSequence`, so the same numbers come out of numpy for the same seed:
 *
 * - a non-negative safe integer (`0 <= seed <= 2 ** 53 - 1`) or a non-negative `bigint` of
 *   any size: split into uint32 words, lowest first, exactly as numpy splits a Python
 *   `int` (`0` is the single word `[0]`). numpy: `SFC64(seed)`.
 * - an array of non-negative safe integers: each element split as above and the words
 *   concatenated, as numpy does for a list (an element below `2 ** 32` is one word).
 *   numpy: `SFC64([...])`. The empty array is accepted, as numpy accepts it.
 * - a non-empty string: its UTF-8 bytes packed little-endian into uint32 words, the last
 *   word zero-padded (so trailing NUL characters do not change the seed). The string is
 *   not parsed: `'42'` and `42` are different seeds. numpy, in Python:
 *   `data = s.encode(); data += b'\0' * (-len(data) % 4)` then
 *   `SFC64([int.from_bytes(data[i:i + 4], 'little') for i in range(0, len(data), 4)])`.
 *   Lone UTF-16 surrogates are encoded as U+FFFD, as `TextEncoder` does.
 */
export type RngSeed = number | bigint | string | readonly number[];

/**
 * A step in a fork path: a number `0 <= n <= 2 ** 32 - 1`, encoded as the words `[0, n]`,
 * or a string, encoded as `[1, utf8ByteLength, ...utf8Words]` with the bytes packed like a
 * string seed. The leading tag keeps `fork(1)` and `fork('\u0001')` apart, and the length
 * keeps `fork('a')` apart from `fork('a\0')`.
 */
export type RngForkLabel = string | number;

const wordSize = 2 ** 32;

/** Converts a seed to the uint32 words numpy's `SeedSequence` would use as its entropy. */
export function seedToEntropyWords(seed: RngSeed): number[] {
  if (typeof seed === 'number') {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw invalidSeed(
        `got ${seed}; a number seed must be an integer from 0 to 2 ** 53 - 1 (pass a bigint for larger seeds)`,
      );
    }
    return integerWords(seed);
  }
  if (typeof seed === 'bigint') {
    if (seed < 0n) throw invalidSeed(`got ${seed}n; a bigint seed must not be negative`);
    return bigintWords(seed);
  }
  if (typeof seed === 'string') {
    if (seed.length === 0) {
      throw invalidSeed('got an empty string, which usually means a missing setting');
    }
    return packUtf8(seed).words;
  }
  if (!Array.isArray(seed)) throw invalidSeed(`got a value of type ${typeof seed}`);
  const words: number[] = [];
  for (const [index, element] of (seed as readonly unknown[]).entries()) {
    if (typeof element !== 'number' || !Number.isSafeInteger(element) || element < 0) {
      throw invalidSeed(
        `seed[${index}] is ${String(element)}; array elements must be integers from 0 to 2 ** 53 - 1`,
      );
    }
    words.push(...integerWords(element));
  }
  return words;
}

/** Encodes one fork label as the spawn-key words appended for it (see {@link RngForkLabel}). */
export function forkLabelWords(label: RngForkLabel): number[] {
  if (typeof label === 'number') {
    if (!Number.isInteger(label) || label < 0 || label >= wordSize) {
      throw new InvalidArgumentError({
        message: `Invalid fork label ${label}: a number label must be an integer from 0 to 2 ** 32 - 1. Use a string label for anything else.`,
        argument: 'label',
      });
    }
    return [0, label];
  }
  if (typeof label !== 'string') {
    throw new InvalidArgumentError({
      message: `Invalid fork label of type ${typeof label}: pass a string or an integer from 0 to 2 ** 32 - 1.`,
      argument: 'label',
    });
  }
  const { byteLength, words } = packUtf8(label);
  return [1, byteLength, ...words];
}

function invalidSeed(detail: string): InvalidArgumentError {
  return new InvalidArgumentError({
    message: `Invalid seed: ${detail}. Pass a non-negative integer, a non-negative bigint, a non-empty string, or an array of non-negative integers.`,
    argument: 'seed',
  });
}

function integerWords(value: number): number[] {
  if (value === 0) return [0];
  const words: number[] = [];
  for (let rest = value; rest > 0; rest = Math.floor(rest / wordSize)) words.push(rest % wordSize);
  return words;
}

function bigintWords(value: bigint): number[] {
  if (value === 0n) return [0];
  const words: number[] = [];
  for (let rest = value; rest > 0n; rest >>= 32n) words.push(Number(rest & 0xffffffffn));
  return words;
}

function packUtf8(text: string): { byteLength: number; words: number[] } {
  const bytes = new TextEncoder().encode(text);
  const words = new Array<number>(Math.ceil(bytes.length / 4)).fill(0);
  for (const [index, byte] of bytes.entries()) {
    const wordIndex = index >>> 2;
    words[wordIndex] = ((words[wordIndex] ?? 0) | (byte << ((index & 3) * 8))) >>> 0;
  }
  return { byteLength: bytes.length, words };
}
