/**
 * `count` evenly spaced values from `start` to `stop` inclusive, computed as numpy's
 * `linspace` computes them (i·step + start, with the last value set to `stop` exactly), so
 * that bin edges agree with numpy to the bit.
 */
export function linspace(start: number, stop: number, count: number): Float64Array {
  const result = new Float64Array(count);
  const divisions = count - 1;
  const delta = stop - start;
  if (divisions > 0) {
    const step = delta / divisions;
    if (step === 0) {
      // numpy's path for subnormal steps: scale i/div by delta instead.
      for (let i = 0; i < count; i++) result[i] = (i / divisions) * delta + start;
    } else {
      for (let i = 0; i < count; i++) result[i] = i * step + start;
    }
    result[divisions] = stop;
  } else if (count === 1) {
    result[0] = start;
  }
  return result;
}
