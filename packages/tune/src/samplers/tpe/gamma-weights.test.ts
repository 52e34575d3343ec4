import { describe, expect, it } from 'vitest';
import { expectClose, tpeGolden } from './__fixtures__/golden';
import {
  defaultGamma,
  defaultGammaMultiobjective,
  defaultWeights,
  hyperoptDefaultGamma,
} from './gamma-weights';

interface Golden {
  functions: {
    gamma: { n: number; value: number }[];
    gamma_multiobjective: { n: number; value: number }[];
    hyperopt_gamma: { n: number; value: number }[];
    weights: { n: number; value: number[] }[];
  };
}

const golden = tpeGolden<Golden>().functions;

describe('gamma and weights against Optuna 5.0.0', () => {
  it('gamma functions', () => {
    for (const c of golden.gamma) expect(defaultGamma(c.n), `n=${c.n}`).toBe(c.value);
    for (const c of golden.gamma_multiobjective) {
      expect(defaultGammaMultiobjective(c.n), `n=${c.n}`).toBe(c.value);
    }
    for (const c of golden.hyperopt_gamma)
      expect(hyperoptDefaultGamma(c.n), `n=${c.n}`).toBe(c.value);
  });

  it('default weights', () => {
    for (const c of golden.weights) {
      const actual = defaultWeights(c.n);
      expect(actual.length).toBe(c.value.length);
      c.value.forEach((v, i) => {
        expectClose(actual[i] as number, v, `weights(${c.n})[${i}]`, 1e-15);
      });
    }
  });
});
