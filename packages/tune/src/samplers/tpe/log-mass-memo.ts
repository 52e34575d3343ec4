/**
 * A bounded memo of {@link logGaussMass} over grid cells, for the discrete dimensions of
 * the Parzen estimator: the history's kernels (μ, σ) barely change from one suggestion to
 * the next, and candidates fall on the same grid cells, so the same masses come up again
 * and again. Direct-mapped (a slot per hash, a newer entry replaces an older one), so its
 * size is fixed; keys are compared exactly, so a hit returns the very value the function
 * would.
 */

import { logGaussMass } from './truncnorm';

const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);

function mix(hash: number, value: number): number {
  scratch[0] = value;
  let h = Math.imul(hash ^ (scratchWords[0] as number), 0x9e3779b1);
  h = Math.imul(h ^ (scratchWords[1] as number), 0x85ebca77);
  return h ^ (h >>> 15);
}

/** Memo of the log Gaussian mass of a cell [left, right] under N(μ, σ²). */
export class LogMassMemo {
  readonly #mask: number;
  /** Per slot: left, right, μ, σ, mass. */
  readonly #entries: Float64Array;
  readonly #filled: Uint8Array;

  /** @param bits - log2 of the number of slots (default 2^16). */
  constructor(bits = 16) {
    const slots = 2 ** bits;
    this.#mask = slots - 1;
    this.#entries = new Float64Array(slots * 5);
    this.#filled = new Uint8Array(slots);
  }

  /** `logGaussMass((left − μ)/σ, (right − μ)/σ)`, from the memo when it holds it. */
  logMass(left: number, right: number, mu: number, sigma: number): number {
    const slot = (mix(mix(mix(mix(0x2545f491, left), right), mu), sigma) >>> 0) & this.#mask;
    const entries = this.#entries;
    const at = slot * 5;
    if (
      this.#filled[slot] === 1 &&
      Object.is(entries[at], left) &&
      Object.is(entries[at + 1], right) &&
      Object.is(entries[at + 2], mu) &&
      Object.is(entries[at + 3], sigma)
    ) {
      return entries[at + 4] as number;
    }
    const mass = logGaussMass((left - mu) / sigma, (right - mu) / sigma);
    entries[at] = left;
    entries[at + 1] = right;
    entries[at + 2] = mu;
    entries[at + 3] = sigma;
    entries[at + 4] = mass;
    this.#filled[slot] = 1;
    return mass;
  }
}
