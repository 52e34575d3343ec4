import { EmptyInputError, InvalidArgumentError } from '@dagnostics/core';
import type { NumericArray } from '@dagnostics/core/stats';

/**
 * Throws unless `p` and `q` are non-empty vectors of the same length holding finite,
 * non-negative numbers (shares, probabilities or counts per bin).
 */
export function assertBinVectors(
  p: NumericArray,
  q: NumericArray,
  names: readonly [string, string] = ['p', 'q'],
): void {
  for (const [vector, name] of [
    [p, names[0]],
    [q, names[1]],
  ] as const) {
    if (!Array.isArray(vector) && !ArrayBuffer.isView(vector)) {
      throw new InvalidArgumentError({
        message: `\`${name}\` must be an array of numbers or a typed array.`,
        argument: name,
      });
    }
    if (vector.length === 0) {
      throw new EmptyInputError({
        message: `\`${name}\` is empty; pass one value per bin.`,
        argument: name,
      });
    }
    for (let i = 0; i < vector.length; i++) {
      const value = vector[i] as number;
      if (!(typeof value === 'number' && value >= 0 && value < Number.POSITIVE_INFINITY)) {
        throw new InvalidArgumentError({
          message: `\`${name}\` must hold finite, non-negative numbers; ${name}[${i}] is ${String(value)}.`,
          argument: name,
        });
      }
    }
  }
  if (p.length !== q.length) {
    throw new InvalidArgumentError({
      message: `\`${names[0]}\` and \`${names[1]}\` must have one value per bin each; got lengths ${p.length} and ${q.length}.`,
      argument: names[1],
    });
  }
}

/** Throws unless `base` is undefined or a positive number other than 1 (a logarithm base). */
export function assertLogBase(base: number | undefined): void {
  if (base !== undefined && !(base > 0 && base !== 1 && Number.isFinite(base))) {
    throw new InvalidArgumentError({
      message: `\`base\` must be a positive number other than 1, or undefined for natural logarithms; got ${String(base)}.`,
      argument: 'base',
    });
  }
}

/**
 * `scipy.special.rel_entr(x, y)` for x, y ≥ 0: x·ln(x/y), 0 when x = 0, +∞ when only y is 0.
 */
export function relativeEntropyTerm(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  if (x === 0) return 0;
  return Number.POSITIVE_INFINITY;
}
