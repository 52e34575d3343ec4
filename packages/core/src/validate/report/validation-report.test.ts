import { describe, expect, it } from 'vitest';
import { tableFromColumns } from '../../arrow';
import { InvalidArgumentError } from '../../errors';
import {
  defineSuite,
  expectColumnMeanToBeBetween,
  expectColumnValuesToBeBetween,
  expectColumnValuesToBeInSet,
  expectColumnValuesToNotBeNull,
  expectCompoundColumnsToBeUnique,
  expectTableColumnsToExist,
  expectTableRowCountToBeBetween,
  validate,
} from '..';
import { createValidationReport } from '.';

const now = () => new Date('2026-11-27T00:00:00Z');

function sample() {
  const table = tableFromColumns({
    id: [1, 2, 3, 4, 5, 6],
    age: new Float64Array([31, -4, 150, 42, Number.NaN, 28]),
    state: ['success', 'failed', 'up_for_retry', null, 'success', 'bogus'],
  });
  const suite = defineSuite(
    [
      expectColumnValuesToNotBeNull('id'),
      expectColumnValuesToBeBetween('age', { min: 0, max: 130 }),
      expectColumnValuesToBeInSet('state', ['success', 'failed', 'up_for_retry']),
      expectColumnMeanToBeBetween('age', { min: 0, max: 100 }),
      expectTableRowCountToBeBetween({ min: 1, max: 10 }),
      expectTableColumnsToExist(['id', 'owner']),
      expectCompoundColumnsToBeUnique(['id', 'state']),
    ],
    { name: 'tasks' },
  );
  return validate(table, suite, { resultFormat: 'complete' });
}

describe('createValidationReport', () => {
  it('carries the verdict, statistics and every check in suite order', () => {
    const result = sample();
    const report = createValidationReport(result, { now });
    expect(report).toMatchObject({
      format: 'dagnostics.validation-report/1',
      title: 'Validation report: tasks',
      generatedAt: '2026-11-27T00:00:00.000Z',
      suiteName: 'tasks',
      success: false,
      statistics: {
        evaluatedExpectations: 7,
        successfulExpectations: 3,
        unsuccessfulExpectations: 4,
      },
    });
    expect(report.checks.map((check) => [check.checkIndex, check.success])).toEqual([
      [0, true],
      [1, false],
      [2, false],
      [3, false],
      [4, true],
      [5, false],
      [6, true],
    ]);
    expect(report.checks[1]).toMatchObject({
      expectationType: 'expect_column_values_to_be_between',
      column: 'age',
      kwargs: { min: 0, max: 130 },
      elementCount: 6,
      nullCount: 0,
      unexpectedCount: 3,
      unexpectedPercent: 50,
      observedValue: null,
      failureCases: [
        { rowIndex: 1, column: 'age', value: -4 },
        { rowIndex: 2, column: 'age', value: 150 },
        { rowIndex: 4, column: 'age', value: 'NaN' },
      ],
      failureCasesTruncated: false,
    });
    expect(report.checks[5]).toMatchObject({
      column: null,
      kwargs: { columns: ['id', 'owner'] },
      failureCases: [{ rowIndex: null, column: 'owner', value: 'missing' }],
    });
    expect(report.checks[6]).toMatchObject({ column: 'id, state', kwargs: {} });
    // The engine observes no mean for a column holding NaN, which fails its bounds.
    expect(report.checks[3]).toMatchObject({
      observedValue: null,
      failureCases: [{ rowIndex: null, column: 'age', value: null }],
    });
  });

  it('has one failure case per failure of the result, when under the cap', () => {
    const result = sample();
    const report = createValidationReport(result);
    const listed = report.checks.reduce((sum, check) => sum + check.failureCases.length, 0);
    expect(listed).toBe(result.failureCases.length);
    for (const check of report.checks) {
      const failures = result.failureCases.filter(
        (failure) => failure.checkIndex === check.checkIndex,
      );
      expect(check.failureCases.map((failure) => failure.rowIndex)).toEqual(
        failures.map((failure) => failure.rowIndex),
      );
    }
  });

  it('round-trips through JSON unchanged', () => {
    const report = createValidationReport(sample(), { title: 'Tasks <nightly>', now });
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(report.title).toBe('Tasks <nightly>');
  });

  it('caps the failure cases per check and says so', () => {
    const values = Float64Array.from({ length: 50 }, (_, index) => -index - 1);
    const result = validate(
      tableFromColumns({ value: values }),
      defineSuite([expectColumnValuesToBeBetween('value', { min: 0 })]),
      { resultFormat: 'complete' },
    );
    const report = createValidationReport(result, { maxFailureCasesPerCheck: 5 });
    const [check] = report.checks;
    expect(check?.unexpectedCount).toBe(50);
    expect(check?.failureCases.map((failure) => failure.rowIndex)).toEqual([0, 1, 2, 3, 4]);
    expect(check?.failureCasesTruncated).toBe(true);
    // A result truncated by validate stays truncated even under the report's cap.
    const summary = validate(
      tableFromColumns({ value: values }),
      defineSuite([expectColumnValuesToBeBetween('value', { min: 0 })]),
      { maxFailureCases: 3 },
    );
    expect(createValidationReport(summary).checks[0]).toMatchObject({
      failureCasesTruncated: true,
    });
    expect(createValidationReport(summary).checks[0]?.failureCases).toHaveLength(3);
  });

  it('names a suite without a name plainly and rejects a bad cap', () => {
    const result = validate(tableFromColumns({ a: [1] }), defineSuite([]));
    const report = createValidationReport(result);
    expect(report).toMatchObject({ title: 'Validation report', suiteName: null, checks: [] });
    expect(report.statistics.successPercent).toBe(100);
    expect(() => createValidationReport(result, { maxFailureCasesPerCheck: -1 })).toThrow(
      InvalidArgumentError,
    );
  });
});
