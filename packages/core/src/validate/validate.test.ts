import { describe, expect, it } from 'vitest';
import { catchError } from '../../test/support/catch-error';
import { tableFromColumns } from '../arrow';
import { ConfigError, DataFormatError, EmptyInputError, InvalidArgumentError } from '../errors';
import {
  defineSuite,
  expectColumnMeanToBeBetween,
  expectColumnQuantileToBeBetween,
  expectColumnValueLengthsToBeBetween,
  expectColumnValuesToBeBetween,
  expectColumnValuesToBeInSet,
  expectColumnValuesToBeOfType,
  expectColumnValuesToMatchRegex,
  expectColumnValuesToNotBeNull,
  expectCompoundColumnsToBeUnique,
  expectTableColumnsToExist,
  expectTableRowCountToBeBetween,
  MissingColumnError,
  suiteFromJson,
  suiteToJson,
  validate,
} from './index';

const table = tableFromColumns({
  id: [1, 2, 3, 4, 5, 6],
  age: [10, -1, 200, null, 30, 300],
  country: ['fr', 'de', 'xx', 'fr', null, 'yy'],
});

describe('validate', () => {
  it('collects every failure of every check into one table, in suite order', () => {
    const suite = defineSuite(
      [
        expectColumnValuesToNotBeNull('age'),
        expectColumnValuesToBeBetween('age', { min: 0, max: 150 }),
        expectColumnValuesToBeInSet('country', ['fr', 'de']),
        expectColumnMeanToBeBetween('id', { min: 3.5, max: 3.5 }),
        expectTableRowCountToBeBetween({ max: 5 }),
      ],
      { name: 'people' },
    );
    const result = validate(table, suite);
    expect(result.success).toBe(false);
    expect(result.suiteName).toBe('people');
    expect(result.statistics).toEqual({
      evaluatedExpectations: 5,
      successfulExpectations: 1,
      unsuccessfulExpectations: 4,
      successPercent: 20,
    });
    expect(result.failureCases).toEqual([
      {
        column: 'age',
        check: 'expect_column_values_to_not_be_null',
        checkIndex: 0,
        failureCase: null,
        rowIndex: 3,
      },
      {
        column: 'age',
        check: 'expect_column_values_to_be_between',
        checkIndex: 1,
        failureCase: -1,
        rowIndex: 1,
      },
      {
        column: 'age',
        check: 'expect_column_values_to_be_between',
        checkIndex: 1,
        failureCase: 200,
        rowIndex: 2,
      },
      {
        column: 'age',
        check: 'expect_column_values_to_be_between',
        checkIndex: 1,
        failureCase: 300,
        rowIndex: 5,
      },
      {
        column: 'country',
        check: 'expect_column_values_to_be_in_set',
        checkIndex: 2,
        failureCase: 'xx',
        rowIndex: 2,
      },
      {
        column: 'country',
        check: 'expect_column_values_to_be_in_set',
        checkIndex: 2,
        failureCase: 'yy',
        rowIndex: 5,
      },
      {
        column: null,
        check: 'expect_table_row_count_to_be_between',
        checkIndex: 4,
        failureCase: 6,
        rowIndex: null,
      },
    ]);
    expect(
      result.results.map((check) => [
        check.success,
        check.unexpectedCount,
        check.unexpectedPercent,
      ]),
    ).toEqual([
      [false, 1, (100 * 1) / 6],
      [false, 3, 60],
      [false, 2, 40],
      [true, null, null],
      [false, null, null],
    ]);
    expect(result.results[3]?.observedValue).toBe(3.5);
    expect(result.results[1]).not.toHaveProperty('observedValue');
  });

  it('passes an empty suite', () => {
    const result = validate(table, defineSuite([]));
    expect(result).toMatchObject({ success: true, results: [], failureCases: [] });
    expect(result.statistics.successPercent).toBe(100);
  });

  it('keeps maxFailureCases per check in summary mode and all of them in complete mode', () => {
    const many = tableFromColumns({ x: Array.from({ length: 50 }, (_, index) => index) });
    const suite = defineSuite([
      expectColumnValuesToBeBetween('x', { max: -1 }),
      expectColumnValuesToBeBetween('x', { min: 45 }),
    ]);
    const summary = validate(many, suite);
    expect(summary.failureCases.filter((row) => row.checkIndex === 0)).toHaveLength(20);
    expect(summary.failureCases.filter((row) => row.checkIndex === 1)).toHaveLength(20);
    expect(summary.failureCases[19]).toMatchObject({ rowIndex: 19, failureCase: 19 });
    expect(
      summary.results.map((check) => [check.unexpectedCount, check.failureCasesTruncated]),
    ).toEqual([
      [50, true],
      [45, true],
    ]);
    const small = validate(many, suite, { maxFailureCases: 3 });
    expect(small.failureCases.map((row) => row.rowIndex)).toEqual([0, 1, 2, 0, 1, 2]);
    const complete = validate(many, suite, { resultFormat: 'complete' });
    expect(complete.failureCases).toHaveLength(95);
    expect(complete.results.every((check) => !check.failureCasesTruncated)).toBe(true);
  });

  it('throws MissingColumnError naming the column and listing those that exist', () => {
    const suite = defineSuite([
      expectTableRowCountToBeBetween({ min: 1 }),
      expectColumnValuesToNotBeNull('agee'),
    ]);
    const error = catchError(() => validate(table, suite));
    expect(MissingColumnError.isInstance(error)).toBe(true);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    const missing = error as MissingColumnError;
    expect(missing).toMatchObject({
      column: 'agee',
      availableColumns: ['id', 'age', 'country'],
      checkIndex: 1,
      code: 'MISSING_COLUMN',
      argument: 'suite',
    });
    expect(missing.message).toContain('"agee"');
    expect(missing.message).toContain('"id", "age", "country"');
    const compound = catchError(() =>
      validate(table, defineSuite([expectCompoundColumnsToBeUnique(['id', 'nope'])])),
    );
    expect((compound as MissingColumnError).column).toBe('nope');
  });

  it('reports a missing column as data for existence checks', () => {
    const result = validate(table, defineSuite([expectTableColumnsToExist(['agee'])]));
    expect(result.success).toBe(false);
  });

  it('rejects bad options and non-tables', () => {
    const suite = defineSuite([]);
    expect(
      (catchError(() => validate(table, suite, { maxFailureCases: -1 })) as InvalidArgumentError)
        .argument,
    ).toBe('maxFailureCases');
    expect(
      (
        catchError(() =>
          validate(table, suite, { resultFormat: 'basic' as 'summary' }),
        ) as InvalidArgumentError
      ).argument,
    ).toBe('resultFormat');
    expect(
      (catchError(() => validate({} as typeof table, suite)) as InvalidArgumentError).argument,
    ).toBe('table');
  });
});

