import { z } from 'zod';
import { ConfigError, InvalidArgumentError } from '../errors';
import { boundedLemire32, boundedLemire64, randomInterval } from './bounded';
import { parseRngState, type RngState, serializeRngState } from './rng-state';
import {
  forkLabelWords,
  type RngForkLabel,
  type RngSeed,
  seedToEntropyWords,
} from './seed-encoding';
import { seedSequenceWords } from './seed-sequence';
import { Sfc64 } from './sfc64';

/** Arrays `rng.shuffle()` permutes in place: plain arrays and every typed array. */
export type ShuffleableArray =
  | unknown[]
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/**
 * A seeded pseudo-random generator whose draws equal numpy's
 * `np.random.Generator(np.random.SFC64(seed))` for the same seed, bit for bit, on every
 * platform. Not for cryptography.
 *
 * Methods read and advance the generator's own state, so call them on the `Rng`
 * (`rng.float()`), not detached (`const { float } = rng`).
 */
export interface Rng {
  /** A uniform float in [0, 1), a multiple of 2^-53. numpy: `Generator.random()`. */
  float(): number;

  /**
   * A uniform integer in [0, 2^32 - 1]. Uses the low half of a uint64 and keeps the high
   * half for the next 32-bit draw (`uint32`, `int` with a range below 2^32, `choice`,
   * `shuffle`), as numpy does. numpy: `Generator.integers(0, 2**32, dtype=np.uint32)`.
   */
  uint32(): number;

  /** A uniform integer in [0, 2^64 - 1]. numpy: `Generator.bit_generator.random_raw()`. */
  uint64(): bigint;

  /**
   * A uniform integer in [low, high], both ends included. `low` and `high` are safe
   * integers with `low <= high` and `high - low <= 2^53`; otherwise throws
   * `InvalidArgumentError`. numpy: `Generator.integers(low, high + 1)` (int64): Lemire's
   * method on buffered uint32 draws when `high - low < 2^32 - 1`, one uint32 when it is
   * exactly 2^32 - 1, Lemire on uint64 draws above. `low === high` draws nothing.
   */
  int(low: number, high: number): number;

  /**
   * A normal draw with mean `mean` (default 0) and standard deviation `std` (default 1,
   * must be finite and >= 0), by the Marsaglia polar method: two uniforms per pair, the
   * second value of the pair kept for the next call. This is numpy's legacy method,
   * `np.random.RandomState(np.random.SFC64(seed)).normal(mean, std)`, not the ziggurat of
   * `Generator.normal`; values can differ from numpy's in the last bits where the
   * platform's `log` rounds differently from `Math.log`. Deterministic in JavaScript.
   */
  normal(mean?: number, std?: number): number;

  /**
   * A uniformly chosen element of `items`. The index is numpy's `Generator.choice(n)` with
   * `n = items.length`, i.e. `Generator.integers(0, n)`. Throws `InvalidArgumentError` for
   * an empty `items`.
   */
  choice<T>(items: ArrayLike<T>): T;

  /**
   * Permutes `array` in place with the Fisher-Yates shuffle and returns it: for `i` from
   * `length - 1` down to 1, swap element `i` with element `j`, `j` uniform in [0, i] by
   * masked rejection on buffered uint32 draws. numpy: `Generator.shuffle(x)` on a 1-D array.
   */
  shuffle<T extends ShuffleableArray>(array: T): T;

  /**
   * The integers 0 to n - 1 in shuffled order (`n` a safe integer, 0 <= n < 2^32).
   * numpy: `Generator.permutation(n)`.
   */
  permutation(n: number): number[];

  /**
   * A new `Float64Array` of `n` draws of {@link Rng.float} (same values, same order),
   * filled without per-draw overhead. numpy: `Generator.random(n)`.
   */
  float64Array(n: number): Float64Array;

  /**
   * An independent child generator for `label`, derived from this generator's seed and
   * fork path only, never from the draws made so far: `rng.fork('trial').fork(3)` is the
   * same stream whatever ran before, so per-trial, per-worker or per-epoch streams do not
   * depend on execution order. Forking does not advance this generator.
   *
   * The child is numpy's `SFC64(SeedSequence(entropy, spawn_key=parent_spawn_key +
   * encode(label)))` with `encode(n) = [0, n]` for a number and `encode(s) = [1,
   * utf8_byte_length, *utf8_words]` for a string (see `RngForkLabel`). numpy's own
   * `SeedSequence.spawn()` children are `createRng(seed, { spawnKey: [i] })`.
   */
  fork(label: RngForkLabel): Rng;

