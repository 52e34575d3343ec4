import { InvalidArgumentError } from '@dagnostics/core';
import { normalCdf, normalSf } from '@dagnostics/core/stats';
import { distributionsEqual, isSingle, toInternal } from '../distributions';
import type { Distribution, FrozenTrial, StudyDirection } from '../types';

/** Options of {@link pedAnovaImportances}. */
export interface PedAnovaOptions {
  /** Importance of reaching the top `targetQuantile` of values (γ′). Default 0.1. */
  targetQuantile?: number;
  /** The region over which importance is measured (γ); 1 is the whole study. Default 1. */
  regionQuantile?: number;
  /**
   * True (default): importance during the study, against the density of the region's
   * trials; false: against a uniform density over the search space.
   */
  evaluateOnLocal?: boolean;
  /** Parameters to assess; default every parameter of a COMPLETE trial. */
  params?: readonly string[];
  /** The value that ranks trials, lower is better; default the single objective. */
  target?: (trial: FrozenTrial) => number;
  /** Scale the importances to sum to 1 (Optuna's `normalize`). Default true. */
  normalize?: boolean;
}

const gridSteps = 50;
const priorWeight = 1;
const minTrialsInRegime = 2;

/**
 * Hyperparameter importances by PED-ANOVA (Watanabe et al., IJCAI 2023; conditional
 * parameters by regime as in condPED-ANOVA, KDD 2026), the default evaluator of Optuna 5's
 * `get_param_importances`: for each parameter, the Pearson divergence between a Parzen
 * estimate (Scott's bandwidth, on a grid of at most 50 points) of the top-`targetQuantile`
 * trials and one of the region's trials. Cheap: no model is fitted.
 *
 * Single-objective studies only unless `target` is given. Returns parameter names mapped to
 * importances, most important first.
 *
 * @throws InvalidArgumentError for quantiles outside 0 < target < region <= 1, an unknown
 * parameter, or a multi-objective study without `target`.
 */
export function pedAnovaImportances(
  trials: readonly FrozenTrial[],
  directions: readonly StudyDirection[],
  options: PedAnovaOptions = {},
): Record<string, number> {
  const targetQuantile = options.targetQuantile ?? 0.1;
  const regionQuantile = options.regionQuantile ?? 1;
  if (!(targetQuantile > 0 && targetQuantile < regionQuantile && regionQuantile <= 1)) {
    throw new InvalidArgumentError({
      argument: 'targetQuantile',
      message: `PED-ANOVA needs 0 < targetQuantile < regionQuantile <= 1; got ${targetQuantile} and ${regionQuantile}.`,
    });
  }
  if (options.target === undefined && directions.length !== 1) {
    throw new InvalidArgumentError({
      argument: 'target',
      message:
        'Importances of a multi-objective study need a target, e.g. { target: (trial) => trial.values[0] } (lower is better).',
    });
  }
  const complete = trials.filter((trial) => trial.state === 'COMPLETE');
  const params = resolveParams(complete, options.params);
  const sign = options.target === undefined && directions[0] === 'maximize' ? -1 : 1;
  const lossOf = (trial: FrozenTrial) =>
    options.target === undefined ? sign * (trial.values?.[0] as number) : options.target(trial);
  const finite = complete.filter((trial) =>
    options.target === undefined
      ? (trial.values ?? []).every(Number.isFinite)
      : Number.isFinite(options.target(trial)),
  );
  const zero = Object.fromEntries(params.map((name) => [name, 0]));
  if (finite.length <= 1) return finish(zero, options.normalize);

  const targetTrials = topQuantile(finite, lossOf, targetQuantile);
  const regionTrials = topQuantile(finite, lossOf, regionQuantile);
  if (targetTrials.length === 0) return finish(zero, options.normalize);
  const inTarget = new Set(targetTrials.map((trial) => trial.trialId));
  const quantile = targetTrials.length / regionTrials.length;
  const importances: Record<string, number> = { ...zero };
  for (const name of params) {
    let importance = 0;
    for (const { distribution, members } of regimes(name, regionTrials)) {
      const targetMembers = members.filter((trial) => inTarget.has(trial.trialId));
      if (distribution === undefined || isSingle(distribution) || targetMembers.length === 0)
        continue;
      const alpha = targetMembers.length / targetTrials.length;
      const beta = members.length / regionTrials.length;
      importance +=
        (alpha ** 2 / beta) *
        pearsonDivergence(
          name,
          distribution,
          targetMembers,
          members,
          options.evaluateOnLocal ?? true,
        );
    }
    importances[name] = importance * quantile ** 2;
  }
  return finish(importances, options.normalize);
}

