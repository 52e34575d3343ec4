import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, InvalidArgumentError } from '../errors';
import { createRng, type Rng, type RngSeed, type RngState, restoreRng } from './index';

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

function expectInvalidArgument(action: () => unknown, argument: string): void {
  const error = thrown(action);
  expect(InvalidArgumentError.isInstance(error), String(error)).toBe(true);
  expect((error as InvalidArgumentError).argument).toBe(argument);
}

/** A fixed mix of every kind of draw, touching the uint32 buffer and the normal spare. */
function mixedDraws(rng: Rng, rounds: number): (number | string)[] {
  const out: (number | string)[] = [];
  for (let round = 0; round < rounds; round++) {
    out.push(rng.float(), rng.uint32(), rng.normal(), rng.int(-3, 3));
    out.push(rng.int(0, 2 ** 45), rng.uint64().toString(), rng.choice([1, 2, 3, 4, 5]));
    out.push(...rng.permutation(4));
  }
  return out;
}

describe('seeds', () => {
  it('treats a number, the equal bigint and its uint32 words as the same seed', () => {
    const expected = createRng(2 ** 32 + 5).float64Array(4);
    expect(createRng(2n ** 32n + 5n).float64Array(4)).toEqual(expected);
    expect(createRng([5, 1]).float64Array(4)).toEqual(expected);
  });

  it('packs a string seed as UTF-8 words, so trailing NULs do not matter but other bytes do', () => {
    expect(createRng('abc').float()).toBe(createRng([0x00636261]).float());
    expect(createRng('abc\u0000').float()).toBe(createRng('abc').float());
    expect(createRng('abd').float()).not.toBe(createRng('abc').float());
    expect(createRng('42').float()).not.toBe(createRng(42).float());
  });

  it.each<[string, unknown]>([
    ['a negative number', -1],
    ['a fraction', 1.5],
    ['NaN', Number.NaN],
    ['infinity', Number.POSITIVE_INFINITY],
    ['an unsafe integer', 2 ** 53],
    ['a negative bigint', -1n],
    ['an empty string', ''],
    ['an array with a negative element', [1, -1]],
    ['an array with a fraction', [0.5]],
    ['an array with a non-number', ['1']],
    ['an object', {}],
    ['null', null],
  ])('rejects %s with InvalidArgumentError(seed)', (_, seed) => {
    expectInvalidArgument(() => createRng(seed as RngSeed), 'seed');
  });

  it('rejects a spawn key that is not uint32 words with ConfigError(spawnKey)', () => {
    for (const spawnKey of [[-1], [2 ** 32], [0.5]]) {
      const error = thrown(() => createRng(1, { spawnKey }));
      expect(ConfigError.isInstance(error)).toBe(true);
      expect((error as ConfigError).option).toBe('spawnKey');
      expect(InvalidArgumentError.isInstance(error)).toBe(false);
    }
  });
});

describe('draw arguments', () => {
  const rng = createRng(0);

  it.each<[string, () => unknown, string]>([
    ['int with high < low', () => rng.int(1, 0), 'high'],
    ['int with a fractional low', () => rng.int(0.5, 1), 'low'],
    ['int with an unsafe high', () => rng.int(0, 2 ** 53), 'high'],
    ['int with a range above 2^53', () => rng.int(-(2 ** 52), 2 ** 52 + 1), 'high'],
    ['normal with a negative std', () => rng.normal(0, -1), 'std'],
    ['normal with an infinite std', () => rng.normal(0, Number.POSITIVE_INFINITY), 'std'],
    ['normal with a NaN mean', () => rng.normal(Number.NaN), 'mean'],
    ['choice of nothing', () => rng.choice([]), 'items'],
    ['shuffle of a non-array', () => rng.shuffle('abc' as unknown as unknown[]), 'array'],
    ['permutation of a negative n', () => rng.permutation(-1), 'n'],
    ['float64Array of a fractional n', () => rng.float64Array(1.5), 'n'],
    ['fork with a negative label', () => rng.fork(-1), 'label'],
    ['fork with a label of 2^32', () => rng.fork(2 ** 32), 'label'],
    ['fork with a fractional label', () => rng.fork(1.5), 'label'],
  ])('rejects %s', (_, action, argument) => {
    expectInvalidArgument(action, argument);
  });

  it('accepts the widest range, high - low = 2^53, and an empty range without drawing', () => {
    const value = rng.int(-(2 ** 52), 2 ** 52);
    expect(Math.abs(value)).toBeLessThanOrEqual(2 ** 52);
    const before = rng.getState();
    expect(rng.int(7, 7)).toBe(7);
    expect(rng.getState()).toEqual(before);
  });
});

