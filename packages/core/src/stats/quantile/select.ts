/**
 * In-place selection on a Float64Array without NaN: after the call, each requested rank k
 * holds the k-th smallest value, with nothing larger before it and nothing smaller after.
 *
 * The strategy is Floyd & Rivest's (CACM Algorithm 489, 1975): a sorted sample of about
 * n^{2/3} values gives two pivots that bracket the k-th value with high probability, and
 * partitioning around both leaves only the values between them, a sliver of the range.
 * That costs about n + min(k, n − k) element visits.
 *
 * The partitions are branch-free Lomuto passes (the comparison result is added to the write
 * position instead of being branched on): selection pivots sit in the middle of the data,
 * where a branch on the comparison would be mispredicted half the time, and avoiding that
 * makes a pass about five times faster in V8.
 */

/** Ranges up to this size are finished with the native sort. */
const SORT_THRESHOLD = 256;
/** Half-width of the pivot bracket, in standard deviations of a sample rank. */
const BRACKET_DEVIATIONS = 3;

/**
 * Moves the values of [left, right] for which `x < pivot` (or `x <= pivot` when `inclusive`)
 * to the front, preserving nothing else; returns the index of the first other value.
 */
function partition(
  values: Float64Array,
  left: number,
  right: number,
  pivot: number,
  inclusive: boolean,
): number {
  let store = left;
  if (inclusive) {
    for (let i = left; i <= right; i++) {
      const value = values[i] as number;
      values[i] = values[store] as number;
      values[store] = value;
      store += +(value <= pivot);
    }
  } else {
    for (let i = left; i <= right; i++) {
      const value = values[i] as number;
      values[i] = values[store] as number;
      values[store] = value;
      store += +(value < pivot);
    }
  }
  return store;
}

/** A sorted pseudo-random sample of `count` values from [left, right] (xorshift32). */
function sortedSample(
  values: Float64Array,
  left: number,
  right: number,
  count: number,
): Float64Array {
  const size = right - left + 1;
  const sample = new Float64Array(count);
  let state = (0x9e3779b9 ^ size) | 1;
  for (let i = 0; i < count; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    sample[i] = values[left + Math.floor(((state >>> 0) / 4294967296) * size)] as number;
  }
  return sample.sort();
}

/**
 * Puts the k-th smallest value of values[left..right] at k (inclusive bounds).
 *
 * Returns the last range [low, high] that contained k: nothing before `low` is larger, and
 * nothing after `high` smaller, than any value inside it. So the ranks next to k can be
 * found by scanning only that (usually short) range.
 */
function selectRank(
  values: Float64Array,
  left: number,
  right: number,
  k: number,
): [number, number] {
  let low = left;
  let high = right;
  let narrow = false;
  // Each round removes at least one value, and almost always all but a sliver; a range
  // that refuses to shrink (it would take extraordinary bad luck) is sorted instead.
  for (let round = 0; high - low + 1 > SORT_THRESHOLD && round < 8; round++) {
    const size = high - low + 1;
    const sample = sortedSample(
      values,
      low,
      high,
      Math.min(size, Math.max(64, Math.round(size ** (2 / 3)))),
    );
    const p = (k - low + 0.5) / size;
    const position = p * sample.length;
    // After a round that kept everything (few distinct values), bracket one value only:
    // splitting into <, = and > it always makes progress.
    const halfWidth = narrow ? 0 : BRACKET_DEVIATIONS * Math.sqrt(sample.length * p * (1 - p)) + 1;
    const lowerPivot = sample[Math.max(0, Math.floor(position - halfWidth))] as number;
    const upperPivot = sample[
      Math.min(sample.length - 1, Math.ceil(position + halfWidth))
    ] as number;
    // Split off the larger outer part first, so the second pass scans the smaller side.
    let lowerEnd: number;
    let upperStart: number;
    if (k - low < high - k) {
      upperStart = partition(values, low, high, upperPivot, true);
      lowerEnd = partition(values, low, upperStart - 1, lowerPivot, false);
    } else {
      lowerEnd = partition(values, low, high, lowerPivot, false);
      upperStart = partition(values, lowerEnd, high, upperPivot, true);
    }
    // Now [low, lowerEnd) < lowerPivot ≤ [lowerEnd, upperStart) ≤ upperPivot < [upperStart, high].
    if (k < lowerEnd) {
      high = lowerEnd - 1;
    } else if (k >= upperStart) {
      low = upperStart;
    } else {
      if (lowerPivot === upperPivot) return [lowerEnd, upperStart - 1];
      narrow = lowerEnd === low && upperStart === high + 1;
      low = lowerEnd;
      high = upperStart - 1;
    }
  }
  if (high > low) values.subarray(low, high + 1).sort();
  return [low, high];
}

function swap(values: Float64Array, i: number, j: number): void {
  const held = values[i] as number;
  values[i] = values[j] as number;
  values[j] = held;
}

function moveMinimumTo(values: Float64Array, left: number, right: number): void {
  let best = left;
  let smallest = values[left] as number;
  for (let i = left + 1; i <= right; i++) {
    const value = values[i] as number;
    if (value < smallest) {
      smallest = value;
      best = i;
    }
  }
  swap(values, left, best);
}

function moveMaximumTo(values: Float64Array, left: number, right: number): void {
  let best = right;
  let largest = values[right] as number;
  for (let i = left; i < right; i++) {
    const value = values[i] as number;
    if (value > largest) {
      largest = value;
      best = i;
    }
  }
  swap(values, right, best);
}

/**
 * Places every rank in `ranks` (sorted ascending, distinct, within [left, right]) at its
 * position. The middle rank is selected first and splits the range, so each later
 * selection works on a narrower range. Ranks adjacent to a selected one (the
 * `next = previous + 1` of interpolation) cost only a scan of the last range around it.
 */
export function selectRanks(
  values: Float64Array,
  left: number,
  right: number,
  ranks: ArrayLike<number>,
  first: number,
  last: number,
): void {
  if (first > last) return;
  const middle = (first + last) >> 1;
  const k = ranks[middle] as number;
  const [low, high] = selectRank(values, left, right, k);
  // Outside the last range the neighbours can be anywhere in [left, right].
  const scanHigh = high > k ? high : right;
  const scanLow = low < k ? low : left;
  let upper = middle;
  while (upper < last && ranks[upper + 1] === (ranks[upper] as number) + 1) {
    upper++;
    const rank = ranks[upper] as number;
    moveMinimumTo(values, rank, rank <= scanHigh ? scanHigh : right);
  }
  let lower = middle;
  while (lower > first && ranks[lower - 1] === (ranks[lower] as number) - 1) {
    lower--;
    const rank = ranks[lower] as number;
    moveMaximumTo(values, rank >= scanLow ? scanLow : left, rank);
  }
  selectRanks(values, left, (ranks[lower] as number) - 1, ranks, first, lower - 1);
  selectRanks(values, (ranks[upper] as number) + 1, right, ranks, upper + 1, last);
}
