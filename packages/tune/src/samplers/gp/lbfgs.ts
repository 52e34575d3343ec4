/**
 * A small limited-memory BFGS minimiser with optional box bounds, used for the GP's MAP fit
 * (unbounded, in log-parameter space) and for the local search of the acquisition function
 * (bounded).
 *
 * With bounds it is a projected L-BFGS, not scipy's L-BFGS-B: at each iteration variables
 * that sit on a bound with the gradient pushing outwards are held fixed, the two-loop
 * recursion gives a quasi-Newton direction on the others, and a backtracking (Armijo) line
 * search runs along the projected path `P(x + αd)`. Stopping rules follow L-BFGS-B's: the
 * projected gradient's largest component below `gradientTolerance` (scipy `pgtol`/`gtol`),
 * or a relative decrease of f below `relativeReduction` (scipy `factr·eps`).
 */

/** f(x), writing ∇f(x) into `gradient`. May return +∞ or NaN for an infeasible x. */
export type ObjectiveWithGradient = (x: Float64Array, gradient: Float64Array) => number;

/** Settings of {@link minimizeLbfgs}. */
export interface LbfgsOptions {
  /** Lower bounds per variable; default none (−∞). */
  readonly lower?: ArrayLike<number>;
  /** Upper bounds per variable; default none (+∞). */
  readonly upper?: ArrayLike<number>;
  /** Number of correction pairs kept. Default 10 (scipy's `m`). */
  readonly memory?: number;
  /** Stop when max_i |projected gradient_i| ≤ this. Default 1e-5 (scipy's `pgtol`). */
  readonly gradientTolerance?: number;
  /** Stop when (f_k − f_{k+1}) ≤ this · max(|f_k|, |f_{k+1}|, 1). Default 1e7·2⁻⁵² (scipy's `factr=1e7`). */
  readonly relativeReduction?: number;
  /** Default 15000. */
  readonly maxIterations?: number;
  /** Default 15000. */
  readonly maxEvaluations?: number;
  /** Backtracking steps per line search. Default 20 (scipy's `maxls`). */
  readonly maxLineSearchSteps?: number;
}

/** Why {@link minimizeLbfgs} stopped. */
export type LbfgsStatus =
  | 'gradient'
  | 'reduction'
  | 'line-search'
  | 'max-iterations'
  | 'max-evaluations'
  | 'non-finite-start';

/** The outcome of {@link minimizeLbfgs}: the best point found and its value. */
export interface LbfgsResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly gradient: Float64Array;
  readonly iterations: number;
  readonly evaluations: number;
  readonly status: LbfgsStatus;
}

const MACHINE_EPSILON = 2 ** -52;
const ARMIJO = 1e-4;

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

