import { createRng, InvalidArgumentError, tableFromColumns } from '@dagnostics/core';
import {
  defineSuite,
  expectColumnValuesToBeBetween,
  expectColumnValuesToNotBeNull,
  validate,
} from '@dagnostics/core/validate';
import { describe, expect, it } from 'vitest';
import {
  bootstrapDifference,
  defineGates,
  latencyBudget,
  mcnemar,
  metricThreshold,
  sizeBudget,
  validationPassed,
} from './define-gates';
import { evaluateGates, gateExitCode } from './evaluate-gates';
import type { GateInputs, GateSuite } from './types';

/** Per-row correctness: `right` of `rows` true, spread out. */
function correctness(rows: number, right: number, offset = 0): boolean[] {
  return Array.from({ length: rows }, (_, row) => (row + offset) % rows < right);
}

function only(suite: GateSuite, inputs: GateInputs) {
  const report = evaluateGates(suite, inputs);
  const [gate] = report.gates;
  if (gate === undefined) throw new Error('no gate');
  return { report, gate };
}

describe('defineGates', () => {
  it('refuses an empty suite, duplicate names and bad settings', () => {
    expect(() => defineGates([])).toThrow(/non-empty/);
    expect(() => defineGates([sizeBudget({ maxBytes: 1 }), sizeBudget({ maxBytes: 2 })])).toThrow(
      /Two gates are named "size budget"/,
    );
    expect(() => mcnemar({ alpha: 1 })).toThrow(InvalidArgumentError);
    expect(() => metricThreshold({ metric: 'accuracy' })).toThrow(/needs `min`, `max`/);
    expect(() => metricThreshold({ metric: 'accuracy', min: 0.9, max: 0.8 })).toThrow(/above/);
    expect(() => latencyBudget({})).toThrow(/at least one/);
    expect(() => bootstrapDifference({ metric: 'auc' as 'accuracy' })).toThrow(/one of accuracy/);
    expect(() => bootstrapDifference({ metric: 'accuracy', iterations: 0 })).toThrow(
      /positive integer/,
    );
    expect(() => bootstrapDifference({ metric: 'accuracy', margin: -0.1 })).toThrow(/>= 0/);
    try {
      mcnemar({ alpha: 0 });
    } catch (error) {
      expect(InvalidArgumentError.isInstance(error) && error.argument).toBe('alpha');
    }
  });

  it('keeps two gates of one kind apart by name', () => {
    const suite = defineGates([
      sizeBudget({ maxBytes: 10 }),
      sizeBudget({ maxBytes: 100, name: 'size, generous' }),
    ]);
    const report = evaluateGates(suite, { sizeBytes: 50 });
    expect(report.gates.map((gate) => [gate.name, gate.status])).toEqual([
      ['size budget', 'fail'],
      ['size, generous', 'pass'],
    ]);
    expect(report.verdict).toBe('fail');
    expect(gateExitCode(report)).toBe(1);
  });
});

describe('metricThreshold', () => {
  const suite = defineGates([metricThreshold({ metric: 'accuracy', min: 0.9, max: 0.999 })]);

  it('passes inside inclusive bounds and fails outside', () => {
    expect(only(suite, { metrics: { accuracy: 0.9 } }).gate.status).toBe('pass');
    const { gate } = only(suite, { metrics: { accuracy: 0.85 } });
    expect(gate.status).toBe('fail');
    expect(gate.checks.map((item) => [item.comparator, item.threshold, item.passed])).toEqual([
      ['>=', 0.9, false],
      ['<=', 0.999, true],
    ]);
    expect(gate.reasons).toEqual(['Failed: accuracy 0.85 >= 0.9.']);
  });

  it('is in error without a value, and the value in the definition wins', () => {
    const { report, gate } = only(suite, { metrics: { f1: 0.95 } });
    expect(gate.status).toBe('error');
    expect(gate.reasons[0]).toMatch(/inputs.metrics\["accuracy"\]/);
    expect(gateExitCode(report)).toBe(2);
    const fixed = defineGates([metricThreshold({ metric: 'accuracy', min: 0.9, value: 0.95 })]);
    expect(only(fixed, { metrics: { accuracy: 0.1 } }).gate.status).toBe('pass');
  });
});

