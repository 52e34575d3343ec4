import { InvalidArgumentError } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import { fnv1a } from './fnv1a';
import { createTokenizer, TOKENIZER_RULES_VERSION } from './tokenizer';

describe('fnv1a', () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });
});

describe('createTokenizer', () => {
  const tokenizer = createTokenizer({ vocabularySize: 1000 });

  // Golden ids of our own rules (checked with an independent Python implementation:
  // unicodedata.normalize('NFKC'), str.lower, FNV-1a over UTF-8, modulo 1000).
  it.each([
    [
      'Hello, World!',
      [
        779, 931, 810, 627, 49, 887, 949, 501, 933, 127, 88, 361, 243, 304, 362, 602, 988, 523, 334,
        906, 912, 24, 165, 240, 308, 60, 737,
      ],
    ],
    [
      'ﬁne Straße 42',
      [
        781, 904, 355, 941, 461, 173, 685, 918, 609, 929, 120, 952, 756, 546, 387, 503, 337, 703,
        280, 169, 827, 530, 675, 86, 178, 302, 292, 138, 128, 990, 796, 256,
      ],
    ],
    [
      'Grüße aus Köln',
      [
        128, 968, 93, 138, 211, 841, 338, 427, 868, 169, 174, 572, 802, 14, 992, 235, 644, 126, 355,
        886, 751, 367, 371, 188, 868, 223, 168, 304, 70, 275, 610, 480,
      ],
    ],
    [
      '日本語テキスト',
      [89, 548, 88, 166, 252, 884, 934, 516, 724, 848, 478, 660, 38, 56, 12, 780, 90, 318, 384],
    ],
  ])('gives stable ids for %s', (text, ids) => {
    expect(Array.from(tokenizer.ids(text))).toEqual(ids);
  });

  it('normalises with NFKC and lowercases; words are runs of letters and digits', () => {
    expect(tokenizer.words('ﬁne Straße, ＡＢＣ１２３ and e\u0301té!')).toEqual([
      'fine',
      'straße',
      'abc123',
      'and',
      'été',
    ]);
    expect(tokenizer.features('Hi')).toEqual(['w1:hi', 'c:<hi', 'c:hi>', 'c:<hi>']);
    expect(tokenizer.features('new york')).toContain('w2:new york');
    const cased = createTokenizer({ vocabularySize: 1000, lowercase: false });
    expect(cased.words('Hello')).toEqual(['Hello']);
  });

  it('keeps word and char features apart by prefix', () => {
    const t = createTokenizer({
      vocabularySize: 2 ** 31 - 1,
      wordNgrams: [1, 1],
      charNgrams: [3, 3],
    });
    // the word "hel" and the char 3-gram "hel" of "hello" are different feature texts
    const features = t.features('hel hello');
    expect(features).toContain('w1:hel');
    expect(features).toContain('c:hel');
    const ids = t.ids('hel hello');
    expect(ids[features.indexOf('w1:hel')]).not.toBe(ids[features.indexOf('c:hel')]);
  });

  it('encodes texts as EmbeddingBag ids/offsets, an empty text as an empty bag', () => {
    const bags = tokenizer.encode(['a b', '', '!!', 'c']);
    expect(Array.from(bags.offsets)).toEqual([
      0,
      tokenizer.ids('a b').length,
      tokenizer.ids('a b').length,
      tokenizer.ids('a b').length,
    ]);
    expect(bags.ids.length).toBe(tokenizer.ids('a b').length + tokenizer.ids('c').length);
    expect(Array.from(bags.ids.subarray(bags.offsets[3]))).toEqual(Array.from(tokenizer.ids('c')));
    for (const id of bags.ids) expect(id >= 0 && id < 1000).toBe(true);
  });

  it('keeps collisions low on a corpus', () => {
    const t = createTokenizer({ vocabularySize: 2 ** 20 });
    const words = Array.from(
      { length: 3000 },
      (_, i) => `w${i.toString(36)}x${(i * 7919).toString(36)}`,
    );
    const features = new Set(words.flatMap((w) => t.features(w)));
    const buckets = new Set(t.encode(words).ids);
    // distinct features vs distinct buckets: expected collisions n^2 / 2V
    const n = features.size;
    const collisions = n - buckets.size;
    expect(n).toBeGreaterThan(20000);
    expect(collisions).toBeLessThan((3 * n * n) / (2 * 2 ** 20));
  });

  it('has a version that changes with the rules and settings', () => {
    expect(tokenizer.version.startsWith(TOKENIZER_RULES_VERSION)).toBe(true);
    expect(createTokenizer({ vocabularySize: 1000 }).version).toBe(tokenizer.version);
    expect(createTokenizer({ vocabularySize: 1001 }).version).not.toBe(tokenizer.version);
    expect(createTokenizer({ vocabularySize: 1000, charNgrams: null }).version).not.toBe(
      tokenizer.version,
    );
    expect(createTokenizer({ vocabularySize: 1000, lowercase: false }).version).not.toBe(
      tokenizer.version,
    );
  });

  it('turns char n-grams off with charNgrams: null', () => {
    const t = createTokenizer({ vocabularySize: 1000, charNgrams: null });
    expect(t.features('one two')).toEqual(['w1:one', 'w1:two', 'w2:one two']);
  });

  it('rejects bad settings', () => {
    expect(() => createTokenizer({ vocabularySize: 0 })).toThrow(InvalidArgumentError);
    expect(() => createTokenizer({ vocabularySize: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => createTokenizer({ vocabularySize: 10, wordNgrams: [2, 1] })).toThrow(
      InvalidArgumentError,
    );
    expect(() => createTokenizer({ vocabularySize: 10, charNgrams: [0, 3] })).toThrow(
      InvalidArgumentError,
    );
  });
});
