import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JournalKeyValue, JournalMetric } from '../journal/records';
import { splitIntoBatches } from './batcher';
import { mlflowLimits } from './limits';

function metric(index: number, key = `m${index % 7}`): JournalMetric {
  return { key, value: index * 0.5, timestampMs: 1_700_000_000_000 + index, step: index };
}

function requestBytes(batch: ReturnType<typeof splitIntoBatches>[number]): number {
  return Buffer.byteLength(
    JSON.stringify({
      run_id: 'a'.repeat(32),
      metrics: batch.metrics.map((m) => ({
        key: m.key,
        value: m.value,
        timestamp: m.timestampMs,
        step: m.step,
      })),
      params: batch.params,
      tags: batch.tags,
    }),
  );
}

describe('splitIntoBatches', () => {
  it('keeps every batch within MLflow limits and loses or reorders nothing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 250 }), fc.double()), {
          maxLength: 3000,
        }),
        fc.array(
          fc.tuple(fc.string({ minLength: 1, maxLength: 50 }), fc.string({ maxLength: 6000 })),
          { maxLength: 250 },
        ),
        fc.array(
          fc.tuple(fc.string({ minLength: 1, maxLength: 50 }), fc.string({ maxLength: 8000 })),
          { maxLength: 250 },
        ),
        (metricPairs, paramPairs, tagPairs) => {
          const metrics = metricPairs.map(([key, value], step) => ({
            key,
            value,
            timestampMs: step,
            step,
          }));
          const params: JournalKeyValue[] = paramPairs.map(([key, value]) => ({ key, value }));
          const tags: JournalKeyValue[] = tagPairs.map(([key, value]) => ({ key, value }));
          const batches = splitIntoBatches(metrics, params, tags);
          for (const batch of batches) {
            expect(batch.metrics.length).toBeLessThanOrEqual(mlflowLimits.metricsPerBatch);
            expect(batch.params.length).toBeLessThanOrEqual(mlflowLimits.paramsPerBatch);
            expect(batch.tags.length).toBeLessThanOrEqual(mlflowLimits.tagsPerBatch);
            expect(
              batch.metrics.length + batch.params.length + batch.tags.length,
            ).toBeLessThanOrEqual(mlflowLimits.entitiesPerBatch);
            expect(requestBytes(batch)).toBeLessThanOrEqual(mlflowLimits.batchBytes);
          }
          expect(batches.flatMap((batch) => batch.metrics)).toEqual(metrics);
          expect(batches.flatMap((batch) => batch.params)).toEqual(params);
          expect(batches.flatMap((batch) => batch.tags)).toEqual(tags);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('fills batches to the metric limit', () => {
    const metrics = Array.from({ length: 2500 }, (_, index) => metric(index));
    const batches = splitIntoBatches(metrics, [], []);
    expect(batches.map((batch) => batch.metrics.length)).toEqual([1000, 1000, 500]);
  });

  it('sends params and tags in the first batches', () => {
    const params = Array.from({ length: 150 }, (_, index) => ({ key: `p${index}`, value: 'x' }));
    const batches = splitIntoBatches([metric(1)], params, [{ key: 't', value: 'v' }]);
    expect(batches[0]?.params).toHaveLength(100);
    expect(batches[0]?.tags).toHaveLength(1);
    expect(batches[0]?.metrics).toHaveLength(1);
    expect(batches[1]?.params).toHaveLength(50);
  });

  it('splits by bytes when values are long', () => {
    const tags = Array.from({ length: 100 }, (_, index) => ({
      key: `t${index}`,
      value: 'é'.repeat(8000),
    }));
    const batches = splitIntoBatches([], [], tags);
    expect(batches.length).toBeGreaterThan(1);
    for (const batch of batches)
      expect(requestBytes(batch)).toBeLessThanOrEqual(mlflowLimits.batchBytes);
  });

  it('returns nothing for nothing', () => {
    expect(splitIntoBatches([], [], [])).toEqual([]);
  });
});
