import { describe, expect, it } from 'vitest';
import {
  type AnalysisMetric,
  assessMetric,
  evaluateMeasurement,
  isWorsePhase,
  runAnalysis,
  validateAnalysis,
} from './analysis';
import { compileCondition, type MetricValue } from './condition';
import { MetricProviderError, RolloutPlanError } from './errors';
import { callbackProvider } from './metric-provider';
import { createVirtualClock } from './virtual-clock.test-support';

/** A provider that plays `script` in order: a number is measured, an Error instance is thrown. */
function scripted(script: readonly (MetricValue | Error)[]) {
  let index = 0;
  const provider = callbackProvider(() => {
    const next = script[Math.min(index, script.length - 1)];
    index++;
    if (next instanceof Error) throw next;
    return next as MetricValue;
  });
  return { provider, calls: () => index };
}

const success = compileCondition('result >= 0.95');
const failure = compileCondition('result < 0.5');

describe('evaluateMeasurement', () => {
  it('with only a success condition, not meeting it fails', () => {
    expect(evaluateMeasurement({ success }, 0.97).phase).toBe('Successful');
    expect(evaluateMeasurement({ success }, 0.7).phase).toBe('Failed');
  });
  it('with only a failure condition, not meeting it succeeds', () => {
    expect(evaluateMeasurement({ failure }, 0.7).phase).toBe('Successful');
    expect(evaluateMeasurement({ failure }, 0.2).phase).toBe('Failed');
  });
  it('with both, failure wins and neither is Inconclusive', () => {
    expect(evaluateMeasurement({ success, failure }, 0.97).phase).toBe('Successful');
    expect(evaluateMeasurement({ success, failure }, 0.2).phase).toBe('Failed');
    expect(evaluateMeasurement({ success, failure }, 0.7).phase).toBe('Inconclusive');
    const overlapping = compileCondition('result < 0.99');
    expect(evaluateMeasurement({ success, failure: overlapping }, 0.97).phase).toBe('Failed');
  });
  it('with none, succeeds; an unevaluable condition is an Error with its message', () => {
    expect(evaluateMeasurement({}, Number.NaN).phase).toBe('Successful');
    const measured = evaluateMeasurement({ success: compileCondition('len(result) > 0') }, 1);
    expect(measured.phase).toBe('Error');
    expect(measured.message).toMatch(/len needs a vector/);
  });
});

describe('assessMetric', () => {
  const counters = { count: 0, failed: 0, inconclusive: 0, consecutiveError: 0, measurements: 0 };
  it('is Pending before any measurement, Successful when terminating then', () => {
    expect(assessMetric({}, counters)).toBe('Pending');
    expect(assessMetric({}, counters, true)).toBe('Successful');
  });
  it('fails once failed exceeds failureLimit (default 0); −1 disables it', () => {
    const one = { ...counters, count: 1, failed: 1, measurements: 1 };
    expect(assessMetric({ count: 3, intervalMs: 1 }, one)).toBe('Failed');
    expect(assessMetric({ count: 3, intervalMs: 1, failureLimit: 1 }, one)).toBe('Running');
    expect(
      assessMetric(
        { count: 3, intervalMs: 1, failureLimit: 1 },
        { ...one, count: 2, failed: 2, measurements: 2 },
      ),
    ).toBe('Failed');
    expect(
      assessMetric(
        { count: 3, intervalMs: 1, failureLimit: -1 },
        { ...one, count: 3, failed: 3, measurements: 3 },
      ),
    ).toBe('Successful');
  });
  it('is Inconclusive once inconclusive exceeds inconclusiveLimit, after the failure check', () => {
    const state = { ...counters, count: 2, inconclusive: 1, measurements: 2 };
    expect(assessMetric({ count: 3, intervalMs: 1 }, state)).toBe('Inconclusive');
    expect(assessMetric({ count: 3, intervalMs: 1, inconclusiveLimit: 1 }, state)).toBe('Running');
    expect(assessMetric({ count: 3, intervalMs: 1 }, { ...state, failed: 1 })).toBe('Failed');
  });
  it('errors once consecutive errors exceed consecutiveErrorLimit (default 4)', () => {
    const errors = (n: number) => ({ ...counters, consecutiveError: n, measurements: n });
    expect(assessMetric({}, errors(4))).toBe('Running');
    expect(assessMetric({}, errors(5))).toBe('Error');
    expect(assessMetric({ consecutiveErrorLimit: 0 }, errors(1))).toBe('Error');
  });
  it('succeeds when count is reached (1 without an interval), and never ends with an interval and no count', () => {
    const one = { ...counters, count: 1, measurements: 1 };
    expect(assessMetric({}, one)).toBe('Successful');
    expect(assessMetric({ intervalMs: 1000 }, one)).toBe('Running');
    expect(assessMetric({ intervalMs: 1000 }, one, true)).toBe('Successful');
  });
  it('orders phases Successful < Running < Pending < Inconclusive < Error < Failed', () => {
    const order = ['Successful', 'Running', 'Pending', 'Inconclusive', 'Error', 'Failed'] as const;
    order.forEach((phase, index) => {
      for (const other of order.slice(index + 1)) expect(isWorsePhase(phase, other)).toBe(true);
      for (const other of order.slice(0, index + 1)) expect(isWorsePhase(phase, other)).toBe(false);
    });
  });
});

