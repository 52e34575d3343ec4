/**
 * Exact decimal arithmetic on the shortest decimal form of doubles, as Optuna adjusts a
 * float range with Python's `decimal.Decimal(str(x))`.
 */
interface Decimal {
  /** value = digits * 10^exponent */
  readonly digits: bigint;
  readonly exponent: number;
}

function toDecimal(value: number): Decimal {
  const [mantissa = '0', exponentText = '0'] = value.toExponential().split('e');
  const negative = mantissa.startsWith('-');
  const [whole = '0', fraction = ''] = mantissa.replace('-', '').split('.');
  const digits = BigInt(whole + fraction) * (negative ? -1n : 1n);
  return { digits, exponent: Number(exponentText) - fraction.length };
}

function aligned(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const exponent = Math.min(a.exponent, b.exponent);
  return [
    a.digits * 10n ** BigInt(a.exponent - exponent),
    b.digits * 10n ** BigInt(b.exponent - exponent),
    exponent,
  ];
}

function toNumber(digits: bigint, exponent: number): number {
  return Number(`${digits}e${exponent}`);
}

/**
 * The largest `low + k * step` not above `high`, computed in decimal (Optuna's
 * `_adjust_discrete_uniform_high`); `high` itself when `high - low` is a multiple of
 * `step`. Assumes `low <= high` and `step > 0`, all finite.
 */
export function adjustFloatHigh(low: number, high: number, step: number): number {
  const [highDigits, lowDigits, rangeExponent] = aligned(toDecimal(high), toDecimal(low));
  const range = { digits: highDigits - lowDigits, exponent: rangeExponent };
  const [rangeDigits, stepDigits, exponent] = aligned(range, toDecimal(step));
  if (rangeDigits % stepDigits === 0n) return high;
  const multiples = rangeDigits / stepDigits;
  const [topDigits, lowAligned, topExponent] = aligned(
    { digits: multiples * stepDigits, exponent },
    toDecimal(low),
  );
  return toNumber(topDigits + lowAligned, topExponent);
}

/** Whether `high - low < step` in decimal (Optuna's `FloatDistribution.single` with a step). */
export function decimalRangeBelowStep(low: number, high: number, step: number): boolean {
  const [highDigits, lowDigits, rangeExponent] = aligned(toDecimal(high), toDecimal(low));
  const [rangeDigits, stepDigits] = aligned(
    { digits: highDigits - lowDigits, exponent: rangeExponent },
    toDecimal(step),
  );
  return rangeDigits < stepDigits;
}