function resolveParams(complete: readonly FrozenTrial[], wanted?: readonly string[]): string[] {
  const present = new Set<string>();
  for (const trial of complete)
    for (const name of Object.keys(trial.distributions)) present.add(name);
  if (wanted === undefined) return [...present];
  const missing = wanted.filter((name) => !present.has(name));
  if (missing.length > 0) {
    throw new InvalidArgumentError({
      argument: 'params',
      message: `No COMPLETE trial has ${missing.map((name) => JSON.stringify(name)).join(', ')}; importances need at least one per parameter.`,
    });
  }
  return [...wanted];
}

/** Trials whose loss is at most the `quantile` order statistic (the inverted-CDF quantile). */
function topQuantile(
  trials: readonly FrozenTrial[],
  lossOf: (trial: FrozenTrial) => number,
  quantile: number,
): FrozenTrial[] {
  if (quantile === 1) return [...trials];
  const losses = trials.map(lossOf);
  const sorted = [...losses].sort((a, b) => a - b);
  const cutoff = sorted[Math.ceil(quantile * losses.length) - 1] as number;
  return trials.filter((_, index) => (losses[index] as number) <= cutoff);
}

/** The region's trials grouped by the parameter's distribution; undefined is the inactive regime. */
function regimes(
  name: string,
  trials: readonly FrozenTrial[],
): { distribution: Distribution | undefined; members: FrozenTrial[] }[] {
  const groups: { distribution: Distribution | undefined; members: FrozenTrial[] }[] = [];
  for (const trial of trials) {
    const distribution = trial.distributions[name];
    let group = groups.find((candidate) =>
      candidate.distribution === undefined || distribution === undefined
        ? candidate.distribution === distribution
        : distributionsEqual(candidate.distribution, distribution),
    );
    if (group === undefined) {
      group = { distribution, members: [] };
      groups.push(group);
    }
    group.members.push(trial);
  }
  return groups.filter((group) => group.members.length >= minTrialsInRegime);
}

function pearsonDivergence(
  name: string,
  distribution: Distribution,
  targetTrials: readonly FrozenTrial[],
  regionTrials: readonly FrozenTrial[],
  evaluateOnLocal: boolean,
): number {
  const top = gridDensity(name, distribution, targetTrials);
  const local = evaluateOnLocal
    ? gridDensity(name, distribution, regionTrials)
    : new Float64Array(top.length).fill(1 / top.length);
  let divergence = 0;
  for (let index = 0; index < top.length; index++) {
    // Optuna adds 1e-12 to both estimated densities (not to the uniform one).
    const p = (top[index] as number) + 1e-12;
    const q = (local[index] as number) + (evaluateOnLocal ? 1e-12 : 0);
    divergence += q * (p / q - 1) ** 2;
  }
  return divergence;
}

/** The Parzen density of the trials' values of `name` at each grid point. */
function gridDensity(
  name: string,
  distribution: Distribution,
  trials: readonly FrozenTrial[],
): Float64Array {
  if (distribution.kind === 'categorical') {
    const counts = new Float64Array(distribution.choices.length);
    for (const trial of trials) {
      const index = toInternal(distribution, trial.params[name] as never);
      counts[index] = (counts[index] as number) + 1;
    }
    return categoricalDensity(counts);
  }
  return numericDensity(gridCounts(name, distribution, trials));
}

/** Counts of the values on a grid of at most 50 points (fewer for steps and log integers). */
function gridCounts(
  name: string,
  distribution: Extract<Distribution, { kind: 'float' | 'int' }>,
  trials: readonly FrozenTrial[],
): Float64Array {
  let steps = gridSteps;
  if (distribution.kind === 'int' && distribution.log) {
    const log2Size =
      Math.ceil(Math.log(distribution.high - distribution.low + 1) / Math.log(2)) + 1;
    steps = Math.min(log2Size, steps);
  } else if (distribution.step !== null && distribution.step !== undefined) {
    steps = Math.min(
      Math.round((distribution.high - distribution.low) / distribution.step) + 1,
      steps,
    );
  }
  const transform = distribution.log ? Math.log : (value: number) => value;
  const low = transform(distribution.low);
  const high = transform(distribution.high);
  const width = (high - low) / (steps - 1);
  const counts = new Float64Array(steps);
  for (const trial of trials) {
    const value = transform(trial.params[name] as number);
    // A midpoint goes to the lower grid point.
    const index = Math.min(steps - 1, Math.max(0, Math.ceil((value - low) / width - 0.5)));
    counts[index] = (counts[index] as number) + 1;
  }
  return counts;
}

