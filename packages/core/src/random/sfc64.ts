// SFC64 (Chris Doty-Humphrey's Small Fast Chaotic generator, 64-bit), as numpy's
// `np.random.SFC64` runs it, with every uint64 kept as two uint32 halves so that no
// BigInt is needed. The state lives in one Uint32Array: typed-array slots hold full
// uint32 values without boxing, which keeps a draw allocation-free.

const aHigh = 0;
const aLow = 1;
const bHigh = 2;
const bLow = 3;
const cHigh = 4;
const cLow = 5;
const counterHigh = 6;
const counterLow = 7;
const outputHigh = 8;
const outputLow = 9;
const hasUint32Slot = 10;
const uintegerSlot = 11;

const twoPowMinus32 = 2 ** -32;
const twoPow21 = 2 ** 21;
const twoPowMinus53 = 2 ** -53;

/** Number of rounds numpy runs after loading the seed, before the first output. */
const warmUpRounds = 12;

/** A uint64 as its high and low uint32 halves. */
export type Uint64Halves = readonly [high: number, low: number];

/** SFC64 state in numpy's layout: `s` = [a, b, c, counter], plus the buffered uint32. */
export interface Sfc64Snapshot {
  /** a, b, c and counter. */
  words: readonly [Uint64Halves, Uint64Halves, Uint64Halves, Uint64Halves];
  hasUint32: boolean;
  uinteger: number;
}

/** The SFC64 bit generator: numpy's `SFC64` with its `next_uint64/next_uint32/next_double`. */
export class Sfc64 {
  private readonly state = new Uint32Array(12);

  /** Seeds like numpy: a, b, c from six uint32 words (low half first), counter 1, 12 warm-up rounds. */
  static seeded(words: Uint32Array): Sfc64 {
    const generator = new Sfc64();
    const { state } = generator;
    state[aLow] = words[0] ?? 0;
    state[aHigh] = words[1] ?? 0;
    state[bLow] = words[2] ?? 0;
    state[bHigh] = words[3] ?? 0;
    state[cLow] = words[4] ?? 0;
    state[cHigh] = words[5] ?? 0;
    state[counterLow] = 1;
    for (let round = 0; round < warmUpRounds; round++) generator.step();
    return generator;
  }

  /** Rebuilds a generator from {@link snapshot}'s output. */
  static restored(snapshot: Sfc64Snapshot): Sfc64 {
    const generator = new Sfc64();
    const { state } = generator;
    snapshot.words.forEach(([high, low], index) => {
      state[2 * index] = high;
      state[2 * index + 1] = low;
    });
    state[hasUint32Slot] = snapshot.hasUint32 ? 1 : 0;
    state[uintegerSlot] = snapshot.uinteger;
    return generator;
  }

  /** The state in numpy's layout, for `getState()`. */
  snapshot(): Sfc64Snapshot {
    const { state } = this;
    const halves = (high: number, low: number): Uint64Halves => [
      state[high] as number,
      state[low] as number,
    ];
    return {
      words: [
        halves(aHigh, aLow),
        halves(bHigh, bLow),
        halves(cHigh, cLow),
        halves(counterHigh, counterLow),
      ],
      hasUint32: state[hasUint32Slot] === 1,
      uinteger: state[uintegerSlot] as number,
    };
  }

  /** Advances one round; the uint64 output is then {@link outputHigh}/{@link outputLow}. */
  step(): void {
    const state = this.state;
    const aH = state[aHigh] as number;
    const aL = state[aLow] as number;
    const bH = state[bHigh] as number;
    const bL = state[bLow] as number;
    const cH = state[cHigh] as number;
    const cL = state[cLow] as number;
    const counterH = state[counterHigh] as number;
    const counterL = state[counterLow] as number;

    // output = a + b + counter (mod 2^64); the low sum is below 3 * 2^32, so exact.
    const sumLow = aL + bL + counterL;
    const outL = sumLow >>> 0;
    const outH = (aH + bH + counterH + (sumLow - outL) * twoPowMinus32) >>> 0;

    // counter += 1
    state[counterLow] = counterL + 1;
    if (counterL === 0xffffffff) state[counterHigh] = counterH + 1;

    // a = b ^ (b >> 11)
    state[aHigh] = bH ^ (bH >>> 11);
    state[aLow] = bL ^ ((bL >>> 11) | (bH << 21));

    // b = c + (c << 3)
    const shiftedLow = (cL << 3) >>> 0;
    const shiftedHigh = ((cH << 3) | (cL >>> 29)) >>> 0;
    const bSumLow = cL + shiftedLow;
    const newBLow = bSumLow >>> 0;
    state[bLow] = newBLow;
    state[bHigh] = cH + shiftedHigh + (bSumLow - newBLow) * twoPowMinus32;

    // c = rotl(c, 24) + output
    const rotatedHigh = ((cH << 24) | (cL >>> 8)) >>> 0;
    const rotatedLow = ((cL << 24) | (cH >>> 8)) >>> 0;
    const cSumLow = rotatedLow + outL;
    const newCLow = cSumLow >>> 0;
    state[cLow] = newCLow;
    state[cHigh] = rotatedHigh + outH + (cSumLow - newCLow) * twoPowMinus32;

    state[outputHigh] = outH;
    state[outputLow] = outL;
  }

  /** High uint32 half of the last {@link step}'s output. */
  outputHigh(): number {
    return this.state[outputHigh] as number;
  }

  /** Low uint32 half of the last {@link step}'s output. */
  outputLow(): number {
    return this.state[outputLow] as number;
  }

  /**
   * numpy `next_uint32`: the low half of a fresh uint64, keeping the high half for the
   * next call. 64-bit draws (floats, raw uint64) do not touch the kept half.
   */
  nextUint32(): number {
    const state = this.state;
    if (state[hasUint32Slot] === 1) {
      state[hasUint32Slot] = 0;
      return state[uintegerSlot] as number;
    }
    this.step();
    state[hasUint32Slot] = 1;
    state[uintegerSlot] = state[outputHigh] as number;
    return state[outputLow] as number;
  }

  /** numpy `next_double`: the top 53 bits of a uint64 over 2^53, in [0, 1). */
  nextFloat(): number {
    this.step();
    const state = this.state;
    return (
      ((state[outputHigh] as number) * twoPow21 + ((state[outputLow] as number) >>> 11)) *
      twoPowMinus53
    );
  }

  /** Fills `out` with {@link nextFloat} draws, in index order. */
  fillFloats(out: Float64Array): void {
    const state = this.state;
    for (let index = 0; index < out.length; index++) {
      this.step();
      out[index] =
        ((state[outputHigh] as number) * twoPow21 + ((state[outputLow] as number) >>> 11)) *
        twoPowMinus53;
    }
  }
}
