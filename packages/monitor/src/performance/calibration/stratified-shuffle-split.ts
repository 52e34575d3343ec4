import { InvalidArgumentError } from '@dagnostics/core';
import { LegacyRandomState } from './legacy-random-state';

/** One train/test split: row positions. */
export interface TrainTestSplit {
  train: number[];
  test: number[];
}

/**
 * Splits a class count `n` into per-class draws that sum to `draws`, proportionally: floors
 * first, then one more for the classes with the largest remainders, ties broken at random.
 * This is scikit-learn's `_approximate_mode`, including its use of the random stream.
 */
function apportion(classCounts: number[], draws: number, random: LegacyRandomState): number[] {
  const total = classCounts.reduce((sum, count) => sum + count, 0);
  const continuous = classCounts.map((count) => (count / total) * draws);
  const floored = continuous.map(Math.floor);
  let missing = draws - floored.reduce((sum, value) => sum + value, 0);
  if (missing > 0) {
    const remainders = continuous.map((value, i) => value - (floored[i] as number));
    const distinct = Array.from(new Set(remainders)).sort((a, b) => b - a);
    for (const remainder of distinct) {
      const candidates = remainders.flatMap((value, i) => (value === remainder ? [i] : []));
      const take = Math.min(candidates.length, missing);
      const chosen = random.permutation(candidates.length).slice(0, take);
      for (const pick of chosen) {
        const index = candidates[pick] as number;
        floored[index] = (floored[index] as number) + 1;
      }
      missing -= take;
      if (missing === 0) break;
    }
  }
  return floored;
}

/**
 * The splits of scikit-learn 1.9.1's `StratifiedShuffleSplit(n_splits, test_size,
 * random_state=seed).split(X, classes)`, drawn from the same numpy `RandomState` stream so
 * that the row positions are identical. `classes` holds each row's class as a number.
 *
 * @throws InvalidArgumentError when a class has fewer than 2 rows, or the train or test
 * part would have fewer rows than there are classes.
 */
export function stratifiedShuffleSplits(
  classes: ArrayLike<number>,
  splits: number,
  testFraction: number,
  seed: number,
): TrainTestSplit[] {
  const n = classes.length;
  const testSize = Math.ceil(testFraction * n);
  const trainSize = n - testSize;
  const distinct = Array.from(new Set(Array.from(classes))).sort((a, b) => a - b);
  const rowsByClass = distinct.map((label) => {
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (classes[i] === label) rows.push(i);
    return rows;
  });
  const counts = rowsByClass.map((rows) => rows.length);
  if (counts.some((count) => count < 2)) {
    throw new InvalidArgumentError({
      message: `Each class needs at least 2 reference rows for the stratified calibration check; class counts are ${counts.join(', ')}.`,
      argument: 'yTrue',
    });
  }
  if (trainSize < distinct.length || testSize < distinct.length) {
    throw new InvalidArgumentError({
      message: `${n} reference rows are too few for a stratified ${Math.round(testFraction * 100)} % test split with ${distinct.length} classes; pass more reference rows.`,
      argument: 'yTrue',
    });
  }
  const random = new LegacyRandomState(seed);
  const result: TrainTestSplit[] = [];
  for (let split = 0; split < splits; split++) {
    const trainCounts = apportion(counts, trainSize, random);
    const remaining = counts.map((count, i) => count - (trainCounts[i] as number));
    const testCounts = apportion(remaining, testSize, random);
    const train: number[] = [];
    const test: number[] = [];
    rowsByClass.forEach((rows, c) => {
      const shuffled = random.permutation(rows.length).map((position) => rows[position] as number);
      const trainCount = trainCounts[c] as number;
      train.push(...shuffled.slice(0, trainCount));
      test.push(...shuffled.slice(trainCount, trainCount + (testCounts[c] as number)));
    });
    result.push({ train: random.shuffle(train), test: random.shuffle(test) });
  }
  return result;
}