/** Minimises `objective` from `x0` (projected into the bounds first). */
export function minimizeLbfgs(
  objective: ObjectiveWithGradient,
  x0: ArrayLike<number>,
  options: LbfgsOptions = {},
): LbfgsResult {
  const size = x0.length;
  const lower = options.lower;
  const upper = options.upper;
  const memory = options.memory ?? 10;
  const gradientTolerance = options.gradientTolerance ?? 1e-5;
  const relativeReduction = options.relativeReduction ?? 1e7 * MACHINE_EPSILON;
  const maxIterations = options.maxIterations ?? 15000;
  const maxEvaluations = options.maxEvaluations ?? 15000;
  const maxLineSearchSteps = options.maxLineSearchSteps ?? 20;

  const lowerAt = (i: number): number =>
    lower === undefined ? Number.NEGATIVE_INFINITY : (lower[i] as number);
  const upperAt = (i: number): number =>
    upper === undefined ? Number.POSITIVE_INFINITY : (upper[i] as number);
  const project = (value: number, i: number): number =>
    Math.min(Math.max(value, lowerAt(i)), upperAt(i));

  let x = new Float64Array(size);
  for (let i = 0; i < size; i++) x[i] = project(x0[i] as number, i);
  let gradient = new Float64Array(size);
  let value = objective(x, gradient);
  let evaluations = 1;
  if (!Number.isFinite(value)) {
    return { x, value, gradient, iterations: 0, evaluations, status: 'non-finite-start' };
  }

  const sHistory: Float64Array[] = [];
  const yHistory: Float64Array[] = [];
  const rhoHistory: number[] = [];
  const alphas = new Float64Array(memory);
  const direction = new Float64Array(size);
  const free = new Uint8Array(size);
  let candidate = new Float64Array(size);
  let candidateGradient = new Float64Array(size);
  let iterations = 0;
  let status: LbfgsStatus = 'max-iterations';

  for (;;) {
    // Projected gradient (scipy's projgr) and the free set.
    let projectedNorm = 0;
    for (let i = 0; i < size; i++) {
      const g = gradient[i] as number;
      const xi = x[i] as number;
      const component = g < 0 ? Math.max(xi - upperAt(i), g) : Math.min(xi - lowerAt(i), g);
      projectedNorm = Math.max(projectedNorm, Math.abs(component));
      free[i] = (xi <= lowerAt(i) && g > 0) || (xi >= upperAt(i) && g < 0) ? 0 : 1;
    }
    if (projectedNorm <= gradientTolerance) {
      status = 'gradient';
      break;
    }
    if (iterations >= maxIterations) {
      status = 'max-iterations';
      break;
    }

    // Two-loop recursion on the free variables.
    for (let i = 0; i < size; i++) direction[i] = free[i] === 1 ? (gradient[i] as number) : 0;
    const pairs = sHistory.length;
    for (let k = pairs - 1; k >= 0; k--) {
      const s = sHistory[k] as Float64Array;
      const y = yHistory[k] as Float64Array;
      let a = 0;
      for (let i = 0; i < size; i++)
        if (free[i] === 1) a += (s[i] as number) * (direction[i] as number);
      a *= rhoHistory[k] as number;
      alphas[k] = a;
      for (let i = 0; i < size; i++)
        if (free[i] === 1) direction[i] = (direction[i] as number) - a * (y[i] as number);
    }
    if (pairs > 0) {
      const s = sHistory[pairs - 1] as Float64Array;
      const y = yHistory[pairs - 1] as Float64Array;
      const gamma = dot(s, y) / dot(y, y);
      for (let i = 0; i < size; i++) direction[i] = (direction[i] as number) * gamma;
    }
    for (let k = 0; k < pairs; k++) {
      const s = sHistory[k] as Float64Array;
      const y = yHistory[k] as Float64Array;
      let b = 0;
      for (let i = 0; i < size; i++)
        if (free[i] === 1) b += (y[i] as number) * (direction[i] as number);
      b *= rhoHistory[k] as number;
      const shift = (alphas[k] as number) - b;
      for (let i = 0; i < size; i++)
        if (free[i] === 1) direction[i] = (direction[i] as number) + shift * (s[i] as number);
    }
    for (let i = 0; i < size; i++) direction[i] = free[i] === 1 ? -(direction[i] as number) : 0;
    let slope = dot(direction, gradient);
    if (!(slope < 0)) {
      // Not a descent direction: forget the curvature pairs and fall back to steepest descent.
      sHistory.length = 0;
      yHistory.length = 0;
      rhoHistory.length = 0;
      for (let i = 0; i < size; i++) direction[i] = free[i] === 1 ? -(gradient[i] as number) : 0;
      slope = dot(direction, gradient);
    }

    // Backtracking along the projected path.
    let step = sHistory.length === 0 ? Math.min(1, 1 / Math.sqrt(dot(direction, direction))) : 1;
    let accepted = false;
    let candidateValue = Number.NaN;
    for (let attempt = 0; attempt < maxLineSearchSteps && evaluations < maxEvaluations; attempt++) {
      for (let i = 0; i < size; i++)
        candidate[i] = project((x[i] as number) + step * (direction[i] as number), i);
      candidateValue = objective(candidate, candidateGradient);
      evaluations++;
      let decrease = 0;
      for (let i = 0; i < size; i++)
        decrease += (gradient[i] as number) * ((candidate[i] as number) - (x[i] as number));
      if (Number.isFinite(candidateValue) && candidateValue <= value + ARMIJO * decrease) {
        accepted = true;
        break;
      }
      if (Number.isFinite(candidateValue)) {
        // Minimiser of the quadratic through f(0), f'(0) and f(step), kept in [0.1, 0.5]·step.
        const curvature = candidateValue - value - slope * step;
        const interpolated = curvature > 0 ? (-slope * step * step) / (2 * curvature) : 0.5 * step;
        step = Math.min(Math.max(interpolated, 0.1 * step), 0.5 * step);
      } else {
        step *= 0.5;
      }
    }
    if (!accepted) {
      status = evaluations >= maxEvaluations ? 'max-evaluations' : 'line-search';
      break;
    }

    const s = new Float64Array(size);
    const y = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      s[i] = (candidate[i] as number) - (x[i] as number);
      y[i] = (candidateGradient[i] as number) - (gradient[i] as number);
    }
    const sy = dot(s, y);
    if (sy > MACHINE_EPSILON * dot(y, y)) {
      if (sHistory.length === memory) {
        sHistory.shift();
        yHistory.shift();
        rhoHistory.shift();
      }
      sHistory.push(s);
      yHistory.push(y);
      rhoHistory.push(1 / sy);
    }
    iterations++;
    const previousValue = value;
    [x, candidate] = [candidate, x];
    [gradient, candidateGradient] = [candidateGradient, gradient];
    value = candidateValue;
    if (
      previousValue - value <=
      relativeReduction * Math.max(Math.abs(previousValue), Math.abs(value), 1)
    ) {
      status = 'reduction';
      break;
    }
    if (evaluations >= maxEvaluations) {
      status = 'max-evaluations';
      break;
    }
  }
  return { x, value, gradient, iterations, evaluations, status };
}
