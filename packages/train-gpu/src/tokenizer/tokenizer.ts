/**
 * The hashing tokenizer of @dagnostics/train-gpu: text → hashed feature ids, fastText style.
 *
 * Rules (version `TOKENIZER_RULES_VERSION`; any change to them changes that string):
 * 1. Unicode NFKC normalisation, then (when `lowercase`) `String.prototype.toLowerCase()`
 *    (locale-independent).
 * 2. Words are maximal runs of letters, combining marks and digits:
 *    `/[\p{L}\p{M}\p{N}]+/gu`. Everything else (spaces, punctuation, symbols) separates.
 * 3. Word n-grams for every `n` in `wordNgrams` (`[min, max]`, inclusive): the words joined
 *    by one space, feature text `w<n>:` + joined words (e.g. `w2:new york`).
 * 4. Character n-grams of each word padded as `<word>`: every run of `n` code points
 *    for `n` in `charNgrams` (`[min, max]`, inclusive), feature text `c:` + the n-gram.
 *    `charNgrams: null` turns them off. A padded word shorter than `min` gives none.
 * 5. Each feature text is hashed with 32-bit FNV-1a over its UTF-8 bytes, modulo
 *    `vocabularySize`. The `w<n>:` / `c:` prefixes keep word and char features of the same
 *    text apart before hashing (different inputs; they can still share a bucket by chance
 *    like any two features).
 * Order of ids in a bag: word n-grams by `n`, then position; then char n-grams word by word,
 * by `n`, then position. Repeats are kept (the bag mean weighs them, as fastText does).
 */
import { InvalidArgumentError } from '@dagnostics/core';
import type { TokenBags } from '../model/types';
import { fnv1a } from './fnv1a';

/** Bumped whenever the rules above change (hash values of some text would change). */
export const TOKENIZER_RULES_VERSION = 'dagnostics-hash-tokenizer/1';

/** Settings of `createTokenizer()`. */
export interface TokenizerOptions {
  /** Hash buckets (rows of the embedding table), an integer from 1 to 2^31 - 1. */
  readonly vocabularySize: number;
  /** Word n-gram lengths `[min, max]`, default `[1, 2]`. */
  readonly wordNgrams?: readonly [number, number];
  /** Character n-gram lengths `[min, max]` of `<word>`, default `[3, 5]`; `null`: none. */
  readonly charNgrams?: readonly [number, number] | null;
  /** Lowercase after NFKC, default true. */
  readonly lowercase?: boolean;
}

/** A configured tokenizer. Pure and deterministic: same text, same ids, everywhere. */
export interface Tokenizer {
  /** Rules version plus settings; equal versions give equal ids for equal text. */
  readonly version: string;
  readonly vocabularySize: number;
  /** The words of `text` after normalisation. */
  words(text: string): string[];
  /** The feature texts (before hashing) of `text`, in bag order. */
  features(text: string): string[];
  /** The hashed ids of `text`, in bag order. */
  ids(text: string): Int32Array;
  /** Token bags of several texts, in EmbeddingBag's ids/offsets form. */
  encode(texts: readonly string[]): TokenBags;
}

const wordPattern = /[\p{L}\p{M}\p{N}]+/gu;

function checkRange(name: string, value: readonly [number, number]): void {
  const [min, max] = value;
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max < min || max > 64) {
    throw new InvalidArgumentError({
      argument: name,
      message: `Invalid tokenizer ${name} [${String(min)}, ${String(max)}]: expected integers 1 <= min <= max <= 64.`,
    });
  }
}

/**
 * Creates the hashing tokenizer (rules in the module comment).
 *
 * @example
 * const tokenizer = createTokenizer({ vocabularySize: 2 ** 18 });
 * const bags = tokenizer.encode(['Hello world', 'Grüße aus Köln']);
 */
export function createTokenizer(options: TokenizerOptions): Tokenizer {
  const { vocabularySize } = options;
  if (!Number.isInteger(vocabularySize) || vocabularySize < 1 || vocabularySize > 2 ** 31 - 1) {
    throw new InvalidArgumentError({
      argument: 'vocabularySize',
      message: `Invalid tokenizer vocabularySize ${String(vocabularySize)}: expected an integer from 1 to 2^31 - 1.`,
    });
  }
  const wordNgrams = options.wordNgrams ?? [1, 2];
  const charNgrams = options.charNgrams === undefined ? ([3, 5] as const) : options.charNgrams;
  const lowercase = options.lowercase ?? true;
  checkRange('wordNgrams', wordNgrams);
  if (charNgrams !== null) checkRange('charNgrams', charNgrams);

  const version = [
    TOKENIZER_RULES_VERSION,
    `v${String(vocabularySize)}`,
    `w${String(wordNgrams[0])}-${String(wordNgrams[1])}`,
    charNgrams === null ? 'c-' : `c${String(charNgrams[0])}-${String(charNgrams[1])}`,
    lowercase ? 'lc' : 'cs',
  ].join(';');

  function words(text: string): string[] {
    let normal = text.normalize('NFKC');
    if (lowercase) normal = normal.toLowerCase();
    return normal.match(wordPattern) ?? [];
  }

  function features(text: string): string[] {
    const ws = words(text);
    const out: string[] = [];
    for (let n = wordNgrams[0]; n <= wordNgrams[1]; n += 1) {
      for (let i = 0; i + n <= ws.length; i += 1) {
        out.push(`w${String(n)}:${ws.slice(i, i + n).join(' ')}`);
      }
    }
    if (charNgrams !== null) {
      for (const word of ws) {
        const points = Array.from(`<${word}>`);
        for (let n = charNgrams[0]; n <= charNgrams[1]; n += 1) {
          for (let i = 0; i + n <= points.length; i += 1) {
            out.push(`c:${points.slice(i, i + n).join('')}`);
          }
        }
      }
    }
    return out;
  }

  function ids(text: string): Int32Array {
    const feats = features(text);
    const out = new Int32Array(feats.length);
    for (let i = 0; i < feats.length; i += 1) {
      out[i] = fnv1a(feats[i] as string) % vocabularySize;
    }
    return out;
  }

  function encode(texts: readonly string[]): TokenBags {
    const parts = texts.map(ids);
    const offsets = new Int32Array(parts.length);
    let total = 0;
    parts.forEach((part, row) => {
      offsets[row] = total;
      total += part.length;
    });
    const all = new Int32Array(total);
    parts.forEach((part, row) => {
      all.set(part, offsets[row]);
    });
    return { ids: all, offsets };
  }

  return { version, vocabularySize, words, features, ids, encode };
}
