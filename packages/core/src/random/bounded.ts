// numpy's bounded-integer draws on top of a bit generator, with 64-bit products done
// exactly in doubles: every partial product below is under 2^53.

import type { Sfc64 } from './sfc64';

const twoPow16 = 2 ** 16;
const twoPow32 = 2 ** 32;
const twoPow53 = 2 ** 53;
const twoPow64 = 2 ** 64;
const maxUint32 = 0xffffffff;

/**
 * numpy `buffered_bounded_lemire_uint32`: a uniform integer in [0, range] for
 * 1 <= range < 2^32 - 1, from the bit generator's buffered uint32 stream.
 */
export function boundedLemire32(bits: Sfc64, range: number): number {
  const exclusive = range + 1;
  let draw = bits.nextUint32();
  let leftover = Math.imul(draw, exclusive) >>> 0;
  if (leftover < exclusive) {
    // (2^32 - 1 - range) mod exclusive, written so it stays exact in doubles.
    const threshold = twoPow32 % exclusive;
    while (leftover < threshold) {
      draw = bits.nextUint32();
      leftover = Math.imul(draw, exclusive) >>> 0;
    }
  }
  return multiplyHigh32(draw, exclusive);
}

/**
 * numpy `bounded_lemire_uint64`: a uniform integer in [0, range] for
 * 2^32 - 1 < range <= 2^53, from full uint64 draws (the uint32 buffer is untouched).
 */
export function boundedLemire64(bits: Sfc64, range: number): number {
  // `x >>> 0` is x mod 2^32 for any integer double, without the fmod call `%` costs.
  // range + 1 is not a double when range = 2^53, so build its halves from range's.
  const rangeLow = range >>> 0;
  const carry = rangeLow === maxUint32 ? 1 : 0;
  const exclusiveHigh = Math.floor(range / twoPow32) + carry;
  const exclusiveLow = carry === 1 ? 0 : rangeLow + 1;
  for (;;) {
    bits.step();
    const drawHigh = bits.outputHigh();
    const drawLow = bits.outputLow();
    // draw * exclusive = high64 * 2^64 + middle * 2^32 + lowLow, split so each partial
    // product is exact; only the low 64 bits (the leftover) and the high 64 bits (the
    // result) are needed.
    const lowLow = Math.imul(drawLow, exclusiveLow) >>> 0;
    const highCross = drawLow * exclusiveHigh;
    const middle =
      multiplyHigh32(drawLow, exclusiveLow) +
      (Math.imul(drawHigh, exclusiveLow) >>> 0) +
      (highCross >>> 0);
    // Rounded only when the true leftover is >= 2^53, above `range` and the threshold,
    // so both comparisons come out as they would in 64-bit integers.
    const leftover = (middle >>> 0) * twoPow32 + lowLow;
    if (leftover > range || leftover >= lemire64Threshold(range)) {
      return (
        drawHigh * exclusiveHigh +
        multiplyHigh32(drawHigh, exclusiveLow) +
        Math.floor(highCross / twoPow32) +
        Math.floor(middle / twoPow32)
      );
    }
  }
}

/**
 * numpy's rejection threshold (2^64 - 1 - range) mod (range + 1) = 2^64 mod (range + 1),
 * needed only in the rare case leftover <= range, as in numpy. fmod of exact doubles is
 * exact; for range = 2^53, 2^64 = 2^11 (2^53 + 1) - 2^11.
 */
function lemire64Threshold(range: number): number {
  return range < twoPow53 ? twoPow64 % (range + 1) : twoPow53 + 1 - 2048;
}

/**
 * numpy `random_interval`: a uniform integer in [0, max] for 0 < max < 2^32, by drawing
 * buffered uint32 values masked to the smallest all-ones mask covering `max` and
 * rejecting those above it. numpy's shuffle uses this, not Lemire.
 */
export function randomInterval(bits: Sfc64, max: number): number {
  let mask = max;
  mask |= mask >>> 1;
  mask |= mask >>> 2;
  mask |= mask >>> 4;
  mask |= mask >>> 8;
  mask |= mask >>> 16;
  let value = (bits.nextUint32() & mask) >>> 0;
  while (value > max) value = (bits.nextUint32() & mask) >>> 0;
  return value;
}

/** floor(left * right / 2^32) for uint32 `left` and `right`, exactly. */
function multiplyHigh32(left: number, right: number): number {
  const product = left * right;
  if (product <= Number.MAX_SAFE_INTEGER) return Math.floor(product / twoPow32);
  // Split `left` in 16-bit halves so both partial products stay below 2^48.
  const upper = (left >>> 16) * right;
  const lower = (left & 0xffff) * right;
  const carried = (upper & 0xffff) * twoPow16 + lower;
  return Math.floor(upper / twoPow16) + Math.floor(carried / twoPow32);
}
