import { scaleByPowerOfTwo } from './kstwo-durbin-matrix';

const SCALE_EXPONENT = 128;
const SCALE_UP = 2 ** SCALE_EXPONENT;
const SCALE_DOWN = 2 ** -SCALE_EXPONENT;

/**
 * First and last non-zero column of row `row` of Pomeranz's (2n+2)-row table, as a
 * half-open-free inclusive pair clipped to [0, n].
 */
function rowWindow(
  row: number,
  n: number,
  whole: number,
  hasFraction: number,
  fractionAboveHalf: number,
): [number, number] {
  let first: number;
  let last: number;
  if (row === 0) {
    first = -whole - hasFraction - 1;
    last = whole + hasFraction - 1;
  } else {
    const half = Math.floor((row + 1) / 2);
    if ((row + 1) % 2 === 0) {
      if (half === n + 1) {
        first = n - whole - hasFraction - 1;
        last = n + whole + hasFraction - 1;
      } else {
        first = half - 1 - whole - fractionAboveHalf - 1;
        last = half + whole - 1 + hasFraction - 1;
      }
    } else {
      first = half - 1 - whole - 1;
      last = half + whole + fractionAboveHalf - 1;
    }
  }
  return [Math.max(first + 2, 0), Math.min(last, n)];
}

/**
 * P(Dₙ ≤ d) by Pomeranz's recursion (CACM Algorithm 487, 1974): 2n + 1 convolutions of a
 * short row with truncated Poisson weights (g/n)^j/j!, (2g/n)^j/j! or ((1−2g)/n)^j/j!,
 * where g = min(f, 1−f) for the fractional part f of nd; only a sliding window of each row
 * is non-zero. Rows are rescaled by 2^128 when they become tiny.
 */
export function pomeranzCdf(n: number, d: number): number {
  const t = n * d;
  const whole = Math.floor(t);
  const fraction = t - whole;
  const g = Math.min(fraction, 1 - fraction);
  const hasFraction = fraction > 0 ? 1 : 0;
  const fractionAboveHalf = fraction > 0.5 ? 1 : 0;
  const width = 2 * (whole + 1);

  const weightsG = new Float64Array(width);
  const weightsTwoG = new Float64Array(width);
  const weightsRest = new Float64Array(width);
  weightsG[0] = 1;
  weightsTwoG[0] = 1;
  weightsRest[0] = 1;
  const stepG = g / n;
  const stepTwoG = (2 * g) / n;
  const stepRest = (1 - 2 * g) / n;
  for (let j = 1; j < width; j++) {
    weightsG[j] = ((weightsG[j - 1] as number) * stepG) / j;
    weightsTwoG[j] = ((weightsTwoG[j - 1] as number) * stepTwoG) / j;
    weightsRest[j] = ((weightsRest[j - 1] as number) * stepRest) / j;
  }

  // Each row is stored from its own start column: previous[j] is column previousStart + j.
  let previous = new Float64Array(width);
  let current = new Float64Array(width);
  current[0] = 1;
  let currentStart = 0;
  let exponent = 0;
  let [first, last] = rowWindow(0, n, whole, hasFraction, fractionAboveHalf);
  for (let row = 1; row < 2 * n + 2; row++) {
    const previousFirst = first;
    [previous, current] = [current, previous];
    const previousStart = currentStart;
    current.fill(0);
    [first, last] = rowWindow(row, n, whole, hasFraction, fractionAboveHalf);
    const weights =
      row === 1 || row === 2 * n + 1 ? weightsG : row % 2 === 1 ? weightsTwoG : weightsRest;
    const span = last - previousFirst + 1;
    if (span > 0) {
      // current[c − first] = Σ_j previous[previousFirst + j] · weights[c − previousFirst − j].
      const offset = previousFirst - previousStart;
      let largest = 0;
      for (let column = first; column <= last; column++) {
        const lag = column - previousFirst;
        let total = 0;
        for (let j = 0; j <= lag; j++) {
          total += (previous[offset + j] as number) * (weights[lag - j] as number);
        }
        current[column - first] = total;
        if (total > largest) largest = total;
      }
      if (largest > 0 && largest < SCALE_DOWN) {
        for (let index = 0; index <= last - first; index++) {
          current[index] = (current[index] as number) * SCALE_UP;
        }
        exponent -= SCALE_EXPONENT;
      }
      currentStart = first;
    }
  }

  let answer = current[n - currentStart] as number;
  for (let m = 1; m <= n; m++) {
    if (Math.abs(answer) > SCALE_UP) {
      answer *= SCALE_DOWN;
      exponent += SCALE_EXPONENT;
    }
    answer *= m;
  }
  return scaleByPowerOfTwo(answer, exponent);
}
