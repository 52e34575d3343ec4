/**
 * The parts of numpy's legacy `np.random.RandomState(seed)` (MT19937) that scikit-learn's
 * `StratifiedShuffleSplit(random_state=seed)` draws from: 32-bit outputs, bounded integers
 * by masked rejection, and in-place Fisher–Yates permutations. Reproducing the stream
 * exactly is what lets NannyML's calibration check (which splits with `random_state=42`)
 * be reproduced here.
 *
 * The generator is the reference MT19937 of Matsumoto & Nishimura (1998), seeded with their
 * `init_genrand`, which is what `RandomState(int)` does.
 */
export class LegacyRandomState {
  private readonly state = new Uint32Array(624);
  private position = 624;

  constructor(seed: number) {
    const state = this.state;
    state[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const previous = (state[i - 1] as number) ^ ((state[i - 1] as number) >>> 30);
      // 1812433253 · previous + i modulo 2³², split so no product exceeds 2⁵³.
      state[i] =
        (((((previous & 0xffff0000) >>> 16) * 1812433253) << 16) +
          (previous & 0x0000ffff) * 1812433253 +
          i) >>>
        0;
    }
  }

  private regenerate(): void {
    const state = this.state;
    for (let i = 0; i < 624; i++) {
      const mixed =
        ((state[i] as number) & 0x80000000) | ((state[(i + 1) % 624] as number) & 0x7fffffff);
      let next = (state[(i + 397) % 624] as number) ^ (mixed >>> 1);
      if (mixed & 1) next ^= 0x9908b0df;
      state[i] = next >>> 0;
    }
    this.position = 0;
  }

  /** The next 32-bit output, as an unsigned integer. */
  nextUint32(): number {
    if (this.position >= 624) this.regenerate();
    let value = this.state[this.position++] as number;
    value ^= value >>> 11;
    value ^= (value << 7) & 0x9d2c5680;
    value ^= (value << 15) & 0xefc60000;
    value ^= value >>> 18;
    return value >>> 0;
  }

  /**
   * A uniform integer in [0, max] (max < 2³²): draws are masked to the smallest all-ones bit
   * pattern covering `max` and redrawn while they exceed it, as numpy's `random_interval`.
   */
  integerUpTo(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    for (;;) {
      const value = (this.nextUint32() & mask) >>> 0;
      if (value <= max) return value;
    }
  }

  /** Shuffles `values` in place from the last position down, as `RandomState.shuffle` on a 1-D array. */
  shuffle<T>(values: T[]): T[] {
    for (let i = values.length - 1; i >= 1; i--) {
      const j = this.integerUpTo(i);
      const held = values[i] as T;
      values[i] = values[j] as T;
      values[j] = held;
    }
    return values;
  }

  /** `RandomState.permutation(n)`: a shuffled [0, 1, ..., n − 1]. */
  permutation(n: number): number[] {
    return this.shuffle(Array.from({ length: n }, (_, i) => i));
  }
}
