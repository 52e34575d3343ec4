import { describe, expect, it } from 'vitest';
import { minimizeLbfgs } from './lbfgs';

function rosenbrock(x: Float64Array, gradient: Float64Array): number {
  let value = 0;
  gradient.fill(0);
  for (let i = 0; i < x.length - 1; i++) {
    const a = x[i] as number;
    const b = x[i + 1] as number;
    value += 100 * (b - a * a) ** 2 + (1 - a) ** 2;
    gradient[i] = (gradient[i] as number) - 400 * a * (b - a * a) - 2 * (1 - a);
    gradient[i + 1] = (gradient[i + 1] as number) + 200 * (b - a * a);
  }
  return value;
}

describe('minimizeLbfgs', () => {
  it('finds the minimum of the 4-D Rosenbrock function', () => {
    const result = minimizeLbfgs(rosenbrock, [-1.2, 1, -1.2, 1], {
      gradientTolerance: 1e-8,
      relativeReduction: 0,
    });
    expect(result.status).toBe('gradient');
    for (const value of result.x) expect(value).toBeCloseTo(1, 5);
    expect(result.value).toBeLessThan(1e-10);
  });

  it('stops on the box when the unconstrained minimum is outside it', () => {
    // (x − 3)² + (y + 2)² on [0, 1]²: the minimum is the corner (1, 0).
    const result = minimizeLbfgs(
      (x, gradient) => {
        gradient[0] = 2 * ((x[0] as number) - 3);
        gradient[1] = 2 * ((x[1] as number) + 2);
        return ((x[0] as number) - 3) ** 2 + ((x[1] as number) + 2) ** 2;
      },
      [0.5, 0.5],
      { lower: [0, 0], upper: [1, 1] },
    );
    expect(result.status).toBe('gradient');
    expect(Array.from(result.x)).toEqual([1, 0]);
  });

  it('finds an interior minimum along one free variable with the other at its bound', () => {
    // (x − 0.3)² + 5(y − 2)² on [0, 1]²: x = 0.3 inside, y pinned at 1.
    const result = minimizeLbfgs(
      (x, gradient) => {
        gradient[0] = 2 * ((x[0] as number) - 0.3);
        gradient[1] = 10 * ((x[1] as number) - 2);
        return ((x[0] as number) - 0.3) ** 2 + 5 * ((x[1] as number) - 2) ** 2;
      },
      [0.9, 0.1],
      { lower: [0, 0], upper: [1, 1], gradientTolerance: 1e-9 },
    );
    expect(result.x[0]).toBeCloseTo(0.3, 8);
    expect(result.x[1]).toBe(1);
  });

  it('steps back from points where the objective is not finite', () => {
    // −log(x) + x has its minimum at 1 and is +∞ for x ≤ 0; a full first step would leave the domain.
    const result = minimizeLbfgs(
      (x, gradient) => {
        const v = x[0] as number;
        gradient[0] = -1 / v + 1;
        return v > 0 ? -Math.log(v) + v : Number.POSITIVE_INFINITY;
      },
      [0.01],
      { gradientTolerance: 1e-10 },
    );
    expect(result.x[0]).toBeCloseTo(1, 6);
  });

  it('reports a non-finite start and an iteration cap', () => {
    expect(minimizeLbfgs(() => Number.NaN, [0]).status).toBe('non-finite-start');
    const capped = minimizeLbfgs(rosenbrock, [-1.2, 1], { maxIterations: 3 });
    expect(capped.status).toBe('max-iterations');
    expect(capped.iterations).toBe(3);
  });
});