describe('properties', () => {
  const seed = fc.oneof(
    fc.nat(),
    fc.string({ minLength: 1 }),
    fc.array(fc.nat(), { maxLength: 6 }),
  );

  it('int(low, high) stays in [low, high] for ranges of every size', () => {
    fc.assert(
      fc.property(
        seed,
        fc.integer({ min: -(2 ** 52), max: 2 ** 52 }),
        fc.oneof(
          fc.integer({ min: 0, max: 100 }),
          fc.integer({ min: 2 ** 31, max: 2 ** 33 }),
          fc.integer({ min: 0, max: 2 ** 52 }),
        ),
        (seedValue, low, width) => {
          const rng = createRng(seedValue);
          for (let draw = 0; draw < 20; draw++) {
            const value = rng.int(low, low + width);
            expect(Number.isSafeInteger(value)).toBe(true);
            expect(value).toBeGreaterThanOrEqual(low);
            expect(value).toBeLessThanOrEqual(low + width);
          }
        },
      ),
    );
  });

  it('float() stays in [0, 1)', () => {
    fc.assert(
      fc.property(seed, (seedValue) => {
        for (const value of createRng(seedValue).float64Array(200)) {
          expect(value >= 0 && value < 1).toBe(true);
        }
      }),
    );
  });

  it('shuffle() returns the same array holding the same elements', () => {
    fc.assert(
      fc.property(seed, fc.array(fc.integer()), (seedValue, values) => {
        const array = [...values];
        expect(createRng(seedValue).shuffle(array)).toBe(array);
        expect([...array].sort((a, b) => a - b)).toEqual([...values].sort((a, b) => a - b));
        const typed = Int32Array.from(values);
        createRng(seedValue).shuffle(typed);
        expect(Array.from(typed)).toEqual(array);
      }),
    );
  });

  it('permutation(n) holds each of 0..n-1 once', () => {
    fc.assert(
      fc.property(seed, fc.integer({ min: 0, max: 300 }), (seedValue, n) => {
        const permutation = createRng(seedValue).permutation(n);
        expect([...permutation].sort((a, b) => a - b)).toEqual(
          Array.from({ length: n }, (_, index) => index),
        );
      }),
    );
  });
});

describe('distribution sanity', () => {
  it('normal(mean, std) has the requested moments', () => {
    const rng = createRng('moments');
    const draws = Array.from({ length: 40_000 }, () => rng.normal(3, 2));
    const mean = draws.reduce((sum, value) => sum + value, 0) / draws.length;
    const variance = draws.reduce((sum, value) => sum + (value - mean) ** 2, 0) / draws.length;
    // Standard errors: 2 / sqrt(40000) = 0.01 for the mean, about 0.028 for the variance.
    expect(Math.abs(mean - 3)).toBeLessThan(0.05);
    expect(Math.abs(variance - 4)).toBeLessThan(0.15);
  });

  it('int() hits every value of a small range about equally often', () => {
    const rng = createRng(7);
    const counts = new Array<number>(6).fill(0);
    for (let draw = 0; draw < 60_000; draw++) {
      const value = rng.int(1, 6);
      counts[value - 1] = (counts[value - 1] ?? 0) + 1;
    }
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });
});

describe('fork(label)', () => {
  it('depends on the seed and label path, not on draws made so far', () => {
    const parent = createRng(42);
    const before = parent.fork('trial').fork(3).getState();
    mixedDraws(parent, 5);
    expect(parent.fork('trial').fork(3).getState()).toEqual(before);
    expect(restoreRng(parent.getState()).fork('trial').fork(3).getState()).toEqual(before);
  });

  it('does not advance the parent', () => {
    const parent = createRng(42);
    parent.fork('a');
    expect(parent.float()).toBe(createRng(42).float());
  });

  it('gives distinct streams for labels that look alike', () => {
    const parent = createRng(0);
    const firsts = [1, '1', '\u0001', 'a', 'a\u0000', '', 0].map((label) =>
      parent.fork(label).float(),
    );
    expect(new Set(firsts).size).toBe(firsts.length);
    expect(parent.fork('a').fork('b').float()).not.toBe(parent.fork('b').fork('a').float());
  });
});

describe('getState() and restoreRng()', () => {
  it('continue exactly, through a JSON round trip, with a buffered uint32 and a spare normal', () => {
    const rng = createRng('checkpoint', { spawnKey: [9] });
    mixedDraws(rng, 3);
    while (!rng.getState().hasUint32) rng.uint32();
    while (rng.getState().normalSpare === null) rng.normal();
    const state = rng.getState();
    expect(state.hasUint32).toBe(true);
    expect(state.normalSpare).not.toBeNull();
    const restored = restoreRng(JSON.parse(JSON.stringify(state)) as RngState);
    expect(mixedDraws(restored, 10)).toEqual(mixedDraws(rng, 10));
  });

  it('returns a snapshot the generator does not share', () => {
    const rng = createRng(1);
    const state = rng.getState();
    state.entropy.push(99);
    state.spawnKey.push(99);
    expect(rng.getState().entropy).toEqual([1]);
    expect(rng.getState().spawnKey).toEqual([]);
  });

  const valid = createRng(5).getState();
  it.each<[string, unknown]>([
    ['null', null],
    ['a missing field', { ...valid, words: undefined }],
    ['an unknown field', { ...valid, extra: 1 }],
    ['another version', { ...valid, version: 2 }],
    ['another bit generator', { ...valid, bitGenerator: 'PCG64' }],
    ['a word of 2^64', { ...valid, words: ['18446744073709551616', '0', '0', '0'] }],
    ['a word that is a number', { ...valid, words: [1, '0', '0', '0'] }],
    ['a negative uinteger', { ...valid, uinteger: -1 }],
    ['an entropy word above 2^32 - 1', { ...valid, entropy: [2 ** 32] }],
    ['an infinite normal spare', { ...valid, normalSpare: Number.POSITIVE_INFINITY }],
  ])('rejects %s with InvalidArgumentError(state)', (_, state) => {
    expectInvalidArgument(() => restoreRng(state as RngState), 'state');
  });
});

describe('float64Array(n)', () => {
  it('equals n calls of float() and leaves the generator in the same place', () => {
    const bulk = createRng(3);
    const single = createRng(3);
    expect(Array.from(bulk.float64Array(1000))).toEqual(
      Array.from({ length: 1000 }, () => single.float()),
    );
    expect(bulk.getState()).toEqual(single.getState());
  });
});
