/**
 * A stable argsort for Float64Arrays by LSD radix sort on the IEEE-754 bit patterns: 8
 * passes of 8 bits, linear in the length, no comparator calls. The bandwidth rule sorts
 * every dimension of every history on each suggestion, so this is on TPE's hot path.
 */

/** Below this length a comparator sort is cheaper than eight radix passes. */
const SMALL = 48;

const keyBuffer = new Float64Array(1);
const keyWords = new Uint32Array(keyBuffer.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LOW = LITTLE_ENDIAN ? 0 : 1;
const HIGH = LITTLE_ENDIAN ? 1 : 0;

/**
 * Indices that sort `values` ascending; equal values (−0 and +0 included) keep index order.
 * NaNs go last.
 */
export function stableArgsort(values: ArrayLike<number>): Int32Array {
  const n = values.length;
  if (n < SMALL) {
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((i, j) => compare(values[i] as number, values[j] as number) || i - j);
    return Int32Array.from(order);
  }
  // Order-preserving unsigned keys: flip every bit of negatives, only the sign bit of
  // non-negatives. −0 is mapped to +0 first so that the two zeros tie.
  const low = new Uint32Array(n);
  const high = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    keyBuffer[0] = Number.isNaN(v) ? Number.NaN : v + 0;
    const lo = keyWords[LOW] as number;
    const hi = keyWords[HIGH] as number;
    if (hi >>> 31 === 1) {
      low[i] = ~lo >>> 0;
      high[i] = ~hi >>> 0;
    } else {
      low[i] = lo;
      high[i] = (hi | 0x80000000) >>> 0;
    }
  }
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let scratch = new Int32Array(n);
  const counts = new Int32Array(256);
  for (let pass = 0; pass < 8; pass++) {
    const words = pass < 4 ? low : high;
    const shift = (pass % 4) * 8;
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const digit = ((words[order[i] as number] as number) >>> shift) & 0xff;
      counts[digit] = (counts[digit] as number) + 1;
    }
    if (counts.some((count) => count === n)) continue; // every key shares this digit
    let total = 0;
    for (let d = 0; d < 256; d++) {
      const count = counts[d] as number;
      counts[d] = total;
      total += count;
    }
    for (let i = 0; i < n; i++) {
      const index = order[i] as number;
      const digit = ((words[index] as number) >>> shift) & 0xff;
      const slot = counts[digit] as number;
      scratch[slot] = index;
      counts[digit] = slot + 1;
    }
    const swap = order;
    order = scratch;
    scratch = swap;
  }
  // Negative NaNs would sort first; move every NaN to the end, keeping index order.
  let nanCount = 0;
  for (let i = 0; i < n; i++) if (Number.isNaN(values[i] as number)) nanCount += 1;
  if (nanCount === 0) return order;
  const result = new Int32Array(n);
  let head = 0;
  let tail = n - nanCount;
  for (let i = 0; i < n; i++) {
    const index = order[i] as number;
    if (Number.isNaN(values[index] as number)) result[tail++] = index;
    else result[head++] = index;
  }
  return result;
}

function compare(a: number, b: number): number {
  const aNaN = Number.isNaN(a);
  const bNaN = Number.isNaN(b);
  if (aNaN || bNaN) return aNaN === bNaN ? 0 : aNaN ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}
