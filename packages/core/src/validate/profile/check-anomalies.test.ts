import { describe, expect, it } from 'vitest';
import { catchError } from '../../../test/support/catch-error';
import { InvalidArgumentError } from '../../errors';
import {
  absoluteChange,
  type ColumnMetrics,
  checkAnomalies,
  createInMemoryMetricsRepository,
  detectAnomalies,
  onlineNormal,
  relativeRateOfChange,
  type TableMetrics,
} from './index';

function metricsOf(rowCount: number, nullFraction: number, mean: number | null = 10): TableMetrics {
  const amount: ColumnMetrics = {
    valueType: 'float',
    nullCount: Math.round(nullFraction * rowCount),
    nullFraction,
    distinctCount: rowCount,
    mean,
    standardDeviation: 1,
    min: 0,
    max: 20,
  };
  return { rowCount, columns: { amount } };
}

describe('relativeRateOfChange', () => {
  const rule = relativeRateOfChange('rowCount', { maxRateDecrease: 0.5, maxRateIncrease: 2 });

  it('passes a ratio to the previous run within bounds', () => {
    const report = detectAnomalies([metricsOf(10, 0), metricsOf(100, 0)], metricsOf(180, 0), [
      rule,
    ]);
    expect(report).toEqual({ success: true, anomalies: [], skipped: [] });
  });

  it('flags a ratio beyond maxRateIncrease against the latest run only', () => {
    const report = detectAnomalies([metricsOf(1000, 0), metricsOf(100, 0)], metricsOf(201, 0), [
      rule,
    ]);
    expect(report.success).toBe(false);
    expect(report.anomalies).toEqual([
      expect.objectContaining({
        strategy: 'relativeRateOfChange',
        metric: 'rowCount',
        column: null,
        value: 201,
        reference: 100,
        lowerBound: 50,
        upperBound: 200,
      }),
    ]);
  });

  it('flags a fall below maxRateDecrease, per column', () => {
    const columnRule = relativeRateOfChange('mean', { maxRateDecrease: 0.9 });
    const report = detectAnomalies([metricsOf(10, 0, 10)], metricsOf(10, 0, 8), [columnRule]);
    expect(report.anomalies.map((a) => [a.column, a.metric, a.value])).toEqual([
      ['amount', 'mean', 8],
    ]);
  });

  it('skips, without failing, when there is no previous run', () => {
    const report = detectAnomalies([], metricsOf(10, 0), [rule]);
    expect(report.success).toBe(true);
    expect(report.skipped).toEqual([
      expect.objectContaining({ strategy: 'relativeRateOfChange', column: null }),
    ]);
  });

  it('needs at least one bound', () => {
    const error = catchError(() => relativeRateOfChange('rowCount', {}));
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
  });
});

describe('absoluteChange', () => {
  const rule = absoluteChange('nullFraction', { maxIncrease: 0.05, maxDecrease: 0.2 });

  it('passes changes within bounds and flags larger ones', () => {
    expect(detectAnomalies([metricsOf(10, 0.1)], metricsOf(10, 0.14), [rule]).success).toBe(true);
    expect(detectAnomalies([metricsOf(10, 0.3)], metricsOf(10, 0.15), [rule]).success).toBe(true);
    const report = detectAnomalies([metricsOf(10, 0.1)], metricsOf(10, 0.3), [rule]);
    expect(report.anomalies).toEqual([
      expect.objectContaining({
        metric: 'nullFraction',
        column: 'amount',
        reference: 0.1,
        upperBound: 0.1 + 0.05,
        lowerBound: 0.1 - 0.2,
      }),
    ]);
  });
});

describe('onlineNormal', () => {
  const history = [100, 102, 98, 101, 99].map((rows) => metricsOf(rows, 0));

  it('passes a value within mean ± 3σ and flags one beyond', () => {
    const rule = onlineNormal('rowCount');
    expect(detectAnomalies(history, metricsOf(103, 0), [rule]).success).toBe(true);
    const report = detectAnomalies(history, metricsOf(110, 0), [rule]);
    // Mean 100, population σ √2, so the bounds are 100 ± 3√2.
    expect(report.anomalies).toEqual([
      expect.objectContaining({
        reference: 100,
        lowerBound: expect.closeTo(100 - 3 * Math.SQRT2, 10),
        upperBound: expect.closeTo(100 + 3 * Math.SQRT2, 10),
      }),
    ]);
  });

  it('leaves a past anomaly out of the statistics unless told otherwise', () => {
    const spiky = [...history, metricsOf(1000, 0), metricsOf(100, 0)];
    expect(detectAnomalies(spiky, metricsOf(110, 0), [onlineNormal('rowCount')]).success).toBe(
      false,
    );
    const kept = onlineNormal('rowCount', { ignoreAnomalies: false });
    expect(detectAnomalies(spiky, metricsOf(110, 0), [kept]).success).toBe(true);
  });

  it('honours one-sided bounds', () => {
    const upperOnly = onlineNormal('rowCount', { lowerDeviationFactor: null });
    expect(detectAnomalies(history, metricsOf(0, 0), [upperOnly]).success).toBe(true);
  });

  it('skips until minHistory runs with a value exist', () => {
    const report = detectAnomalies(history.slice(0, 2), metricsOf(1000, 0), [
      onlineNormal('rowCount'),
    ]);
    expect(report.success).toBe(true);
    expect(report.skipped[0]?.reason).toMatch(/needs 3 past runs.*found 2/);
  });

  it('skips a metric the current run lacks and a column it does not have', () => {
    const rule = onlineNormal('mean', { columns: ['amount', 'gone'] });
    const report = detectAnomalies(history, metricsOf(100, 0, null), [rule]);
    expect(report.skipped.map((s) => s.column)).toEqual(['amount', 'gone']);
  });
});

describe('checkAnomalies', () => {
  it('compares the current metrics with the stored history of the dataset', async () => {
    const repository = createInMemoryMetricsRepository();
    for (const [day, rows] of [100, 102, 98, 101, 99].entries()) {
      await repository.save({
        dataset: 'orders',
        timestamp: `2026-01-0${day + 1}T00:00:00Z`,
        metrics: metricsOf(rows, 0),
      });
    }
    await repository.save({ dataset: 'other', metrics: metricsOf(5000, 0) });
    const rules = [
      onlineNormal('rowCount'),
      relativeRateOfChange('rowCount', { maxRateIncrease: 1.05 }),
    ];
    expect((await checkAnomalies(repository, 'orders', metricsOf(101, 0), rules)).success).toBe(
      true,
    );
    const report = await checkAnomalies(repository, 'orders', metricsOf(150, 0), rules);
    expect(report.anomalies.map((a) => a.strategy)).toEqual([
      'onlineNormal',
      'relativeRateOfChange',
    ]);
  });
});