describe('mcnemar', () => {
  it('fails not-worse when the challenger loses significantly more pairs', () => {
    // 200 rows: champion right on 180, challenger on 150, so b >= 30 and few c.
    const suite = defineGates([
      mcnemar({ champion: correctness(200, 180), challenger: correctness(200, 150) }),
    ]);
    const { report, gate } = only(suite, {});
    expect(gate.statistics).toMatchObject({ b: 30, c: 0, method: 'chi-square', rows: 200 });
    expect(gate.statistics.pValue as number).toBeLessThan(1e-6);
    expect(gate.status).toBe('fail');
    expect(gate.reasons.join(' ')).toMatch(
      /Chi-square test with continuity correction because b \+ c = 30 >= 25/,
    );
    expect(gateExitCode(report)).toBe(1);
  });

  it('passes not-worse on a tie or an insignificant loss, and requires significance for better', () => {
    const tie = defineGates([
      mcnemar({ champion: correctness(100, 80), challenger: correctness(100, 80, 3) }),
    ]);
    const tieGate = only(tie, {}).gate;
    expect(tieGate.statistics).toMatchObject({ b: 3, c: 3, method: 'exact', pValue: 1 });
    expect(tieGate.status).toBe('pass');

    const slightlyWorse = defineGates([
      mcnemar({ champion: correctness(100, 82), challenger: correctness(100, 80) }),
    ]);
    expect(only(slightlyWorse, {}).gate.status).toBe('pass');

    const better = defineGates([mcnemar({ require: 'better' })]);
    const clearly = {
      champion: { correct: correctness(300, 200) },
      challenger: { correct: correctness(300, 260) },
    };
    expect(only(better, clearly).gate.status).toBe('pass');
    const barely = {
      champion: { correct: correctness(300, 200) },
      challenger: { correct: correctness(300, 203) },
    };
    const barelyGate = only(better, barely).gate;
    expect(barelyGate.status).toBe('fail');
    expect(barelyGate.checks.map((item) => item.passed)).toEqual([true, false]);
  });

  it('scores predictions against labels when correctness is not given', () => {
    const labels = ['a', 'b', 'a', 'b', 'a', 'b'];
    const suite = defineGates([mcnemar()]);
    const { gate } = only(suite, {
      labels,
      champion: { predictions: ['a', 'b', 'a', 'a', 'b', 'a'] },
      challenger: { predictions: ['a', 'b', 'a', 'b', 'a', 'a'] },
    });
    expect(gate.statistics).toMatchObject({ b: 0, c: 2, bothRight: 3, bothWrong: 1 });
    expect(gate.statistics.championAccuracy).toBeCloseTo(0.5, 15);
  });

  it('is in error for missing or mismatched inputs', () => {
    const suite = defineGates([mcnemar()]);
    expect(only(suite, {}).gate.reasons).toEqual([
      "The champion's correctness is missing: pass `correct`, or `predictions` and `labels`.",
      "The challenger's correctness is missing: pass `correct`, or `predictions` and `labels`.",
    ]);
    const mismatched = only(suite, {
      champion: { correct: [true, false] },
      challenger: { correct: [true] },
    });
    expect(mismatched.gate.status).toBe('error');
    expect(mismatched.report.verdict).toBe('error');
  });
});