describe('MissingColumnError', () => {
  it('is recognised by marker and rejected by its siblings', () => {
    const error = new MissingColumnError({ column: 'a', availableColumns: [], checkIndex: 0 });
    expect(error.name).toBe('DagnosticsMissingColumnError');
    expect(error.message).toContain('no columns');
    expect(ConfigError.isInstance(error)).toBe(false);
    expect(DataFormatError.isInstance(error)).toBe(false);
    expect(EmptyInputError.isInstance(error)).toBe(false);
    expect(
      MissingColumnError.isInstance(new InvalidArgumentError({ message: 'm', argument: 'a' })),
    ).toBe(false);
  });
});

describe('suites', () => {
  const suite = defineSuite(
    [
      expectColumnValuesToNotBeNull('id', { mostly: 0.9 }),
      expectColumnValuesToBeOfType('id', 'number'),
      expectColumnValuesToMatchRegex('country', /^[a-z]{2}$/i),
      expectColumnQuantileToBeBetween('age', 0.9, { max: 400, method: 'nearest' }),
      expectColumnValueLengthsToBeBetween('country', { min: 2, max: 2 }),
      expectCompoundColumnsToBeUnique(['id', 'country']),
    ],
    { name: 'round trip' },
  );

  it('round-trip through JSON and validate the same', () => {
    const text = suiteToJson(suite);
    expect(JSON.parse(text).expectations[2]).toEqual({
      type: 'expect_column_values_to_match_regex',
      column: 'country',
      regex: '^[a-z]{2}$',
      flags: 'i',
    });
    const restored = suiteFromJson(text);
    expect(restored).toEqual(suite);
    expect(suiteFromJson(JSON.parse(text))).toEqual(suite);
    expect(validate(table, restored)).toEqual(validate(table, suite));
  });

  it('are frozen', () => {
    expect(Object.isFrozen(suite.expectations[0])).toBe(true);
  });

  it.each([
    [
      'mostly above 1',
      [expectColumnValuesToNotBeNull('x', { mostly: 1.5 })],
      'expectations.0.mostly',
    ],
    ['min above max', [expectColumnValuesToBeBetween('x', { min: 2, max: 1 })], 'expectations.0'],
    [
      'quantile outside [0, 1]',
      [expectColumnQuantileToBeBetween('x', 2, { min: 0 })],
      'expectations.0.quantile',
    ],
    ['unknown type', [{ type: 'expect_everything', column: 'x' }], 'expectations.0.type'],
    [
      'unknown field',
      [{ type: 'expect_column_values_to_be_unique', column: 'x', extra: 1 }],
      'expectations.0',
    ],
    ['empty column name', [expectColumnValuesToNotBeNull('')], 'expectations.0.column'],
  ])('reject %s with a typed error naming the field', (_label, expectations, where) => {
    const error = catchError(() => defineSuite(expectations as never));
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe('suite');
    expect((error as Error).message).toContain(`at ${where}`);
  });

  it('reject text that is not JSON', () => {
    const error = catchError(() => suiteFromJson('{oops'));
    expect((error as InvalidArgumentError).argument).toBe('suite');
  });
});
