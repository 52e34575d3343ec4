import { describe, expect, it } from 'vitest';
import { expectClose, readGolden } from '../../test/support/golden';
import { defineGates, latencyBudget } from './define-gates';
import { evaluateGates } from './evaluate-gates';
import { mcnemarTest } from './mcnemar-test';
import { accuracy, f1Macro, logLoss, metricFunction } from './metrics';
import { pairedBootstrapDifference } from './paired-bootstrap';
import type { ClassLabel, NamedMetric, Predictions } from './types';

interface McNemarCase {
  b: number;
  c: number;
  exactStatistic: number;
  exactPValue: number;
  chiSquareStatistic?: number;
  chiSquarePValue?: number;
  binomtestPValue?: number;
}

interface BootstrapCase {
  name: string;
  metric: NamedMetric;
  labels: number[];
  champion: number[];
  challenger: number[];
  iterations: number;
  seed: number;
  confidence: number;
  estimate: number;
  champion_metric: number;
  challenger_metric: number;
  percentile: [number, number];
  bca: [number, number];
  standardError: number;
  distribution?: number[];
  distributionHead?: number[];
}

interface MetricCase {
  metric: NamedMetric;
  labels: ClassLabel[];
  predictions: Predictions;
  expected: number;
}

interface LatencyCase {
  latenciesMs: number[];
  p50: number;
  p95: number;
  p99: number;
}

const golden = readGolden<{
  mcnemar: McNemarCase[];
  bootstrap: BootstrapCase[];
  metrics: MetricCase[];
  latency: LatencyCase[];
}>(new URL('./__fixtures__/gates.json', import.meta.url));

describe('McNemar against statsmodels and scipy', () => {
  it.each(golden.cases.mcnemar)('b = $b, c = $c', (golden) => {
    // exactBelow = Infinity forces the exact test, 0 the chi-square test.
    const exact = mcnemarTest(golden.b, golden.c, Number.POSITIVE_INFINITY);
    expect(exact.method).toBe('exact');
    expect(exact.statistic).toBe(golden.exactStatistic);
    expectClose(exact.pValue, golden.exactPValue, { rtol: 1e-12, tail: true, label: 'exact p' });
    if (golden.binomtestPValue !== undefined) {
      expectClose(exact.pValue, golden.binomtestPValue, {
        rtol: 1e-12,
        tail: true,
        label: 'binomtest',
      });
    }
    if (golden.chiSquareStatistic !== undefined && golden.chiSquarePValue !== undefined) {
      const chiSquare = mcnemarTest(golden.b, golden.c, 0);
      expect(chiSquare.method).toBe('chi-square');
      expectClose(chiSquare.statistic, golden.chiSquareStatistic, {
        label: 'chi-square statistic',
      });
      expectClose(chiSquare.pValue, golden.chiSquarePValue, {
        rtol: 1e-12,
        tail: true,
        label: 'chi-square p',
      });
    }
  });

  it('switches from the exact test to chi-square at b + c = 25 by default', () => {
    expect(mcnemarTest(10, 14).method).toBe('exact');
    expect(mcnemarTest(12, 13).method).toBe('chi-square');
  });
});

describe('metrics against scikit-learn', () => {
  it.each(golden.cases.metrics)('$metric', ({ metric, labels, predictions, expected }) => {
    expectClose(metricFunction(metric)(predictions, labels), expected, { rtol: 1e-13 });
  });

  it('names the three built-ins', () => {
    expect([
      metricFunction('accuracy'),
      metricFunction('f1-macro'),
      metricFunction('log-loss'),
    ]).toEqual([accuracy, f1Macro, logLoss]);
  });
});

describe('paired bootstrap against scipy.stats.bootstrap(paired=True) on the same SFC64 stream', () => {
  it.each(golden.cases.bootstrap)('$name', (golden) => {
    const result = pairedBootstrapDifference({
      metric: metricFunction(golden.metric),
      champion: golden.champion,
      challenger: golden.challenger,
      labels: golden.labels,
      iterations: golden.iterations,
      confidence: golden.confidence,
      seed: golden.seed,
      bca: true,
    });
    expectClose(result.estimate, golden.estimate, { atol: 1e-15, label: 'estimate' });
    // Same rows drawn, so the resampled differences agree value by value.
    const expected = golden.distribution ?? golden.distributionHead ?? [];
    expected.forEach((value, index) => {
      expectClose(result.distribution[index] as number, value, {
        rtol: 1e-12,
        atol: 1e-15,
        label: `draw ${index}`,
      });
    });
    expectClose(result.percentile[0], golden.percentile[0], {
      rtol: 1e-12,
      atol: 1e-15,
      label: 'percentile low',
    });
    expectClose(result.percentile[1], golden.percentile[1], {
      rtol: 1e-12,
      atol: 1e-15,
      label: 'percentile high',
    });
    expectClose(result.bca?.interval[0] as number, golden.bca[0], {
      rtol: 1e-12,
      atol: 1e-15,
      label: 'BCa low',
    });
    expectClose(result.bca?.interval[1] as number, golden.bca[1], {
      rtol: 1e-12,
      atol: 1e-15,
      label: 'BCa high',
    });
    expectClose(result.standardError, golden.standardError, {
      rtol: 1e-10,
      label: 'standard error',
    });
  });
});

describe('latency budgets use numpy quantiles', () => {
  it.each(golden.cases.latency)(
    '$latenciesMs.length latencies',
    ({ latenciesMs, p50, p95, p99 }) => {
      const report = evaluateGates(
        defineGates([latencyBudget({ p50Ms: 1e9, p95Ms: 1e9, p99Ms: 1e9 })]),
        { latenciesMs },
      );
      const statistics = report.gates[0]?.statistics ?? {};
      expectClose(statistics.p50Ms as number, p50, { label: 'p50' });
      expectClose(statistics.p95Ms as number, p95, { label: 'p95' });
      expectClose(statistics.p99Ms as number, p99, { label: 'p99' });
    },
  );
});