describe('bootstrapDifference', () => {
  const rows = 120;
  const labels = Array.from({ length: rows }, (_, row) => row % 3);
  const predict = (right: number, offset: number) =>
    labels.map((label, row) => ((row * 7 + offset) % rows < right ? label : (label + 1) % 3));
  const champion = predict(90, 0);
  const better = predict(108, 5);
  const worse = predict(80, 11);

  it('repeats exactly for a seed and passes a clearly better challenger', () => {
    const suite = defineGates([
      bootstrapDifference({ metric: 'accuracy', seed: 42, iterations: 400 }),
    ]);
    const inputs = {
      labels,
      champion: { predictions: champion },
      challenger: { predictions: better },
    };
    const first = only(suite, inputs).gate;
    const second = only(suite, inputs).gate;
    expect(second).toEqual(first);
    expect(first.status).toBe('pass');
    expect(first.statistics.difference).toBeCloseTo(18 / 120, 12);
    const low = first.statistics.low as number;
    const high = first.statistics.high as number;
    expect(low).toBeGreaterThan(0);
    expect(high).toBeGreaterThan(first.statistics.difference as number);
    expect(first.checks[0]?.interval).toEqual([low, high]);

    const otherSeed = only(
      defineGates([bootstrapDifference({ metric: 'accuracy', seed: 43, iterations: 400 })]),
      inputs,
    ).gate;
    expect(otherSeed.statistics.standardError).not.toBe(first.statistics.standardError);
  });

  it('fails a worse challenger unless the margin allows the loss', () => {
    const inputs = {
      labels,
      champion: { predictions: champion },
      challenger: { predictions: worse },
    };
    const strict = only(
      defineGates([bootstrapDifference({ metric: 'f1-macro', seed: 1, iterations: 300 })]),
      inputs,
    );
    expect(strict.gate.status).toBe('fail');
    expect(strict.gate.checks[0]).toMatchObject({ comparator: '>', threshold: 0, passed: false });
    const lenient = only(
      defineGates([
        bootstrapDifference({ metric: 'f1-macro', seed: 1, iterations: 300, margin: 0.3 }),
      ]),
      inputs,
    );
    expect(lenient.gate.status).toBe('pass');
    expect(lenient.gate.checks[0]?.threshold).toBe(-0.3);
  });

  it('judges lower-is-better metrics by the upper bound', () => {
    const binary = labels.map((label) => (label === 0 ? 0 : 1));
    const sharp = binary.map((label) => (label === 1 ? 0.9 : 0.1));
    const vague = binary.map((label) => (label === 1 ? 0.6 : 0.4));
    const gates = defineGates([
      bootstrapDifference({ metric: 'log-loss', seed: 3, iterations: 200, interval: 'bca' }),
    ]);
    const improved = only(gates, {
      labels: binary,
      champion: { predictions: vague },
      challenger: { predictions: sharp },
    });
    expect(improved.gate.statistics.direction).toBe('lower-is-better');
    expect(improved.gate.checks[0]).toMatchObject({ comparator: '<', threshold: 0, passed: true });
    expect(improved.gate.statistics.acceleration).not.toBeNull();
    const degraded = only(gates, {
      labels: binary,
      champion: { predictions: sharp },
      challenger: { predictions: vague },
    });
    expect(degraded.gate.status).toBe('fail');
  });

  it('takes a metric function and reports it by name', () => {
    const errorRate = (predictions: readonly unknown[], truth: readonly unknown[]) =>
      predictions.filter((value, row) => value !== truth[row]).length / truth.length;
    const suite = defineGates([
      bootstrapDifference({
        metric: errorRate,
        metricName: 'error rate',
        direction: 'lower-is-better',
        champion,
        challenger: better,
        labels,
        iterations: 100,
      }),
    ]);
    const { gate } = only(suite, {});
    expect(gate.name).toBe('bootstrap error rate');
    expect(gate.status).toBe('pass');
    expect(gate.checks[0]?.label).toBe('upper 95% bound of challenger − champion error rate');
  });

  it('is in error without labels, with short predictions, or when the metric refuses the data', () => {
    const suite = defineGates([bootstrapDifference({ metric: 'log-loss', iterations: 10 })]);
    expect(only(suite, {}).gate.reasons[0]).toMatch(/No labels/);
    expect(
      only(suite, {
        labels: [0, 1],
        champion: { predictions: [0.5] },
        challenger: { predictions: [0.5, 0.5] },
      }).gate.reasons,
    ).toEqual(['The champion has 1 predictions for 2 labels.']);
    const refused = only(suite, {
      labels: ['cat', 'dog'],
      champion: { predictions: [0.5, 0.5] },
      challenger: { predictions: [0.5, 0.5] },
    });
    expect(refused.gate.status).toBe('error');
    expect(refused.gate.reasons[0]).toMatch(/class indexes/);
  });

  it('covers a known difference in about 95% of seeded repetitions', () => {
    // Champion right with probability 0.7, challenger 0.78, independently: the difference
    // of accuracies is 0.08 in expectation.
    const trueDifference = 0.08;
    let covered = 0;
    const repetitions = 200;
    for (let repetition = 0; repetition < repetitions; repetition++) {
      const rng = createRng([2026, repetition]);
      const n = 200;
      const truth = new Array<number>(n).fill(1);
      const championPredictions = truth.map(() => (rng.float() < 0.7 ? 1 : 0));
      const challengerPredictions = truth.map(() => (rng.float() < 0.78 ? 1 : 0));
      const { gate } = only(
        defineGates([
          bootstrapDifference({ metric: 'accuracy', seed: repetition, iterations: 400 }),
        ]),
        {
          labels: truth,
          champion: { predictions: championPredictions },
          challenger: { predictions: challengerPredictions },
        },
      );
      if (
        (gate.statistics.low as number) <= trueDifference &&
        trueDifference <= (gate.statistics.high as number)
      ) {
        covered++;
      }
    }
    // Binomial(200, 0.95) has standard deviation 3.1: a miscomputed interval (90% or 99%
    // wide, or off-centre) lands outside.
    expect(covered).toBeGreaterThanOrEqual(182);
    expect(covered).toBeLessThanOrEqual(198);
  });
});

