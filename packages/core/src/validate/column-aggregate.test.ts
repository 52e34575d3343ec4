import { Float64, Int16, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { tableFromColumns } from '../arrow';
import {
  defineSuite,
  type Expectation,
  expectColumnDistinctCountToBeBetween,
  expectColumnMeanToBeBetween,
  expectColumnQuantileToBeBetween,
  expectColumnStdevToBeBetween,
  expectColumnValuesToBeOfType,
  validate,
} from './index';

function check(table: ReturnType<typeof tableFromColumns>, expectation: Expectation) {
  const result = validate(table, defineSuite([expectation]));
  const [only] = result.results;
  if (only === undefined) throw new Error('no result');
  return { ...only, failureCases: result.failureCases };
}

const table = tableFromColumns({ x: [1, 2, 3, 4, null] });
const empty = tableFromColumns({ x: vectorFromArray([], new Float64()) });
const allNull = tableFromColumns({ x: vectorFromArray([null, null], new Float64()) });

describe('expect_column_mean_to_be_between', () => {
  it('observes the mean of the non-null values', () => {
    const pass = check(table, expectColumnMeanToBeBetween('x', { min: 2.5, max: 2.5 }));
    expect(pass).toMatchObject({
      success: true,
      observedValue: 2.5,
      nullCount: 1,
      elementCount: 5,
      unexpectedCount: null,
      unexpectedPercent: null,
    });
    expect(pass.failureCases).toEqual([]);
  });

  it('reports the observed value as the failure case', () => {
    const fail = check(table, expectColumnMeanToBeBetween('x', { min: 2.5, strictMin: true }));
    expect(fail).toMatchObject({ success: false, observedValue: 2.5 });
    expect(fail.failureCases).toEqual([
      {
        column: 'x',
        check: 'expect_column_mean_to_be_between',
        checkIndex: 0,
        failureCase: 2.5,
        rowIndex: null,
      },
    ]);
    expect(
      check(table, expectColumnMeanToBeBetween('x', { max: 2.5, strictMax: true })).success,
    ).toBe(false);
  });

  it('fails with a null observation on empty and all-null columns', () => {
    for (const source of [empty, allNull]) {
      const result = check(source, expectColumnMeanToBeBetween('x', { min: 0 }));
      expect(result).toMatchObject({ success: false, observedValue: null });
      expect(result.failureCases).toEqual([
        {
          column: 'x',
          check: 'expect_column_mean_to_be_between',
          checkIndex: 0,
          failureCase: null,
          rowIndex: null,
        },
      ]);
    }
  });
});

describe('expect_column_stdev_to_be_between', () => {
  it('uses the sample standard deviation (n − 1)', () => {
    const result = check(table, expectColumnStdevToBeBetween('x', { min: 1.29, max: 1.3 }));
    expect(result.success).toBe(true);
    expect(result.observedValue).toBeCloseTo(Math.sqrt(5 / 3), 14);
    expect(check(table, expectColumnStdevToBeBetween('x', { max: 1.29 })).success).toBe(false);
  });

  it('observes null for fewer than two values', () => {
    const one = tableFromColumns({ x: [7, null] });
    expect(check(one, expectColumnStdevToBeBetween('x', { min: 0 }))).toMatchObject({
      success: false,
      observedValue: null,
    });
    expect(check(empty, expectColumnStdevToBeBetween('x', { min: 0 }))).toMatchObject({
      success: false,
      observedValue: null,
    });
  });
});

describe('expect_column_quantile_values_to_be_between', () => {
  it('uses numpy linear interpolation by default, other methods on request', () => {
    expect(
      check(table, expectColumnQuantileToBeBetween('x', 0.5, { min: 2.5, max: 2.5 })),
    ).toMatchObject({ success: true, observedValue: 2.5 });
    expect(
      check(table, expectColumnQuantileToBeBetween('x', 0.5, { max: 2, method: 'lower' })),
    ).toMatchObject({ success: true, observedValue: 2 });
    const fail = check(table, expectColumnQuantileToBeBetween('x', 1, { max: 3 }));
    expect(fail.failureCases).toEqual([
      {
        column: 'x',
        check: 'expect_column_quantile_values_to_be_between',
        checkIndex: 0,
        failureCase: 4,
        rowIndex: null,
      },
    ]);
  });

  it('fails on an empty column', () => {
    expect(check(empty, expectColumnQuantileToBeBetween('x', 0.5, { min: 0 }))).toMatchObject({
      success: false,
      observedValue: null,
    });
  });
});

describe('expect_column_unique_value_count_to_be_between', () => {
  it('counts distinct non-null numbers and strings', () => {
    const numbers = tableFromColumns({ x: [1, 1, 2, null] });
    expect(
      check(numbers, expectColumnDistinctCountToBeBetween('x', { min: 2, max: 2 })),
    ).toMatchObject({ success: true, observedValue: 2 });
    const strings = tableFromColumns({ s: ['a', 'b', 'a', 'c'] });
    const fail = check(strings, expectColumnDistinctCountToBeBetween('s', { max: 2 }));
    expect(fail.failureCases).toEqual([
      {
        column: 's',
        check: 'expect_column_unique_value_count_to_be_between',
        checkIndex: 0,
        failureCase: 3,
        rowIndex: null,
      },
    ]);
  });

  it('observes 0 on empty and all-null columns', () => {
    expect(check(empty, expectColumnDistinctCountToBeBetween('x', { max: 0 }))).toMatchObject({
      success: true,
      observedValue: 0,
    });
    expect(check(allNull, expectColumnDistinctCountToBeBetween('x', { min: 1 }))).toMatchObject({
      success: false,
      observedValue: 0,
    });
  });
});

describe('expect_column_values_to_be_of_type', () => {
  const typed = tableFromColumns({
    f: [1.5],
    i: vectorFromArray([1], new Int16()),
    s: vectorFromArray(['a'], new Utf8()),
    at: [new Date(0)],
  });

  it('matches logical types', () => {
    expect(check(typed, expectColumnValuesToBeOfType('f', 'float'))).toMatchObject({
      success: true,
      observedValue: 'Float64',
    });
    expect(check(typed, expectColumnValuesToBeOfType('f', 'number')).success).toBe(true);
    expect(check(typed, expectColumnValuesToBeOfType('i', 'integer')).success).toBe(true);
    expect(check(typed, expectColumnValuesToBeOfType('i', 'number')).success).toBe(true);
    expect(check(typed, expectColumnValuesToBeOfType('s', 'string')).success).toBe(true);
    expect(check(typed, expectColumnValuesToBeOfType('at', 'timestamp')).success).toBe(true);
  });

  it('reports the Arrow type when it does not match', () => {
    const result = check(typed, expectColumnValuesToBeOfType('s', 'integer'));
    expect(result).toMatchObject({ success: false, observedValue: 'Utf8' });
    expect(result.failureCases).toEqual([
      {
        column: 's',
        check: 'expect_column_values_to_be_of_type',
        checkIndex: 0,
        failureCase: 'Utf8',
        rowIndex: null,
      },
    ]);
  });

  it('judges the type of an empty column by its schema', () => {
    expect(check(empty, expectColumnValuesToBeOfType('x', 'float')).success).toBe(true);
  });
});