/** A mixture of one kernel per observed choice (weighted by its count) and a uniform prior. */
function categoricalDensity(counts: Float64Array): Float64Array {
  const choices = counts.length;
  const observed: number[] = [];
  counts.forEach((count, index) => {
    if (count > 0) observed.push(index);
  });
  const density = new Float64Array(choices);
  if (observed.length === 0) return density.fill(1 / choices);
  const kernels = observed.length + 1;
  let total = priorWeight;
  for (const index of observed) total += counts[index] as number;
  // Each observed kernel puts priorWeight / kernels on every choice, plus 1 on its own,
  // normalised per row; the prior row is the same without the 1 (uniform).
  const rowSum = (choices * priorWeight) / kernels + 1;
  for (const index of observed) {
    const weight = (counts[index] as number) / total;
    for (let choice = 0; choice < choices; choice++) {
      const mass = (priorWeight / kernels + (choice === index ? 1 : 0)) / rowSum;
      density[choice] = (density[choice] as number) + weight * mass;
    }
  }
  const priorShare = priorWeight / total;
  for (let choice = 0; choice < choices; choice++) {
    density[choice] = (density[choice] as number) + priorShare / choices;
  }
  return density;
}

/**
 * Scott's-rule Parzen estimate over grid indices 0..n-1: a discretised truncated normal
 * per observed index (weighted by its count, one shared bandwidth) and a wide prior kernel.
 */
function numericDensity(counts: Float64Array): Float64Array {
  const size = counts.length;
  const high = size - 1;
  const observed: number[] = [];
  const weights: number[] = [];
  counts.forEach((count, index) => {
    if (count > 0) {
      observed.push(index);
      weights.push(count);
    }
  });
  const density = new Float64Array(size);
  const mixture: { mu: number; sigma: number; weight: number }[] = [];
  if (observed.length === 0) {
    mixture.push({ mu: high / 2, sigma: high + 1, weight: 1 });
  } else {
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    let mean = 0;
    observed.forEach((value, index) => {
      mean += value * (weights[index] as number);
    });
    mean /= total;
    let squares = 0;
    observed.forEach((value, index) => {
      squares += (value - mean) ** 2 * (weights[index] as number);
    });
    let sigma = Math.sqrt(squares / Math.max(1, total - 1));
    const cumulative: number[] = [];
    let running = 0;
    for (const weight of weights) {
      running += weight;
      cumulative.push(running);
    }
    const firstQuartile = Math.floor(total / 4);
    const thirdQuartile = Math.floor((total * 3) / 4);
    // numpy's searchsorted: the first index at or above (left), strictly above (right).
    const q1 = cumulative.findIndex((value) => value >= firstQuartile);
    const q3 = cumulative.findIndex((value) => value > thirdQuartile);
    const iqr =
      (observed[q3 < 0 ? observed.length - 1 : Math.min(observed.length - 1, q3)] as number) -
      (observed[q1] as number);
    sigma = 1.059 * Math.min(iqr / 1.34, sigma) * total ** -0.2;
    sigma = Math.max(sigma, 0.5 / 1.64);
    const weightTotal = total + priorWeight;
    observed.forEach((value, index) => {
      mixture.push({ mu: value, sigma, weight: (weights[index] as number) / weightTotal });
    });
    mixture.push({ mu: high / 2, sigma: high + 1, weight: priorWeight / weightTotal });
  }
  for (const kernel of mixture) {
    const normaliser = normalMass(-0.5, high + 0.5, kernel.mu, kernel.sigma);
    for (let index = 0; index < size; index++) {
      const mass = normalMass(index - 0.5, index + 0.5, kernel.mu, kernel.sigma);
      density[index] = (density[index] as number) + (kernel.weight * mass) / normaliser;
    }
  }
  return density;
}

/** P(a < X < b) for X ~ N(mu, sigma²), without cancellation in either tail. */
function normalMass(a: number, b: number, mu: number, sigma: number): number {
  const za = (a - mu) / sigma;
  const zb = (b - mu) / sigma;
  return za > 0 ? normalSf(za) - normalSf(zb) : normalCdf(zb) - normalCdf(za);
}

/** Optuna's ordering (most important first) and optional normalisation. */
function finish(importances: Record<string, number>, normalize = true): Record<string, number> {
  let entries = Object.entries(importances);
  if (normalize) {
    const total = entries.reduce((sum, [, value]) => sum + value, 0);
    entries =
      total === 0
        ? entries.map(([name]) => [name, 1 / entries.length])
        : entries.map(([name, value]) => [name, value / total]);
  }
  // Python's sorted is stable and then reversed: ties keep the reverse of their order.
  const order = entries.map((entry, index) => ({ entry, index }));
  order.sort((a, b) => b.entry[1] - a.entry[1] || b.index - a.index);
  return Object.fromEntries(order.map(({ entry }) => entry));
}
