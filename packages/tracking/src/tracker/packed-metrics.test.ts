import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredMetric, TrackingBackend } from '../backend/tracking-backend';
import type { BatchRecord, JournalKeyValue, JournalMetric } from '../journal/records';
import { MlflowNetworkError } from '../transport/errors';
import { packMetrics, unpackMetrics } from './packed-metrics';
import { RunSender } from './run-sender';

/** Exact equality, point by point: `Object.is` on every field (tells -0 from 0, NaN from "NaN"). */
function expectSamePoints(actual: readonly JournalMetric[], expected: readonly JournalMetric[]) {
  expect(actual).toHaveLength(expected.length);
  const differences: string[] = [];
  actual.forEach((point, index) => {
    const want = expected[index] as JournalMetric;
    const same =
      Object.keys(point).join() === 'key,value,timestampMs,step' &&
      point.key === want.key &&
      Object.is(point.value, want.value) &&
      Object.is(point.timestampMs, want.timestampMs) &&
      Object.is(point.step, want.step);
    if (!same) {
      const show = (metric: JournalMetric) =>
        `${Object.keys(metric).join()}: ${metric.key} ${Object.is(metric.value, -0) ? '-0' : String(metric.value)} (${typeof metric.value}) ${metric.timestampMs} ${Object.is(metric.step, -0) ? '-0' : metric.step}`;
      differences.push(`point ${index}: got ${show(point)}, want ${show(want)}`);
    }
  });
  expect(differences).toEqual([]);
}

const edgeCases: JournalMetric[] = [
  { key: 'loss', value: Number.NaN, timestampMs: 0, step: 0 },
  { key: 'loss', value: 'NaN', timestampMs: 1, step: -1 },
  { key: 'acc', value: Number.POSITIVE_INFINITY, timestampMs: 2, step: 1 },
  { key: 'acc', value: 'Infinity', timestampMs: 3, step: 2 },
  { key: 'loss', value: Number.NEGATIVE_INFINITY, timestampMs: 4, step: 3 },
  { key: 'lr', value: '-Infinity', timestampMs: 5, step: 4 },
  { key: 'lr', value: -0, timestampMs: 6, step: -0 },
  { key: 'z', value: 0, timestampMs: 7, step: 0 },
  { key: 'tiny', value: Number.MIN_VALUE, timestampMs: 8, step: 5 },
  { key: 'big', value: Number.MAX_VALUE, timestampMs: 9, step: 6 },
  { key: 'big', value: -Number.MAX_VALUE, timestampMs: 10, step: 7 },
  { key: 'third', value: 1 / 3, timestampMs: 1_700_000_000_123, step: 2 ** 31 },
  {
    key: 'limits',
    value: 0.1 + 0.2,
    timestampMs: Number.MAX_SAFE_INTEGER,
    step: Number.MAX_SAFE_INTEGER,
  },
  { key: 'limits', value: 2 ** 53, timestampMs: 2 ** 40, step: Number.MIN_SAFE_INTEGER },
  { key: 'system/cpu_utilization_percentage', value: 42, timestampMs: 11, step: 8 },
  { key: 'loss', value: 5e-324, timestampMs: 12, step: 9 },
];

const metricArbitrary: fc.Arbitrary<JournalMetric> = fc.record({
  key: fc.constantFrom('a', 'b', 'loss', 'system/memory', 'x y:z', 'k'.repeat(250)),
  value: fc.oneof(
    fc.double(),
    fc.constantFrom('NaN' as const, 'Infinity' as const, '-Infinity' as const),
    fc.integer(),
  ),
  timestampMs: fc.maxSafeNat(),
  step: fc.maxSafeInteger(),
});

