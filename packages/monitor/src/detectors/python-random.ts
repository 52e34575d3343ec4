import { InvalidArgumentError } from '@dagnostics/core';

const N = 624;
const M = 397;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const MATRIX_A = 0x9908b0df;

/** The state of a `PythonRandom`: MT19937's 624 words and its position. */
export interface PythonRandomState {
  readonly words: readonly number[];
  readonly index: number;
}

/**
 * CPython's `random.Random` (MT19937), enough of it to draw `sample(range(n), k)` exactly
 * as Python 3.11+ does for an integer seed. KSWIN needs this to pick the same reference
 * sample as river.
 */
export class PythonRandom {
  private readonly mt = new Uint32Array(N);
  private index = N + 1;
  private readonly pool: Int32Array;
  private readonly chosen: Uint8Array;

  /**
   * `seed`: a safe integer (its absolute value seeds MT19937 as CPython's `random.seed(int)`
   * does), or `undefined` for 624 words from the platform's cryptographic generator, as
   * CPython seeds from `os.urandom`. `maxPopulation` sizes the scratch space of `sample`.
   */
  constructor(seed: number | undefined, maxPopulation: number) {
    this.pool = new Int32Array(maxPopulation);
    this.chosen = new Uint8Array(maxPopulation);
    this.seed(seed);
  }

  /** Re-seeds in place, as `random.seed(seed)` does. */
  seed(seed: number | undefined): void {
    if (seed === undefined) {
      const key = new Uint32Array(N);
      globalThis.crypto.getRandomValues(key);
      this.initByArray(key);
    } else {
      this.initByArray(seedKey(seed));
    }
  }

  /** A uniform 32-bit unsigned integer: CPython's `getrandbits(32)`. */
  nextUint32(): number {
    const mt = this.mt;
    if (this.index >= N) {
      let kk = 0;
      for (; kk < N - M; kk++) {
        const y = ((mt[kk] as number) & UPPER_MASK) | ((mt[kk + 1] as number) & LOWER_MASK);
        mt[kk] = (mt[kk + M] as number) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      for (; kk < N - 1; kk++) {
        const y = ((mt[kk] as number) & UPPER_MASK) | ((mt[kk + 1] as number) & LOWER_MASK);
        mt[kk] = (mt[kk + (M - N)] as number) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      const y = ((mt[N - 1] as number) & UPPER_MASK) | ((mt[0] as number) & LOWER_MASK);
      mt[N - 1] = (mt[M - 1] as number) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      this.index = 0;
    }
    let y = mt[this.index++] as number;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A uniform integer in [0, n) for 1 <= n < 2^32: CPython's `_randbelow_with_getrandbits`. */
  below(n: number): number {
    const bits = 32 - Math.clz32(n);
    const shift = 32 - bits;
    let r = this.nextUint32() >>> shift;
    while (r >= n) r = this.nextUint32() >>> shift;
    return r;
  }

  /**
   * `random.sample(range(n), k)` of CPython 3.11+, written into `out[0..k)`: a partial
   * Fisher-Yates over a pool when `n` is small compared with `k`, rejection of repeats
   * otherwise, exactly as CPython chooses between them.
   */
  sample(n: number, k: number, out: Int32Array): void {
    let setSize = 21;
    if (k > 5) setSize += 4 ** Math.ceil(Math.log(k * 3) / Math.log(4));
    if (n <= setSize) {
      const pool = this.pool;
      for (let i = 0; i < n; i++) pool[i] = i;
      for (let i = 0; i < k; i++) {
        const j = this.below(n - i);
        out[i] = pool[j] as number;
        pool[j] = pool[n - i - 1] as number;
      }
      return;
    }
    const chosen = this.chosen;
    for (let i = 0; i < k; i++) {
      let j = this.below(n);
      while (chosen[j] === 1) j = this.below(n);
      chosen[j] = 1;
      out[i] = j;
    }
    for (let i = 0; i < k; i++) chosen[out[i] as number] = 0;
  }

  state(): PythonRandomState {
    return { words: Array.from(this.mt), index: this.index };
  }

  restore(state: PythonRandomState): void {
    if (state.words.length !== N || !(state.index >= 0 && state.index <= N)) {
      throw new InvalidArgumentError({
        message: `KSWIN: invalid snapshot: the random state needs ${N} words and an index in [0, ${N}]. Pass an object returned by snapshot(), unmodified.`,
        argument: 'snapshot',
      });
    }
    this.mt.set(state.words);
    this.index = state.index;
  }

  private initGenrand(seed: number): void {
    const mt = this.mt;
    mt[0] = seed;
    for (let i = 1; i < N; i++) {
      const previous = mt[i - 1] as number;
      mt[i] = Math.imul(1812433253, previous ^ (previous >>> 30)) + i;
    }
    this.index = N;
  }

  private initByArray(key: ArrayLike<number>): void {
    const mt = this.mt;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const previous = mt[i - 1] as number;
      mt[i] =
        ((mt[i] as number) ^ Math.imul(previous ^ (previous >>> 30), 1664525)) +
        (key[j] as number) +
        j;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1] as number;
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const previous = mt[i - 1] as number;
      mt[i] = ((mt[i] as number) ^ Math.imul(previous ^ (previous >>> 30), 1566083941)) - i;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1] as number;
        i = 1;
      }
    }
    mt[0] = 0x80000000;
  }
}

/** CPython's key for `random.seed(int)`: |seed| split into 32-bit words, least significant first. */
function seedKey(seed: number): number[] {
  let rest = Math.abs(seed);
  const key: number[] = [];
  do {
    key.push(rest % 2 ** 32);
    rest = Math.floor(rest / 2 ** 32);
  } while (rest > 0);
  return key;
}
