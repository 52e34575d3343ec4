import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catchError } from '../../../test/support/catch-error';
import { useTemporaryDirectory } from '../../../test/support/temporary-directory';
import { tableFromColumns } from '../../arrow';
import { ConfigError, DataFormatError } from '../../errors';
import {
  computeColumnMetrics,
  createInMemoryMetricsRepository,
  createMetricsRepository,
} from './index';

const directory = useTemporaryDirectory('dagnostics-metrics-');

const table = tableFromColumns({
  amount: [1, 2, 3, null],
  country: ['fr', 'de', 'fr', 'fr'],
});

describe('computeColumnMetrics', () => {
  it('computes null fraction, distinct count and numeric moments per column', () => {
    expect(computeColumnMetrics(table)).toEqual({
      rowCount: 4,
      columns: {
        amount: {
          valueType: 'float',
          nullCount: 1,
          nullFraction: 0.25,
          distinctCount: 3,
          mean: 2,
          standardDeviation: 1,
          min: 1,
          max: 3,
        },
        country: {
          valueType: 'string',
          nullCount: 0,
          nullFraction: 0,
          distinctCount: 2,
          mean: null,
          standardDeviation: null,
          min: null,
          max: null,
        },
      },
    });
  });

  it('reports null statistics for an empty table', () => {
    const metrics = computeColumnMetrics(tableFromColumns({ x: new Float64Array(0) }));
    expect(metrics).toEqual({
      rowCount: 0,
      columns: {
        x: {
          valueType: 'float',
          nullCount: 0,
          nullFraction: 0,
          distinctCount: 0,
          mean: null,
          standardDeviation: null,
          min: null,
          max: null,
        },
      },
    });
  });
});

describe('createMetricsRepository', () => {
  it('appends runs as JSON Lines that a new repository on the same path reads back in time order', async () => {
    const path = join(directory(), 'nested', 'metrics.jsonl');
    const metrics = computeColumnMetrics(table);
    const writer = createMetricsRepository({ path });
    await writer.save({ dataset: 'orders', timestamp: '2026-01-02T00:00:00Z', metrics });
    await writer.save({ dataset: 'users', timestamp: '2026-01-01T00:00:00Z', metrics });
    await createMetricsRepository({ path }).save({
      dataset: 'orders',
      timestamp: new Date('2026-01-01T00:00:00Z'),
      metrics: { ...metrics, rowCount: 7 },
    });

    const reader = createMetricsRepository({ path });
    const runs = await reader.load('orders');
    expect(runs.map((run) => [run.timestamp, run.metrics.rowCount])).toEqual([
      ['2026-01-01T00:00:00.000Z', 7],
      ['2026-01-02T00:00:00.000Z', 4],
    ]);
    expect(runs[1]?.metrics).toEqual(metrics);
    expect(await reader.load('orders', { after: '2026-01-02T00:00:00Z' })).toHaveLength(1);
    expect(await reader.load('orders', { before: '2026-01-01T12:00:00Z' })).toHaveLength(1);
    expect(await reader.load('unknown')).toEqual([]);
  });

  it('reads a missing file as an empty history', async () => {
    const repository = createMetricsRepository({ path: join(directory(), 'absent.jsonl') });
    expect(await repository.load('orders')).toEqual([]);
  });

  it('names the line of a corrupt file', async () => {
    const path = join(directory(), 'corrupt.jsonl');
    await writeFile(
      path,
      '{"dataset":"a","timestamp":"2026-01-01T00:00:00Z","metrics":{}}\nnot json\n',
    );
    const error = await createMetricsRepository({ path })
      .load('a')
      .catch((caught: unknown) => caught);
    expect(DataFormatError.isInstance(error)).toBe(true);
    expect((error as DataFormatError).line).toBe(2);
  });

  it('rejects a missing path', () => {
    const error = catchError(() => createMetricsRepository({ path: '' }));
    expect(ConfigError.isInstance(error)).toBe(true);
  });
});

describe('createInMemoryMetricsRepository', () => {
  it('keeps runs per dataset and protects them from later changes', async () => {
    const repository = createInMemoryMetricsRepository();
    const metrics = computeColumnMetrics(table);
    await repository.save({ dataset: 'orders', timestamp: '2026-01-01T00:00:00Z', metrics });
    metrics.rowCount = 99;
    const [run] = await repository.load('orders');
    expect(run?.metrics.rowCount).toBe(4);
  });
});