describe('packMetrics / unpackMetrics', () => {
  it('gives back NaN, ±Infinity (as numbers and as text), -0, extreme doubles and safe integers exactly', () => {
    const packed = packMetrics(edgeCases);
    expect(packed.length).toBe(edgeCases.length);
    expectSamePoints(unpackMetrics(packed), edgeCases);
  });

  it('keeps the order of points and of their keys, also when keys alternate', () => {
    const metrics: JournalMetric[] = [];
    for (let step = 0; step < 100; step++) {
      for (const key of ['c', 'a', 'b', 'a']) {
        metrics.push({ key, value: step / 7, timestampMs: 1_700_000_000_000 + step, step });
      }
    }
    const packed = packMetrics(metrics);
    expect(packed.keys).toEqual(['c', 'a', 'b']);
    expectSamePoints(unpackMetrics(packed), metrics);
  });

  it('handles an empty batch and a batch with more distinct keys than one char code holds', () => {
    expect(unpackMetrics(packMetrics([]))).toEqual([]);
    const many = Array.from({ length: 70_000 }, (_, index) => ({
      key: `k${index}`,
      value: index,
      timestampMs: index,
      step: index,
    }));
    const packed = packMetrics(many);
    expect(typeof packed.keyIndex).not.toBe('string');
    expectSamePoints(unpackMetrics(packed), many);
    const some = many.slice(0, 300);
    expect(typeof packMetrics(some).keyIndex).toBe('string');
    expectSamePoints(unpackMetrics(packMetrics(some)), some);
  });

  it('stores a timestamp and step once per run of points that share them', () => {
    const metrics: JournalMetric[] = [];
    for (let step = 0; step < 100; step++) {
      for (const key of ['a', 'b', 'c', 'd']) {
        metrics.push({ key, value: step, timestampMs: 1_700_000_000_000 + step * 3, step });
      }
    }
    // A run of one point, and -0 apart from 0: runs compare with Object.is.
    metrics.push({ key: 'a', value: 1, timestampMs: 5, step: -0 });
    metrics.push({ key: 'a', value: 1, timestampMs: 5, step: 0 });
    metrics.push({ key: 'a', value: 1, timestampMs: 5, step: 0 });
    const packed = packMetrics(metrics);
    expect(packed.times).toHaveLength(2 * 102);
    expect(packed.runStarts).toHaveLength(101);
    expectSamePoints(unpackMetrics(packed), metrics);
    // Mostly distinct points: no run table.
    const distinct = metrics.map((metric, index) => ({ ...metric, step: index }));
    expect(packMetrics(distinct).runStarts).toBeUndefined();
    expectSamePoints(unpackMetrics(packMetrics(distinct)), distinct);
  });

  it('round-trips any batch of valid points', () => {
    fc.assert(
      fc.property(fc.array(metricArbitrary, { maxLength: 300 }), (metrics) => {
        expectSamePoints(unpackMetrics(packMetrics(metrics)), metrics);
      }),
    );
  });

  it('round-trips any batch whose points share timestamps and steps in runs', () => {
    const runArbitrary = fc
      .tuple(
        fc.constantFrom(0, 1, 1_700_000_000_000, Number.MAX_SAFE_INTEGER),
        fc.constantFrom(0, -0, 1, -1, 2 ** 40, Number.MIN_SAFE_INTEGER),
        fc.array(metricArbitrary, { minLength: 1, maxLength: 12 }),
      )
      .map(([timestampMs, step, points]) =>
        points.map((point) => ({ ...point, timestampMs, step })),
      );
    fc.assert(
      fc.property(fc.array(runArbitrary, { maxLength: 40 }), (runs) => {
        const metrics = runs.flat();
        expectSamePoints(unpackMetrics(packMetrics(metrics)), metrics);
      }),
    );
  });
});

/** A backend that records what it was sent; `logBatch` may fail through `failNext`. */
class RecordingBackend implements TrackingBackend {
  readonly batches: {
    metrics: JournalMetric[];
    params: JournalKeyValue[];
    tags: JournalKeyValue[];
  }[] = [];
  readonly stored: StoredMetric[] = [];
  failNext: ((attempt: number) => Error | undefined) | undefined;
  #attempts = 0;

