import { InvalidArgumentError } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import { evaluateGates, gateExitCode } from './evaluate-gates';
import { gateSuiteFromJson } from './suite-from-json';

describe('gateSuiteFromJson', () => {
  it('builds the same gates as the builders and evaluates them', () => {
    const suite = gateSuiteFromJson(
      JSON.parse(`{"gates": [
        {"kind": "metric-threshold", "metric": "accuracy", "min": 0.8},
        {"kind": "mcnemar", "require": "not-worse", "alpha": 0.01},
        {"kind": "bootstrap-difference", "metric": "accuracy", "iterations": 200, "seed": 5, "margin": 0.05},
        {"kind": "latency-budget", "p95Ms": 20},
        {"kind": "size-budget", "maxBytes": 4096},
        {"kind": "validation-passed", "name": "input schema"}
      ]}`),
    );
    expect(suite.gates.map((gate) => gate.name)).toEqual([
      'metric accuracy',
      'McNemar (not-worse)',
      'bootstrap accuracy',
      'latency budget',
      'size budget',
      'input schema',
    ]);
    const labels = [1, 0, 1, 1, 0, 1, 0, 1];
    const report = evaluateGates(suite, {
      metrics: { accuracy: 0.9 },
      labels,
      champion: { predictions: labels },
      challenger: { predictions: labels },
      latenciesMs: [3, 4, 5],
      sizeBytes: 1000,
      validation: {
        success: true,
        statistics: {
          evaluatedExpectations: 0,
          successfulExpectations: 0,
          unsuccessfulExpectations: 0,
          successPercent: 100,
        },
        results: [],
        failureCases: [],
      },
    });
    expect(report.gates.map((gate) => gate.status)).toEqual(Array(6).fill('pass'));
    // Identical models: every resampled difference is 0, inside the 0.05 margin.
    expect(report.gates[2]?.statistics).toMatchObject({ low: 0, high: 0, margin: 0.05 });
    expect(gateExitCode(report)).toBe(0);
  });

  it('names the gate and option that is wrong', () => {
    expect(() =>
      gateSuiteFromJson({
        gates: [
          { kind: 'size-budget', maxBytes: 1 },
          { kind: 'mcnemar', alpha: 2 },
        ],
      }),
    ).toThrow(/Gate 1 \(mcnemar\): `alpha` must be strictly between 0 and 1/);
    try {
      gateSuiteFromJson([{ kind: 'nope' }]);
      expect.unreachable();
    } catch (error) {
      expect(InvalidArgumentError.isInstance(error) && error.argument).toBe('gates[0].kind');
    }
    expect(() => gateSuiteFromJson({})).toThrow(/`gates` array/);
  });
});
