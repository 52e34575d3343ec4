/**
 * The benchmark functions of shared/reference/optuna.md section 4.3, each with its search
 * space declared through suggest calls exactly as the Python peer declares it
 * (`bench/optuna_peer.py`), its known minimum, and a test vector checked in
 * `test/benchmark-functions.test.ts`.
 */

/** The suggest calls a benchmark function makes (a subset of the trial API). */
export interface SuggestApi {
  suggestFloat(
    name: string,
    low: number,
    high: number,
    options?: { log?: boolean; step?: number },
  ): number;
  suggestInt(name: string, low: number, high: number, options?: { log?: boolean }): number;
  suggestCategorical<const T extends string>(name: string, choices: readonly T[]): T;
}

export interface BenchmarkFunction {
  name: string;
  /** The global minimum. */
  optimum: number;
  /** Declares the space on `trial` and returns the value to minimise. */
  objective(trial: SuggestApi): number;
}

export function branin(x1: number, x2: number): number {
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
}

const hartmannAlpha = [1.0, 1.2, 3.0, 3.2];
const hartmannA = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const hartmannP = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
];

export function hartmann6(x: readonly number[]): number {
  let total = 0;
  for (let i = 0; i < 4; i++) {
    let inner = 0;
    for (let j = 0; j < 6; j++) {
      const a = hartmannA[i]?.[j] as number;
      const p = (hartmannP[i]?.[j] as number) * 1e-4;
      inner += a * ((x[j] as number) - p) ** 2;
    }
    total -= (hartmannAlpha[i] as number) * Math.exp(-inner);
  }
  return total;
}

export function rosenbrock(x: readonly number[]): number {
  let total = 0;
  for (let i = 0; i < x.length - 1; i++) {
    const xi = x[i] as number;
    total += 100 * ((x[i + 1] as number) - xi ** 2) ** 2 + (1 - xi) ** 2;
  }
  return total;
}

export function styblinskiTang(x: readonly number[]): number {
  let total = 0;
  for (const xi of x) total += xi ** 4 - 16 * xi ** 2 + 5 * xi;
  return total / 2;
}

/** The conditional `mixed` function: categorical, log-float, log-int, stepped float and branch parameters. */
export function mixed(trial: SuggestApi): number {
  const kernel = trial.suggestCategorical('kernel', ['linear', 'rbf', 'poly']);
  const lr = trial.suggestFloat('lr', 1e-5, 1.0, { log: true });
  const batch = trial.suggestInt('batch', 16, 512, { log: true });
  const dropout = trial.suggestFloat('dropout', 0.0, 0.5, { step: 0.05 });
  let value: number;
  if (kernel === 'linear') {
    const reg = trial.suggestFloat('reg', 1e-6, 1.0, { log: true });
    value = 1.0 + 0.5 * (Math.log10(reg) + 3) ** 2;
  } else if (kernel === 'rbf') {
    const gamma = trial.suggestFloat('gamma', 1e-4, 1e2, { log: true });
    value = (Math.log10(gamma) - 0.5) ** 2;
  } else {
    const degree = trial.suggestInt('degree', 2, 6);
    const coef0 = trial.suggestFloat('coef0', 0, 1);
    value = 0.3 + 0.1 * (degree - 4) ** 2 + (coef0 - 0.25) ** 2;
  }
  return (
    value +
    (Math.log10(lr) + 2.5) ** 2 +
    0.125 * (Math.log2(batch) - 6) ** 2 +
    4 * (dropout - 0.2) ** 2
  );
}

const floats = (trial: SuggestApi, count: number, low: number, high: number, log = false) =>
  Array.from({ length: count }, (_, index) =>
    trial.suggestFloat(`x${index}`, low, high, log ? { log } : undefined),
  );

export const benchmarkFunctions: readonly BenchmarkFunction[] = [
  {
    name: 'branin',
    optimum: 0.397887357729739,
    objective: (trial) => branin(trial.suggestFloat('x1', -5, 10), trial.suggestFloat('x2', 0, 15)),
  },
  {
    name: 'hartmann6',
    optimum: -3.322368011415515,
    objective: (trial) => hartmann6(floats(trial, 6, 0, 1)),
  },
  {
    name: 'rosenbrock_log4',
    optimum: 0,
    objective: (trial) => rosenbrock(floats(trial, 4, 1e-2, 10, true)),
  },
  {
    name: 'styblinski5',
    optimum: -195.83082851885706,
    objective: (trial) => styblinskiTang(floats(trial, 5, -5, 5)),
  },
  { name: 'mixed', optimum: 0, objective: mixed },
];