  async ensureExperiment(): Promise<string> {
    return '1';
  }
  async createRun(): Promise<{ runId: string; artifactUri: string }> {
    return { runId: 'r1', artifactUri: 'mlflow-artifacts:/1/r1/artifacts' };
  }
  async findRunByLocalId(): Promise<undefined> {
    return undefined;
  }
  async logBatch(
    _runId: string,
    batch: { metrics: JournalMetric[]; params: JournalKeyValue[]; tags: JournalKeyValue[] },
  ): Promise<void> {
    this.#attempts += 1;
    this.batches.push(batch);
    // Points land, then the answer may be lost (an unknown outcome).
    for (const metric of batch.metrics) {
      this.stored.push({
        key: metric.key,
        value: typeof metric.value === 'number' ? metric.value : Number(metric.value),
        timestampMs: metric.timestampMs,
        step: metric.step,
      });
    }
    const error = this.failNext?.(this.#attempts);
    if (error !== undefined) throw error;
  }
  async getMetricHistory(_runId: string, key: string): Promise<StoredMetric[]> {
    return this.stored.filter((metric) => metric.key === key);
  }
  async logInputs(): Promise<void> {}
  async endRun(): Promise<void> {}
}

function sender(backend: TrackingBackend): RunSender {
  return new RunSender({
    backend,
    acknowledge: async () => {},
    sleep: async () => {},
  });
}

function batchRecord(seq: number, metrics: JournalMetric[], params: JournalKeyValue[] = []) {
  return {
    type: 'batch',
    seq,
    localRunId: 'local',
    metrics,
    params,
    tags: [],
  } satisfies BatchRecord;
}

describe('RunSender with packed metrics', () => {
  it('sends every metric exactly as submitted, in order, with and without params', async () => {
    const backend = new RecordingBackend();
    const runSender = sender(backend);
    runSender.submit({
      type: 'run-start',
      seq: 1,
      localRunId: 'local',
      experimentName: 'e',
      startTimeMs: 0,
      tags: [],
    });
    const first = edgeCases.slice(0, 8);
    const second = edgeCases.slice(8);
    // A copy per submit: the sender must not depend on the caller keeping its arrays intact.
    runSender.submit(batchRecord(2, structuredClone(first)));
    runSender.submit(batchRecord(3, structuredClone(second), [{ key: 'p', value: '1' }]));
    await runSender.drain();
    expect(runSender.failures).toEqual([]);
    expect(backend.batches).toHaveLength(2);
    const sentFirst = backend.batches.find((batch) => batch.params.length === 0);
    const sentSecond = backend.batches.find((batch) => batch.params.length === 1);
    expectSamePoints(sentFirst?.metrics ?? [], first);
    expectSamePoints(sentSecond?.metrics ?? [], second);
    expect(sentSecond?.params).toEqual([{ key: 'p', value: '1' }]);
  });

  it('after an unknown outcome sends only the points the server lacks, exactly as submitted', async () => {
    const backend = new RecordingBackend();
    const runSender = sender(backend);
    runSender.adoptServerRun({ runId: 'r1', experimentId: '1', artifactUri: 'x' });
    // The first attempt lands all but the last 3 points, then its answer is lost.
    const metrics: JournalMetric[] = [
      ...edgeCases,
      { key: 'acc', value: '-Infinity', timestampMs: 13, step: 10 },
    ];
    backend.failNext = (attempt) => {
      if (attempt !== 1) return undefined;
      backend.stored.splice(metrics.length - 3);
      return new MlflowNetworkError({
        message: 'connection reset',
        reason: 'connection-reset',
        requestSent: true,
        method: 'POST',
        path: '/api/2.0/mlflow/runs/log-batch',
        isRetryable: true,
      });
    };
    runSender.submit(batchRecord(2, metrics));
    await runSender.drain();
    expect(runSender.failures).toEqual([]);
    expect(backend.batches).toHaveLength(2);
    expectSamePoints(backend.batches[0]?.metrics ?? [], metrics);
    expectSamePoints(backend.batches[1]?.metrics ?? [], metrics.slice(-3));
  });
});
