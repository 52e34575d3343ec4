/**
 * TPE's split of the history into a good ("below") and a bad ("above") set, as Optuna 5's
 * `_split_trials`: feasible COMPLETE trials by objective first, then PRUNED trials by how
 * far they got, then infeasible trials by total violation; RUNNING trials always go above.
 */

import type { FrozenTrial, JsonValue, StudyDirection } from '../../types';
import { stableArgsort } from './argsort';
import { solveHssp } from './hypervolume';
import type { SortedColumn } from './sorted-column';

/** Optuna's `_CONSTRAINTS_KEY`: the system attr holding constraint values. */
export const CONSTRAINTS_KEY = 'constraints';

/** Replaces a zero reference-point coordinate (Optuna's EPS). */
const REFERENCE_EPS = 1e-12;

/**
 * A trial's constraint values as Optuna stores them: the list under `constraints`
 * (keys "0", "1", …; the `constraints_func` format) and every `constraints:<key>` entry
 * (the `trial.set_constraint` format), the latter overriding.
 */
export function trialConstraints(trial: FrozenTrial): Record<string, number> {
  const out: Record<string, number> = {};
  const attrs = trial.systemAttrs;
  const list: JsonValue | undefined = attrs[CONSTRAINTS_KEY];
  if (Array.isArray(list)) {
    list.forEach((value, i) => {
      out[String(i)] = Number(value);
    });
  }
  for (const key in attrs) {
    if (key.startsWith(PREFIX)) out[key.slice(PREFIX.length)] = Number(attrs[key]);
  }
  return out;
}

const PREFIX = `${CONSTRAINTS_KEY}:`;

/** Σ max(c, 0) over the constraint values: 0 for a feasible or unconstrained trial. */
export function infeasibilityScore(trial: FrozenTrial): number {
  const attrs = trial.systemAttrs;
  let constrained = false;
  for (const key in attrs) {
    if (key.startsWith(CONSTRAINTS_KEY)) {
      constrained = true;
      break;
    }
  }
  if (!constrained) return 0;
  let total = 0;
  for (const value of Object.values(trialConstraints(trial))) if (value > 0) total += value;
  return total;
}

/** Stable sort by a numeric key tuple (Python's `sorted` with a tuple key). */
function sortedBy<T>(items: readonly T[], key: (item: T) => readonly number[]): T[] {
  const keyed = items.map((item, index) => ({ item, index, key: key(item) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) {
      const x = a.key[i] as number;
      const y = b.key[i] as number;
      if (x < y) return -1;
      if (x > y) return 1;
    }
    return a.index - b.index;
  });
  return keyed.map((entry) => entry.item);
}

/**
 * PRUNED trials' order: deepest last step first, then the last intermediate value
 * (direction-aware, NaN last); no intermediate values ranks after any reported step.
 * Multi-objective trials cannot report, so only the first direction is ever used.
 */
function prunedKey(trial: FrozenTrial, direction: StudyDirection): [number, number] {
  let lastStep = Number.NEGATIVE_INFINITY;
  let lastValue = 0;
  for (const [step, value] of trial.intermediateValues) {
    if (step > lastStep) {
      lastStep = step;
      lastValue = value;
    }
  }
  if (lastStep === Number.NEGATIVE_INFINITY) return [1, 0];
  if (Number.isNaN(lastValue)) return [-lastStep, Number.POSITIVE_INFINITY];
  return [-lastStep, direction === 'minimize' ? lastValue : -lastValue];
}

function dominates(a: readonly number[], b: readonly number[]): boolean {
  let strictly = false;
  for (let d = 0; d < a.length; d++) {
    if ((a[d] as number) > (b[d] as number)) return false;
    if ((a[d] as number) < (b[d] as number)) strictly = true;
  }
  return strictly;
}