  /** A JSON-serializable snapshot for `restoreRng()`; see `RngState`. */
  getState(): RngState;
}

/** Settings for `createRng()`. */
export interface CreateRngOptions {
  /**
   * SeedSequence spawn key (uint32 words) to start from; default `[]`. `createRng(seed, {
   * spawnKey })` equals numpy `SFC64(SeedSequence(seed, spawn_key=spawnKey))`, and forks
   * append to it.
   */
  spawnKey?: readonly number[];
}

/**
 * Creates a seeded generator: numpy's SFC64 bit generator seeded through numpy's
 * `SeedSequence`, so `createRng(seed).float()` is `np.random.Generator(np.random.SFC64(seed))
 * .random()` bit for bit, and likewise for every `Rng` method that names a numpy
 * equivalent. See `RngSeed` for how numbers, bigints, strings and arrays are turned into
 * SeedSequence entropy. Throws `InvalidArgumentError` (`argument: 'seed'`) for a negative,
 * fractional, unsafe or non-finite number, a negative bigint or an empty string, and
 * `ConfigError` for invalid options.
 *
 * @example
 * ```ts
 * const rng = createRng(42);
 * rng.float(); // 0.5299360452325557, like np.random.Generator(np.random.SFC64(42)).random()
 * const trialRng = rng.fork('trial').fork(7); // independent of draws made on rng
 * ```
 */
export function createRng(seed: RngSeed, options: CreateRngOptions = {}): Rng {
  const entropy = seedToEntropyWords(seed);
  const { spawnKey = [] } = parseOptions(options);
  return SeededRng.seeded(entropy, spawnKey);
}

/**
 * Recreates a generator from `rng.getState()`, continuing its stream exactly. Throws
 * `InvalidArgumentError` (`argument: 'state'`) when `state` is not a valid snapshot.
 */
export function restoreRng(state: RngState): Rng {
  const parsed = parseRngState(state);
  return new SeededRng(
    parsed.entropy,
    parsed.spawnKey,
    Sfc64.restored(parsed.sfc64),
    parsed.normalSpare,
  );
}

const maxUint32 = 0xffffffff;
const twoPow53 = 2 ** 53;

class SeededRng implements Rng {
  private hasNormalSpare: boolean;
  private normalSpare: number;

  constructor(
    private readonly entropy: readonly number[],
    private readonly spawnKey: readonly number[],
    private readonly bits: Sfc64,
    normalSpare: number | null,
  ) {
    this.hasNormalSpare = normalSpare !== null;
    this.normalSpare = normalSpare ?? 0;
  }

  static seeded(entropy: readonly number[], spawnKey: readonly number[]): SeededRng {
    // SFC64 takes three uint64 (six uint32 words) from the SeedSequence.
    const bits = Sfc64.seeded(seedSequenceWords(entropy, spawnKey, 6));
    return new SeededRng(entropy, spawnKey, bits, null);
  }

  float(): number {
    return this.bits.nextFloat();
  }

  uint32(): number {
    return this.bits.nextUint32();
  }

  uint64(): bigint {
    this.bits.step();
    return (BigInt(this.bits.outputHigh()) << 32n) | BigInt(this.bits.outputLow());
  }

  int(low: number, high: number): number {
    if (!Number.isSafeInteger(low)) throw notSafeInteger('low', low);
    if (!Number.isSafeInteger(high)) throw notSafeInteger('high', high);
    if (high < low) {
      throw new InvalidArgumentError({
        message: `int(low, high) needs low <= high, got low = ${low}, high = ${high}.`,
        argument: 'high',
      });
    }
    // Exact whenever it matters: for low < 0, low + 2^53 is an exact double; for
    // low >= 0 it is at least 2^53, above any safe high. high - low is then exact too.
    if (high > low + twoPow53) {
      throw new InvalidArgumentError({
        message: `int(low, high) supports ranges up to high - low = 2^53, got low = ${low}, high = ${high}. Split the range or use uint64().`,
        argument: 'high',
      });
    }
    return low + this.boundedInteger(high - low);
  }

