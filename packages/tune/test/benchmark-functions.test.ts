import { describe, expect, it } from 'vitest';
import {
  benchmarkFunctions,
  branin,
  hartmann6,
  mixed,
  rosenbrock,
  styblinskiTang,
} from '../bench/functions';

// The test vectors of shared/reference/optuna.md 4.3; bench/optuna_peer.py asserts the same
// ones on the Python side, so both languages optimise the same functions.
describe('benchmark functions', () => {
  it('match the reference test vectors', () => {
    expect(branin(0, 0)).toBe(55.602112642270264);
    expect(hartmann6([0.5, 0.5, 0.5, 0.5, 0.5, 0.5])).toBeCloseTo(-0.5053149917022333, 15);
    expect(rosenbrock([0.5, 2, 1, 3])).toBe(1607.5);
    expect(styblinskiTang([0, 1, -1, 2, -2])).toBe(-63);
  });

  it('reach their stated optimum at the known minimisers', () => {
    const optimum = (name: string) => benchmarkFunctions.find((fn) => fn.name === name)?.optimum;
    expect(branin(-Math.PI, 12.275)).toBeCloseTo(optimum('branin') as number, 12);
    expect(branin(Math.PI, 2.275)).toBeCloseTo(optimum('branin') as number, 12);
    expect(hartmann6([0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573])).toBeCloseTo(
      optimum('hartmann6') as number,
      5,
    );
    expect(rosenbrock([1, 1, 1, 1])).toBe(0);
    expect(styblinskiTang(Array(5).fill(-2.903534027771178))).toBeCloseTo(
      optimum('styblinski5') as number,
      10,
    );
  });

  it('gives mixed its minimum 0 on the rbf branch and the deceptive optima elsewhere', () => {
    const fixed = (values: Record<string, number | string>) => ({
      suggestFloat: (name: string) => values[name] as number,
      suggestInt: (name: string) => values[name] as number,
      suggestCategorical: <const T extends string>(name: string, _choices: readonly T[]) =>
        values[name] as T,
    });
    const common = { lr: 10 ** -2.5, batch: 64, dropout: 0.2 };
    expect(mixed(fixed({ ...common, kernel: 'rbf', gamma: 10 ** 0.5 }))).toBeCloseTo(0, 12);
    expect(mixed(fixed({ ...common, kernel: 'poly', degree: 4, coef0: 0.25 }))).toBeCloseTo(
      0.3,
      12,
    );
    expect(mixed(fixed({ ...common, kernel: 'linear', reg: 1e-3 }))).toBeCloseTo(1, 12);
  });
});
