/**
 * ln(1 + t) − t, accurate where the two terms cancel (|t| small).
 *
 * For |t| < 0.5 it uses ln(1 + t) = 2 atanh(s) with s = t / (2 + t), so that
 * ln(1 + t) − t = −t·s + 2s³(1/3 + s²/5 + s⁴/7 + …), a series in s² ≤ 1/9.
 * Elsewhere the direct difference loses at most a few bits.
 */
export function log1pMinusX(t: number): number {
  if (Math.abs(t) >= 0.5) return Math.log1p(t) - t;
  const s = t / (2 + t);
  const sSquare = s * s;
  let power = sSquare;
  let sum = 0;
  for (let k = 3; k < 80; k += 2) {
    const term = power / k;
    sum += term;
    if (term <= 1e-17 * sum) break;
    power *= sSquare;
  }
  return -t * s + 2 * s * sum;
}
