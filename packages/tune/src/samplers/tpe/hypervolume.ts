/**
 * Hypervolume and greedy hypervolume subset selection (HSSP) for minimisation, as
 * multi-objective TPE uses to break ties in the last non-domination front it splits.
 */

/** Hypervolume dominated by `points` (each ≤ `reference` in every objective) up to `reference`. */
export function hypervolume(
  points: readonly (readonly number[])[],
  reference: readonly number[],
): number {
  if (points.length === 0) return 0;
  const dimension = reference.length;
  if (dimension === 1) {
    let best = Number.POSITIVE_INFINITY;
    for (const p of points) best = Math.min(best, p[0] as number);
    return (reference[0] as number) - best;
  }
  if (dimension === 2) return hypervolume2d(points, reference);
  // Slice along the last objective: between consecutive levels the cross-section is the
  // (d−1)-dimensional hypervolume of every point at or below the level.
  const last = dimension - 1;
  const sorted = [...points].sort((a, b) => (a[last] as number) - (b[last] as number));
  const subReference = reference.slice(0, last);
  let volume = 0;
  for (let i = 0; i < sorted.length; i++) {
    const level = sorted[i]?.[last] as number;
    const next =
      i + 1 < sorted.length ? (sorted[i + 1]?.[last] as number) : (reference[last] as number);
    const height = next - level;
    if (height <= 0) continue;
    const section = sorted.slice(0, i + 1).map((p) => p.slice(0, last));
    volume += height * hypervolume(section, subReference);
  }
  return volume;
}

function hypervolume2d(
  points: readonly (readonly number[])[],
  reference: readonly number[],
): number {
  const sorted = [...points].sort(
    (a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number),
  );
  let volume = 0;
  let ceiling = reference[1] as number;
  for (const p of sorted) {
    const y = p[1] as number;
    if (y >= ceiling) continue;
    volume += ((reference[0] as number) - (p[0] as number)) * (ceiling - y);
    ceiling = y;
  }
  return volume;
}

function lexCompare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return 0;
}

function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++)
    if ((values[i] as number) > (values[best] as number)) best = i;
  return best;
}

/** Greedy 2-D HSSP over unique, lexsorted front points (exact incremental contributions). */
function greedy2d(points: number[][], subsetSize: number, reference: readonly number[]): number[] {
  const remaining = points.map((_, i) => i);
  const diagonals = points.map(() => [reference[0] as number, reference[1] as number]);
  const selected: number[] = [];
  for (let step = 0; step < subsetSize; step++) {
    const contributions = remaining.map((index, position) => {
      const p = points[index] as number[];
      const diagonal = diagonals[position] as number[];
      return (
        ((diagonal[0] as number) - (p[0] as number)) * ((diagonal[1] as number) - (p[1] as number))
      );
    });
    const best = argmax(contributions);
    const chosen = points[remaining[best] as number] as number[];
    selected.push(remaining[best] as number);
    remaining.splice(best, 1);
    diagonals.splice(best, 1);
    for (let position = 0; position < diagonals.length; position++) {
      const diagonal = diagonals[position] as number[];
      if (position < best) diagonal[0] = Math.min(chosen[0] as number, diagonal[0] as number);
      else diagonal[1] = Math.min(chosen[1] as number, diagonal[1] as number);
    }
  }
  return selected;
}

/** Greedy HSSP in 3+ objectives: each step adds the point of largest exact contribution. */
function greedyNd(points: number[][], subsetSize: number, reference: readonly number[]): number[] {
  const remaining = points.map((_, i) => i);
  const chosenPoints: number[][] = [];
  const selected: number[] = [];
  let current = 0;
  for (let step = 0; step < subsetSize; step++) {
    const contributions = remaining.map((index) => {
      const p = points[index] as number[];
      if (chosenPoints.length === 0) {
        let product = 1;
        for (let d = 0; d < p.length; d++) product *= (reference[d] as number) - (p[d] as number);
        return product;
      }
      return hypervolume([...chosenPoints, p], reference) - current;
    });
    const best = argmax(contributions);
    const index = remaining[best] as number;
    selected.push(index);
    chosenPoints.push(points[index] as number[]);
    current = hypervolume(chosenPoints, reference);
    remaining.splice(best, 1);
  }
  return selected;
}

/**
 * Picks `subsetSize` of `lossValues` (one front, minimisation) greedily maximising the
 * hypervolume w.r.t. `reference` (Optuna's `_solve_hssp`, a (1 − 1/e)-approximation).
 * Duplicated points are reduced to their first occurrence; if fewer unique points than
 * `subsetSize` exist, all unique points plus the earliest duplicates are taken. Returns
 * positions into `lossValues`.
 */
export function solveHssp(
  lossValues: readonly (readonly number[])[],
  subsetSize: number,
  reference: readonly number[],
): number[] {
  const n = lossValues.length;
  if (subsetSize >= n) return lossValues.map((_, i) => i);
  // Unique rows, lexsorted, each with the position of its first occurrence.
  const order = lossValues.map((_, i) => i);
  order.sort((i, j) => lexCompare(lossValues[i] as number[], lossValues[j] as number[]) || i - j);
  const uniqueFirst: number[] = [];
  for (const position of order) {
    const last = uniqueFirst[uniqueFirst.length - 1];
    if (
      last === undefined ||
      lexCompare(lossValues[last] as number[], lossValues[position] as number[]) !== 0
    ) {
      uniqueFirst.push(position);
    }
  }
  if (uniqueFirst.length < subsetSize) {
    const chosen = new Set(uniqueFirst);
    let missing = subsetSize - uniqueFirst.length;
    for (let i = 0; i < n && missing > 0; i++) {
      if (!chosen.has(i)) {
        chosen.add(i);
        missing -= 1;
      }
    }
    return [...chosen].sort((a, b) => a - b);
  }
  if (!reference.every(Number.isFinite)) return uniqueFirst.slice(0, subsetSize);
  if (uniqueFirst.length === subsetSize) return uniqueFirst;
  const points = uniqueFirst.map((i) => [...(lossValues[i] as number[])]);
  const picked =
    reference.length === 2
      ? greedy2d(points, subsetSize, reference)
      : greedyNd(points, subsetSize, reference);
  return picked.map((i) => uniqueFirst[i] as number);
}
