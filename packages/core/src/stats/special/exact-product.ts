/** 2^27 + 1, Veltkamp's splitting constant for doubles. */
const SPLITTER = 134217729;

/**
 * The exact product a·b as an unevaluated sum [high, low] with high = fl(a·b)
 * (Dekker's algorithm; JavaScript has no fused multiply-add). Valid while a·b does not
 * overflow or underflow.
 */
export function exactProduct(a: number, b: number): [number, number] {
  const high = a * b;
  const aSplit = SPLITTER * a;
  const aHigh = aSplit - (aSplit - a);
  const aLow = a - aHigh;
  const bSplit = SPLITTER * b;
  const bHigh = bSplit - (bSplit - b);
  const bLow = b - bHigh;
  const low = aLow * bLow - (high - aHigh * bHigh - aLow * bHigh - aHigh * bLow);
  return [high, low];
}