function lexCompare(a: readonly number[], b: readonly number[]): number {
  for (let d = 0; d < a.length; d++) {
    const x = a[d] as number;
    const y = b[d] as number;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

/**
 * Pareto ranks (0 = non-dominated) of loss vectors (minimisation). Points are visited in
 * lexicographic order, where a dominator always comes first, so a point is on the current
 * front iff no point already put on it dominates it. With `nBelow`, ranking stops once
 * that many points are ranked and the rest share the next rank (as Optuna does: the top
 * `nBelow` are exact, the others only known to be worse).
 */
export function nonDominationRanks(
  losses: readonly (readonly number[])[],
  nBelow: number = losses.length,
): number[] {
  const n = losses.length;
  const ranks = new Array<number>(n).fill(0);
  let remaining = losses.map((_, i) => i);
  remaining.sort((i, j) => lexCompare(losses[i] as number[], losses[j] as number[]) || i - j);
  let rank = 0;
  let ranked = 0;
  while (remaining.length > 0 && ranked < nBelow) {
    const front: number[] = [];
    const rest: number[] = [];
    for (const i of remaining) {
      const point = losses[i] as number[];
      if (front.some((j) => dominates(losses[j] as number[], point))) rest.push(i);
      else front.push(i);
    }
    for (const i of front) ranks[i] = rank;
    ranked += front.length;
    remaining = rest;
    rank += 1;
  }
  for (const i of remaining) ranks[i] = rank;
  return ranks;
}

function splitCompleteMultiObjective(
  trials: readonly FrozenTrial[],
  directions: readonly StudyDirection[],
  nBelow: number,
): [FrozenTrial[], FrozenTrial[]] {
  if (nBelow === 0) return [[], [...trials]];
  if (nBelow === trials.length) return [[...trials], []];
  const losses = trials.map((trial) =>
    (trial.values ?? []).map((v, d) => (directions[d] === 'maximize' ? -v : v)),
  );
  const ranks = nonDominationRanks(losses, nBelow);
  const counts: number[] = [];
  for (const r of ranks) counts[r] = (counts[r] ?? 0) + 1;
  let lastFullRank = -1;
  let cumulative = 0;
  for (let r = 0; r < counts.length; r++) {
    cumulative += counts[r] ?? 0;
    if (cumulative <= nBelow) lastFullRank = r;
    else break;
  }
  const below = new Set<number>();
  ranks.forEach((r, i) => {
    if (r <= lastFullRank) below.add(i);
  });
  if (below.size < nBelow) {
    const tied = ranks.flatMap((r, i) => (r === lastFullRank + 1 ? [i] : []));
    const tiedLosses = tied.map((i) => losses[i] as number[]);
    const dimension = directions.length;
    const reference = Array.from({ length: dimension }, (_, d) => {
      let worst = Number.NEGATIVE_INFINITY;
      for (const loss of tiedLosses) worst = Math.max(worst, loss[d] as number);
      const value = Math.max(1.1 * worst, 0.9 * worst);
      return value === 0 ? REFERENCE_EPS : value;
    });
    for (const position of solveHssp(tiedLosses, nBelow - below.size, reference)) {
      below.add(tied[position] as number);
    }
  }
  const good: FrozenTrial[] = [];
  const bad: FrozenTrial[] = [];
  trials.forEach((trial, i) => {
    (below.has(i) ? good : bad).push(trial);
  });
  return [good, bad];
}

function splitComplete(
  trials: readonly FrozenTrial[],
  directions: readonly StudyDirection[],
  nBelow: number,
  objectiveColumn: SortedColumn | undefined,
): [FrozenTrial[], FrozenTrial[]] {
  const count = Math.min(nBelow, trials.length);
  if (directions.length > 1) return splitCompleteMultiObjective(trials, directions, count);
  const sign = directions[0] === 'maximize' ? -1 : 1;
  const keys = new Float64Array(trials.length);
  trials.forEach((trial, i) => {
    keys[i] = sign * ((trial.values?.[0] as number) ?? Number.NaN);
  });
  let order: ArrayLike<number>;
  if (keys.some(Number.isNaN)) {
    const byComparator = Array.from({ length: trials.length }, (_, i) => i);
    byComparator.sort((i, j) => (keys[i] as number) - (keys[j] as number) || i - j);
    order = byComparator;
  } else {
    // Without NaNs the comparator above is a stable ascending sort, which these are too.
    if (objectiveColumn === undefined) {
      order = stableArgsort(keys);
    } else {
      const numbers = new Float64Array(trials.length);
      trials.forEach((trial, i) => {
        numbers[i] = trial.number;
        objectiveColumn.insert(trial.number, keys[i] as number);
      });
      order = objectiveColumn.argsort(keys, numbers);
    }
  }
  const sorted: FrozenTrial[] = new Array(trials.length);
  for (let i = 0; i < trials.length; i++) sorted[i] = trials[order[i] as number] as FrozenTrial;
  return [sorted.slice(0, count), sorted.slice(count)];
}

function strictlyIncreasingNumbers(trials: readonly FrozenTrial[]): boolean {
  for (let i = 1; i < trials.length; i++) {
    if (!((trials[i] as FrozenTrial).number > (trials[i - 1] as FrozenTrial).number)) return false;
  }
  return true;
}

/**
 * Splits `trials` (COMPLETE, PRUNED and RUNNING; the current trial left out) into the
 * good set of size `nBelow` (fewer if there are not enough finished trials) and the rest.
 * Both come back sorted by trial number.
 *
 * @param objectiveColumn - Optional, single-objective only: the loss (value, negated when
 *   maximising) of COMPLETE trials kept sorted across calls for the same study, to save
 *   sorting them again.
 */
export function splitTrials(
  directions: readonly StudyDirection[],
  trials: readonly FrozenTrial[],
  nBelow: number,
  objectiveColumn?: SortedColumn,
): { below: FrozenTrial[]; above: FrozenTrial[] } {
  const complete: FrozenTrial[] = [];
  const pruned: FrozenTrial[] = [];
  const running: FrozenTrial[] = [];
  const infeasible: FrozenTrial[] = [];
  /** Per input position: whether the trial takes part (the others are dropped). */
  const kept = new Uint8Array(trials.length);
  trials.forEach((trial, i) => {
    // RUNNING first: its constraints are not set yet.
    if (trial.state === 'RUNNING') running.push(trial);
    else if (infeasibilityScore(trial) > 0) infeasible.push(trial);
    else if (trial.state === 'COMPLETE') complete.push(trial);
    else if (trial.state === 'PRUNED') pruned.push(trial);
    else return;
    kept[i] = 1;
  });
  let remaining = Math.max(0, nBelow);
  const [belowComplete, aboveComplete] = splitComplete(
    complete,
    directions,
    remaining,
    objectiveColumn,
  );
  remaining = Math.max(0, remaining - belowComplete.length);
  const direction = directions[0] ?? 'minimize';
  const prunedSorted = sortedBy(pruned, (trial) => prunedKey(trial, direction));
  const prunedCount = Math.min(remaining, prunedSorted.length);
  const belowPruned = prunedSorted.slice(0, prunedCount);
  const abovePruned = prunedSorted.slice(prunedCount);
  remaining = Math.max(0, remaining - belowPruned.length);
  const infeasibleSorted = sortedBy(infeasible, (trial) => [infeasibilityScore(trial)]);
  const infeasibleCount = Math.min(remaining, infeasibleSorted.length);
  const belowInfeasible = infeasibleSorted.slice(0, infeasibleCount);
  if (strictlyIncreasingNumbers(trials)) {
    // Sorting by number then keeps the input order: filter the input instead.
    const good = new Set<FrozenTrial>([...belowComplete, ...belowPruned, ...belowInfeasible]);
    const below: FrozenTrial[] = [];
    const above: FrozenTrial[] = [];
    trials.forEach((trial, i) => {
      if (kept[i] === 1) (good.has(trial) ? below : above).push(trial);
    });
    return { below, above };
  }
  const byNumber = (a: FrozenTrial, b: FrozenTrial): number => a.number - b.number;
  const below = [...belowComplete, ...belowPruned, ...belowInfeasible].sort(byNumber);
  const above = [
    ...aboveComplete,
    ...abovePruned,
    ...infeasibleSorted.slice(infeasibleCount),
    ...running,
  ].sort(byNumber);
  return { below, above };
}
