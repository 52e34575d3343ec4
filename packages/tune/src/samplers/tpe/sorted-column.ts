/**
 * Keeps a parameter's observed (working-space) values sorted across suggestions, so that
 * the bandwidth rule need not sort the whole history again for every estimator: a new
 * value is inserted once, and the order of any subset of observations is read off by one
 * walk. The order produced is exactly {@link stableArgsort}'s: ascending, −0 and +0 tied,
 * NaNs last, ties by trial number (the estimator's observations are in trial-number order).
 */

import { stableArgsort } from './argsort';

/** Below this many observations a fresh sort is cheaper than walking the whole column. */
const SMALL = 48;

/** Larger trial numbers are not stored (the per-trial tables are indexed by number). */
const MAX_TRIAL_NUMBER = 1 << 24;

/** {@link stableArgsort}'s order on values: ±0 tie, NaN after everything. */
function compareValues(a: number, b: number): number {
  const aNaN = Number.isNaN(a);
  const bNaN = Number.isNaN(b);
  if (aNaN || bNaN) return aNaN === bNaN ? 0 : aNaN ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareEntries(value: number, trial: number, otherValue: number, other: number): number {
  return compareValues(value, otherValue) || trial - other;
}

/**
 * One parameter's (value, trial number) pairs in sorted order. Only values that can no
 * longer change (finished trials) belong here; each is checked again when read, so a
 * stale or missing entry costs time, never correctness.
 */
export class SortedColumn {
  #values = new Float64Array(64);
  #trials = new Int32Array(64);
  #size = 0;
  /** Trial number -> its stored value (NaN-boxed absence is tracked by `#present`). */
  #valueByTrial = new Float64Array(64);
  #present = new Uint8Array(64);
  /** Scratch for `argsort`: trial number -> position in the subset, −1 elsewhere. */
  #slots = new Int32Array(0);

  /** Number of stored entries. */
  get size(): number {
    return this.#size;
  }

  /** Whether `trial`'s value is stored as exactly `value`. */
  has(trial: number, value: number): boolean {
    return (
      trial >= 0 &&
      trial < this.#present.length &&
      this.#present[trial] === 1 &&
      Object.is(this.#valueByTrial[trial], value)
    );
  }

  /** Stores `trial`'s value (a trial already stored keeps its first value). */
  insert(trial: number, value: number): void {
    if (!Number.isSafeInteger(trial) || trial < 0 || trial > MAX_TRIAL_NUMBER) return;
    if (trial < this.#present.length && this.#present[trial] === 1) return;
    this.#reserveTrial(trial);
    if (this.#size === this.#values.length) {
      const values = new Float64Array(this.#size * 2);
      values.set(this.#values);
      this.#values = values;
      const trials = new Int32Array(this.#size * 2);
      trials.set(this.#trials);
      this.#trials = trials;
    }
    let lo = 0;
    let hi = this.#size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const at = compareEntries(
        this.#values[mid] as number,
        this.#trials[mid] as number,
        value,
        trial,
      );
      if (at < 0) lo = mid + 1;
      else hi = mid;
    }
    this.#values.copyWithin(lo + 1, lo, this.#size);
    this.#trials.copyWithin(lo + 1, lo, this.#size);
    this.#values[lo] = value;
    this.#trials[lo] = trial;
    this.#size += 1;
    this.#valueByTrial[trial] = value;
    this.#present[trial] = 1;
  }

  #reserveTrial(trial: number): void {
    if (trial < this.#present.length) return;
    let length = this.#present.length;
    while (length <= trial) length *= 2;
    const present = new Uint8Array(length);
    present.set(this.#present);
    this.#present = present;
    const byTrial = new Float64Array(length);
    byTrial.set(this.#valueByTrial);
    this.#valueByTrial = byTrial;
  }

  /**
   * The stable ascending argsort of `values`, where `values[i]` is trial `trials[i]`'s
   * value and `trials` is strictly increasing. Values not stored here are merged in.
   */
  argsort(values: ArrayLike<number>, trials: ArrayLike<number>): Int32Array {
    const n = values.length;
    if (n < SMALL) return stableArgsort(values);
    const present = this.#present;
    const byTrial = this.#valueByTrial;
    if (this.#slots.length < present.length) this.#slots = new Int32Array(present.length).fill(-1);
    const slots = this.#slots;
    const extras: number[] = [];
    let previous = Number.NEGATIVE_INFINITY;
    let ordered = true;
    for (let i = 0; i < n; i++) {
      const trial = trials[i] as number;
      if (!(trial > previous)) {
        ordered = false;
        break;
      }
      previous = trial;
      const value = values[i] as number;
      if (trial < present.length && present[trial] === 1 && Object.is(byTrial[trial], value)) {
        slots[trial] = i;
      } else {
        extras.push(i);
      }
    }
    if (!ordered || extras.length > SMALL) {
      this.#clearSlots(trials, n);
      return stableArgsort(values);
    }
    extras.sort(
      (i, j) =>
        compareValues(values[i] as number, values[j] as number) ||
        (trials[i] as number) - (trials[j] as number),
    );
    const order = new Int32Array(n);
    let out = 0;
    let extra = 0;
    const size = this.#size;
    const sortedValues = this.#values;
    const sortedTrials = this.#trials;
    for (let e = 0; e < size; e++) {
      const trial = sortedTrials[e] as number;
      const slot = slots[trial] as number;
      if (slot < 0) continue;
      const value = sortedValues[e] as number;
      while (extra < extras.length) {
        const i = extras[extra] as number;
        if (compareEntries(values[i] as number, trials[i] as number, value, trial) > 0) break;
        order[out++] = i;
        extra += 1;
      }
      order[out++] = slot;
    }
    while (extra < extras.length) order[out++] = extras[extra++] as number;
    this.#clearSlots(trials, n);
    return order;
  }

  /** Resets the slots `argsort` set (those of `trials[0, n)` below the table size). */
  #clearSlots(trials: ArrayLike<number>, n: number): void {
    const slots = this.#slots;
    for (let i = 0; i < n; i++) {
      const trial = trials[i] as number;
      if (trial >= 0 && trial < slots.length) slots[trial] = -1;
    }
  }
}