describe('runAnalysis', () => {
  const metric = (
    overrides: Partial<AnalysisMetric> & Pick<AnalysisMetric, 'provider'>,
  ): AnalysisMetric => ({
    name: 'success-rate',
    successCondition: 'result >= 0.95',
    intervalMs: 1000,
    count: 5,
    ...overrides,
  });

  it('takes count measurements every interval and succeeds', async () => {
    const clock = createVirtualClock(0);
    const { provider, calls } = scripted([0.99]);
    const result = await runAnalysis({ metrics: [metric({ provider })] }, clock);
    expect(result.phase).toBe('Successful');
    expect(calls()).toBe(5);
    expect(result.metrics[0]).toMatchObject({
      phase: 'Successful',
      count: 5,
      successful: 5,
      failed: 0,
    });
    expect(result.metrics[0]?.measurements.map((m) => m.startedAt)).toEqual([
      0, 1000, 2000, 3000, 4000,
    ]);
    expect(result.finishedAt).toBe(4000);
  });

  it('fails at the measurement that exceeds failureLimit, without waiting for count', async () => {
    const clock = createVirtualClock(0);
    const { provider, calls } = scripted([0.99, 0.2, 0.99, 0.1, 0.99]);
    const result = await runAnalysis({ metrics: [metric({ provider, failureLimit: 1 })] }, clock);
    expect(result.phase).toBe('Failed');
    expect(calls()).toBe(4);
    expect(result.decidedBy).toEqual({ metric: 'success-rate', measurementFinishedAt: 3000 });
    expect(result.metrics[0]).toMatchObject({ failed: 2, successful: 2, count: 4 });
  });

  it('retries Errors without counting them, resets on a good value, and errors past the limit', async () => {
    const down = new MetricProviderError({
      provider: 'prometheus',
      reason: 'NETWORK',
      message: 'refused',
    });
    const clock = createVirtualClock(0);
    const recovered = scripted([down, down, 0.99, down, 0.99]);
    const ok = await runAnalysis(
      { metrics: [metric({ provider: recovered.provider, count: 2, consecutiveErrorLimit: 2 })] },
      clock,
    );
    expect(ok.phase).toBe('Successful');
    expect(ok.metrics[0]).toMatchObject({ count: 2, error: 3, consecutiveError: 0 });

    const dead = scripted([down]);
    const failed = await runAnalysis(
      { metrics: [metric({ provider: dead.provider, consecutiveErrorLimit: 2 })] },
      clock,
    );
    expect(failed.phase).toBe('Error');
    expect(dead.calls()).toBe(3);
    expect(failed.metrics[0]?.measurements.at(-1)?.message).toMatch(/refused/);
  });

  it('retries an Error after errorRetryIntervalMs when the metric has no interval', async () => {
    const clock = createVirtualClock(0);
    const { provider } = scripted([new Error('boom'), 0.99]);
    const result = await runAnalysis(
      {
        metrics: [{ name: 'once', provider, successCondition: 'result > 0.9' }],
        errorRetryIntervalMs: 250,
      },
      clock,
    );
    expect(result.phase).toBe('Successful');
    expect(result.metrics[0]?.measurements.map((m) => [m.phase, m.startedAt])).toEqual([
      ['Error', 0],
      ['Successful', 250],
    ]);
  });

  it('is Inconclusive past inconclusiveLimit when neither condition holds', async () => {
    const clock = createVirtualClock(0);
    const { provider } = scripted([0.99, 0.7, 0.99]);
    const result = await runAnalysis(
      { metrics: [metric({ provider, failureCondition: 'result < 0.5', count: 3 })] },
      clock,
    );
    expect(result.phase).toBe('Inconclusive');
    const tolerant = scripted([0.99, 0.7, 0.99]);
    const passed = await runAnalysis(
      {
        metrics: [
          metric({
            provider: tolerant.provider,
            failureCondition: 'result < 0.5',
            count: 3,
            inconclusiveLimit: 1,
          }),
        ],
      },
      clock,
    );
    expect(passed.phase).toBe('Successful');
  });

  it('waits initialDelayMs, and a failing metric stops its siblings (worst phase wins)', async () => {
    const clock = createVirtualClock(0);
    const slow = scripted([0.99]);
    const bad = scripted([0.99, 0.99, 0.1]);
    const result = await runAnalysis(
      {
        metrics: [
          metric({ name: 'latency', provider: slow.provider, count: 100 }),
          metric({ name: 'errors', provider: bad.provider, initialDelayMs: 500 }),
        ],
      },
      clock,
    );
    expect(result.phase).toBe('Failed');
    expect(result.decidedBy?.metric).toBe('errors');
    expect(result.metrics.find((m) => m.name === 'errors')?.measurements[0]?.startedAt).toBe(500);
    const latency = result.metrics.find((m) => m.name === 'latency');
    expect(latency?.phase).toBe('Successful');
    expect(slow.calls()).toBeLessThan(10);
  });

  it('rejects with the signal reason when aborted', async () => {
    const controller = new AbortController();
    const { provider } = scripted([0.99]);
    const reason = new Error('operator stopped it');
    const running = runAnalysis(
      { metrics: [metric({ provider, count: 1000, intervalMs: 5 })] },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(reason), 20);
    await expect(running).rejects.toBe(reason);
  });

  it('validates the spec before measuring', () => {
    const provider = callbackProvider(() => 1);
    const invalid: [unknown, string][] = [
      [{ metrics: [] }, 'analysis.metrics'],
      [
        {
          metrics: [
            { name: 'a', provider },
            { name: 'a', provider },
          ],
        },
        'analysis.metrics[1].name',
      ],
      [
        { metrics: [{ name: 'a', provider, successCondition: 'result >' }] },
        'analysis.metrics[0].successCondition',
      ],
      [{ metrics: [{ name: 'a', provider, count: 3 }] }, 'analysis.metrics[0].intervalMs'],
      [
        { metrics: [{ name: 'a', provider, count: 2, intervalMs: 1, failureLimit: 3 }] },
        'analysis.metrics[0].count',
      ],
      [
        { metrics: [{ name: 'a', provider, failureLimit: -2 }] },
        'analysis.metrics[0].failureLimit',
      ],
      [{ metrics: [{ name: 'a', provider: {} }] }, 'analysis.metrics[0].provider'],
    ];
    for (const [spec, path] of invalid) {
      try {
        validateAnalysis(spec as never);
        expect.unreachable(path);
      } catch (error) {
        expect(RolloutPlanError.isInstance(error)).toBe(true);
        expect((error as RolloutPlanError).path).toBe(path);
      }
    }
    expect(() =>
      validateAnalysis({ metrics: [{ name: 'a', provider, intervalMs: 1 }] }, 'x', true),
    ).toThrow(/never end/);
    expect(() =>
      validateAnalysis({ metrics: [{ name: 'a', provider, intervalMs: 1 }] }),
    ).not.toThrow();
  });
});