  normal(mean = 0, std = 1): number {
    if (!Number.isFinite(mean)) {
      throw new InvalidArgumentError({
        message: `normal() needs a finite mean, got ${mean}.`,
        argument: 'mean',
      });
    }
    if (!(std >= 0 && std < Number.POSITIVE_INFINITY)) {
      throw new InvalidArgumentError({
        message: `normal() needs a finite std >= 0, got ${std}.`,
        argument: 'std',
      });
    }
    if (this.hasNormalSpare) {
      this.hasNormalSpare = false;
      return mean + std * this.normalSpare;
    }
    let u: number;
    let v: number;
    let radiusSquared: number;
    do {
      u = 2 * this.bits.nextFloat() - 1;
      v = 2 * this.bits.nextFloat() - 1;
      radiusSquared = u * u + v * v;
    } while (radiusSquared >= 1 || radiusSquared === 0);
    const scale = Math.sqrt((-2 * Math.log(radiusSquared)) / radiusSquared);
    // numpy's legacy order: return the second coordinate, keep the first.
    this.normalSpare = scale * u;
    this.hasNormalSpare = true;
    return mean + std * (scale * v);
  }

  choice<T>(items: ArrayLike<T>): T {
    if (items.length === 0) {
      throw new InvalidArgumentError({
        message: 'choice() needs at least one item.',
        argument: 'items',
      });
    }
    return items[this.boundedInteger(items.length - 1)] as T;
  }

  shuffle<T extends ShuffleableArray>(array: T): T {
    const isTypedArray = ArrayBuffer.isView(array) && !(array instanceof DataView);
    if (!Array.isArray(array) && !isTypedArray) {
      throw new InvalidArgumentError({
        message: 'shuffle() needs an array or a typed array.',
        argument: 'array',
      });
    }
    // Typed arrays could in principle outgrow the uint32 indices numpy's 32-bit path uses.
    if (array.length - 1 > maxUint32) {
      throw new InvalidArgumentError({
        message: `shuffle() supports up to 2^32 elements, got ${array.length}.`,
        argument: 'array',
      });
    }
    const items = array as { [index: number]: unknown; length: number };
    for (let index = items.length - 1; index > 0; index--) {
      const other = randomInterval(this.bits, index);
      const held = items[index];
      items[index] = items[other];
      items[other] = held;
    }
    return array;
  }

  permutation(n: number): number[] {
    if (!Number.isSafeInteger(n) || n < 0 || n > maxUint32) {
      throw new InvalidArgumentError({
        message: `permutation(n) needs an integer n from 0 to 2^32 - 1, got ${n}.`,
        argument: 'n',
      });
    }
    const values = new Array<number>(n);
    for (let index = 0; index < n; index++) values[index] = index;
    return this.shuffle(values);
  }

  float64Array(n: number): Float64Array {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new InvalidArgumentError({
        message: `float64Array(n) needs a non-negative integer n, got ${n}.`,
        argument: 'n',
      });
    }
    const out = new Float64Array(n);
    this.bits.fillFloats(out);
    return out;
  }

  fork(label: RngForkLabel): Rng {
    return SeededRng.seeded(this.entropy, [...this.spawnKey, ...forkLabelWords(label)]);
  }

  getState(): RngState {
    return serializeRngState({
      entropy: this.entropy,
      spawnKey: this.spawnKey,
      sfc64: this.bits.snapshot(),
      normalSpare: this.hasNormalSpare ? this.normalSpare : null,
    });
  }

  /** numpy `random_bounded_uint64` without masking: uniform in [0, range], range <= 2^53. */
  private boundedInteger(range: number): number {
    if (range === 0) return 0;
    if (range < maxUint32) return boundedLemire32(this.bits, range);
    if (range === maxUint32) return this.bits.nextUint32();
    return boundedLemire64(this.bits, range);
  }
}

function notSafeInteger(argument: 'low' | 'high', value: number): InvalidArgumentError {
  return new InvalidArgumentError({
    message: `int(low, high) needs safe integers (|x| <= 2^53 - 1), got ${argument} = ${value}.`,
    argument,
  });
}

let cachedOptionsSchema: ReturnType<typeof buildOptionsSchema> | undefined;

function parseOptions(options: CreateRngOptions): CreateRngOptions {
  cachedOptionsSchema ??= buildOptionsSchema();
  const result = cachedOptionsSchema.safeParse(options);
  if (!result.success) {
    throw new ConfigError({
      message: `Invalid createRng() options: ${z.prettifyError(result.error)}\nspawnKey must be an array of integers from 0 to 2^32 - 1.`,
      option: String(result.error.issues[0]?.path[0] ?? 'options'),
      source: 'option',
      cause: result.error,
    });
  }
  return result.data;
}

// Built on first use, not at import.
function buildOptionsSchema() {
  return z.strictObject({
    spawnKey: z.array(z.number().int().min(0).max(maxUint32)).optional(),
  });
}