describe('latencyBudget, sizeBudget and validationPassed', () => {
  it('checks each budgeted quantile', () => {
    const latenciesMs = Array.from({ length: 100 }, (_, index) => index + 1);
    const { gate } = only(defineGates([latencyBudget({ p50Ms: 60, p99Ms: 99 })]), { latenciesMs });
    expect(gate.checks.map((item) => [item.label, item.observed, item.passed])).toEqual([
      ['p50 latency (ms)', 50.5, true],
      ['p99 latency (ms)', 99.01, false],
    ]);
    expect(gate.status).toBe('fail');
    expect(
      only(defineGates([latencyBudget({ p95Ms: 1 })]), { latenciesMs: [1, -2] }).gate.status,
    ).toBe('error');
  });

  it('checks the size in bytes', () => {
    const suite = defineGates([sizeBudget({ maxBytes: 1024 })]);
    expect(only(suite, { sizeBytes: 1024 }).gate.status).toBe('pass');
    expect(only(suite, { sizeBytes: 1025 }).gate.status).toBe('fail');
    expect(only(suite, {}).gate.status).toBe('error');
  });

  it('passes a clean validation result and names the unmet expectations', () => {
    const table = tableFromColumns({ age: new Float64Array([20, 35, 140]) });
    const expectations = defineSuite([
      expectColumnValuesToNotBeNull('age'),
      expectColumnValuesToBeBetween('age', { min: 0, max: 130 }),
    ]);
    const failed = validate(table, expectations);
    const { gate } = only(defineGates([validationPassed(failed)]), {});
    expect(gate.status).toBe('fail');
    expect(gate.reasons).toContain(
      'Expectation 1 unmet: expect_column_values_to_be_between on "age".',
    );
    expect(gate.statistics).toMatchObject({
      evaluatedExpectations: 2,
      unsuccessfulExpectations: 1,
    });

    const clean = validate(tableFromColumns({ age: new Float64Array([20, 35]) }), expectations);
    expect(only(defineGates([validationPassed()]), { validation: clean }).gate.status).toBe('pass');
    expect(only(defineGates([validationPassed()]), {}).gate.status).toBe('error');
  });
});

describe('the report', () => {
  it('is plain JSON and the verdict is the worst status', () => {
    const suite = defineGates([
      metricThreshold({ metric: 'accuracy', min: 0.9 }),
      sizeBudget({ maxBytes: 10 }),
      latencyBudget({ p95Ms: 5 }),
    ]);
    const report = evaluateGates(suite, { metrics: { accuracy: 0.95 }, sizeBytes: 11 });
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(report.counts).toEqual({ pass: 1, fail: 1, error: 1 });
    expect(report.verdict).toBe('error');
    expect(gateExitCode(report)).toBe(2);
    expect(
      gateExitCode(
        evaluateGates(suite, { metrics: { accuracy: 0.95 }, sizeBytes: 1, latenciesMs: [1] }),
      ),
    ).toBe(0);
  });
});
