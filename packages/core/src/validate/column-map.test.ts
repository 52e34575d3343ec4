import { Bool, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { catchError } from '../../test/support/catch-error';
import { tableFromColumns } from '../arrow';
import { InvalidArgumentError } from '../errors';
import {
  defineSuite,
  type Expectation,
  expectColumnValueLengthsToBeBetween,
  expectColumnValuesToBeBetween,
  expectColumnValuesToBeIncreasing,
  expectColumnValuesToBeInSet,
  expectColumnValuesToBeUnique,
  expectColumnValuesToMatchRegex,
  expectColumnValuesToNotBeNull,
  validate,
} from './index';

function check(table: ReturnType<typeof tableFromColumns>, expectation: Expectation) {
  const result = validate(table, defineSuite([expectation]), { resultFormat: 'complete' });
  const [only] = result.results;
  if (only === undefined) throw new Error('no result');
  return { ...only, failureCases: result.failureCases, suiteSuccess: result.success };
}

const emptyNumbers = tableFromColumns({ x: new Float64Array(0) });
const emptyStrings = tableFromColumns({ s: vectorFromArray([], new Utf8()) });

describe('expect_column_values_to_not_be_null', () => {
  it('passes without nulls', () => {
    const result = check(tableFromColumns({ x: [1, 2, 3] }), expectColumnValuesToNotBeNull('x'));
    expect(result).toMatchObject({
      success: true,
      elementCount: 3,
      nullCount: 0,
      unexpectedCount: 0,
      unexpectedPercent: 0,
    });
    expect(result.failureCases).toEqual([]);
  });

  it('lists each null row, counting nulls in the denominator', () => {
    const result = check(
      tableFromColumns({ x: [1, null, 3, null] }),
      expectColumnValuesToNotBeNull('x'),
    );
    expect(result).toMatchObject({
      success: false,
      nullCount: 2,
      unexpectedCount: 2,
      unexpectedPercent: 50,
    });
    expect(result.failureCases).toEqual([
      {
        column: 'x',
        check: 'expect_column_values_to_not_be_null',
        checkIndex: 0,
        failureCase: null,
        rowIndex: 1,
      },
      {
        column: 'x',
        check: 'expect_column_values_to_not_be_null',
        checkIndex: 0,
        failureCase: null,
        rowIndex: 3,
      },
    ]);
  });

  it('applies mostly to all rows', () => {
    const table = tableFromColumns({ s: ['a', null, 'c', 'd'] });
    expect(check(table, expectColumnValuesToNotBeNull('s', { mostly: 0.75 })).success).toBe(true);
    expect(check(table, expectColumnValuesToNotBeNull('s', { mostly: 0.76 })).success).toBe(false);
  });

  it('fails every row of an all-null column and passes an empty table', () => {
    const allNull = check(
      tableFromColumns({ x: [null, null] }),
      expectColumnValuesToNotBeNull('x'),
    );
    expect(allNull).toMatchObject({ success: false, unexpectedCount: 2, unexpectedPercent: 100 });
    expect(allNull.failureCases.map((row) => row.rowIndex)).toEqual([0, 1]);
    const empty = check(emptyNumbers, expectColumnValuesToNotBeNull('x'));
    expect(empty).toMatchObject({
      success: true,
      elementCount: 0,
      unexpectedCount: 0,
      unexpectedPercent: null,
    });
  });

  it('reads nulls of timestamp columns', () => {
    const table = tableFromColumns({ at: [new Date(0), null] });
    const result = check(table, expectColumnValuesToNotBeNull('at'));
    expect(result.failureCases).toEqual([
      {
        column: 'at',
        check: 'expect_column_values_to_not_be_null',
        checkIndex: 0,
        failureCase: null,
        rowIndex: 1,
      },
    ]);
  });
});

describe('expect_column_values_to_be_between', () => {
  const table = tableFromColumns({ x: [0, 5, null, 10, 11, -1] });

  it('passes inclusive bounds and reports each value outside them', () => {
    const result = check(table, expectColumnValuesToBeBetween('x', { min: 0, max: 10 }));
    expect(result).toMatchObject({
      success: false,
      elementCount: 6,
      nullCount: 1,
      unexpectedCount: 2,
      unexpectedPercent: 40,
    });
    expect(result.failureCases).toEqual([
      {
        column: 'x',
        check: 'expect_column_values_to_be_between',
        checkIndex: 0,
        failureCase: 11,
        rowIndex: 4,
      },
      {
        column: 'x',
        check: 'expect_column_values_to_be_between',
        checkIndex: 0,
        failureCase: -1,
        rowIndex: 5,
      },
    ]);
    expect(check(table, expectColumnValuesToBeBetween('x', { min: -1, max: 11 })).success).toBe(
      true,
    );
  });

  it('honours strict bounds and one-sided bounds', () => {
    const strict = check(
      table,
      expectColumnValuesToBeBetween('x', { min: 0, max: 10, strictMin: true, strictMax: true }),
    );
    expect(strict.failureCases.map((row) => [row.rowIndex, row.failureCase])).toEqual([
      [0, 0],
      [3, 10],
      [4, 11],
      [5, -1],
    ]);
    const onlyMax = check(table, expectColumnValuesToBeBetween('x', { max: 5 }));
    expect(onlyMax.failureCases.map((row) => row.rowIndex)).toEqual([3, 4]);
    const onlyMin = check(table, expectColumnValuesToBeBetween('x', { min: 0, max: null }));
    expect(onlyMin.failureCases.map((row) => row.rowIndex)).toEqual([5]);
  });

  it('excludes nulls from the mostly denominator', () => {
    // 3 of 5 non-null values pass: 0.6.
    expect(
      check(table, expectColumnValuesToBeBetween('x', { min: 0, max: 10, mostly: 0.6 })).success,
    ).toBe(true);
    expect(
      check(table, expectColumnValuesToBeBetween('x', { min: 0, max: 10, mostly: 0.61 })).success,
    ).toBe(false);
  });

  it('lists failures even when mostly lets the check pass', () => {
    const result = check(
      table,
      expectColumnValuesToBeBetween('x', { min: 0, max: 10, mostly: 0.5 }),
    );
    expect(result.success).toBe(true);
    expect(result.failureCases).toHaveLength(2);
  });

  it('fails NaN, which Arrow holds as a value', () => {
    const result = check(
      tableFromColumns({ x: new Float64Array([1, Number.NaN]) }),
      expectColumnValuesToBeBetween('x', { min: 0 }),
    );
    expect(result).toMatchObject({ nullCount: 0, unexpectedCount: 1 });
    expect(result.failureCases[0]?.failureCase).toBeNaN();
  });

  it('passes vacuously on all-null columns and empty tables', () => {
    const allNull = check(
      tableFromColumns({ x: [null, null] }),
      expectColumnValuesToBeBetween('x', { min: 0, max: 1 }),
    );
    expect(allNull).toMatchObject({
      success: true,
      nullCount: 2,
      unexpectedCount: 0,
      unexpectedPercent: null,
    });
    const empty = check(emptyNumbers, expectColumnValuesToBeBetween('x', { min: 0, max: 1 }));
    expect(empty).toMatchObject({ success: true, elementCount: 0, unexpectedPercent: null });
  });

  it('reads integer typed arrays', () => {
    const result = check(
      tableFromColumns({ n: new Int32Array([1, 2, 300]) }),
      expectColumnValuesToBeBetween('n', { max: 255 }),
    );
    expect(result.failureCases.map((row) => [row.rowIndex, row.failureCase])).toEqual([[2, 300]]);
  });

  it('rejects a string column with a typed error', () => {
    const error = catchError(() =>
      check(tableFromColumns({ s: ['a'] }), expectColumnValuesToBeBetween('s', { min: 0 })),
    );
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('numeric column');
  });
});

describe('expect_column_values_to_be_in_set', () => {
  it('checks strings, ignoring nulls', () => {
    const table = tableFromColumns({ s: ['a', 'b', null, 'z', 'a'] });
    const result = check(table, expectColumnValuesToBeInSet('s', ['a', 'b']));
    expect(result).toMatchObject({
      success: false,
      nullCount: 1,
      unexpectedCount: 1,
      unexpectedPercent: 25,
    });
    expect(result.failureCases).toEqual([
      {
        column: 's',
        check: 'expect_column_values_to_be_in_set',
        checkIndex: 0,
        failureCase: 'z',
        rowIndex: 3,
      },
    ]);
    expect(
      check(table, expectColumnValuesToBeInSet('s', ['a', 'b'], { mostly: 0.75 })).success,
    ).toBe(true);
    expect(check(table, expectColumnValuesToBeInSet('s', ['a', 'b', 'z'])).success).toBe(true);
  });

  it('checks numbers and booleans', () => {
    const numbers = check(
      tableFromColumns({ x: [1, 2, 3] }),
      expectColumnValuesToBeInSet('x', [1, 3, '2']),
    );
    expect(numbers.failureCases.map((row) => [row.rowIndex, row.failureCase])).toEqual([[1, 2]]);
    const flags = tableFromColumns({
      flag: vectorFromArray([true, false, null, true], new Bool()),
    });
    const booleans = check(flags, expectColumnValuesToBeInSet('flag', [true]));
    expect(booleans.failureCases).toEqual([
      {
        column: 'flag',
        check: 'expect_column_values_to_be_in_set',
        checkIndex: 0,
        failureCase: false,
        rowIndex: 1,
      },
    ]);
  });

  it('passes on an empty table', () => {
    expect(check(emptyStrings, expectColumnValuesToBeInSet('s', ['a'])).success).toBe(true);
  });
});

describe('expect_column_values_to_be_unique', () => {
  it('marks every occurrence of a repeated value', () => {
    const table = tableFromColumns({ x: [1, 2, 1, null, null, 3] });
    const result = check(table, expectColumnValuesToBeUnique('x'));
    expect(result).toMatchObject({
      success: false,
      nullCount: 2,
      unexpectedCount: 2,
      unexpectedPercent: 50,
    });
    expect(result.failureCases).toEqual([
      {
        column: 'x',
        check: 'expect_column_values_to_be_unique',
        checkIndex: 0,
        failureCase: 1,
        rowIndex: 0,
      },
      {
        column: 'x',
        check: 'expect_column_values_to_be_unique',
        checkIndex: 0,
        failureCase: 1,
        rowIndex: 2,
      },
    ]);
    expect(check(table, expectColumnValuesToBeUnique('x', { mostly: 0.5 })).success).toBe(true);
  });

  it('checks strings and passes empty and all-null columns', () => {
    const result = check(
      tableFromColumns({ s: ['a', 'b', 'b'] }),
      expectColumnValuesToBeUnique('s'),
    );
    expect(result.failureCases.map((row) => [row.rowIndex, row.failureCase])).toEqual([
      [1, 'b'],
      [2, 'b'],
    ]);
    expect(
      check(tableFromColumns({ s: ['a', 'b'] }), expectColumnValuesToBeUnique('s')).success,
    ).toBe(true);
    expect(check(emptyStrings, expectColumnValuesToBeUnique('s')).success).toBe(true);
    expect(
      check(tableFromColumns({ s: [null, null] }), expectColumnValuesToBeUnique('s')).success,
    ).toBe(true);
  });
});

describe('expect_column_values_to_match_regex', () => {
  const table = tableFromColumns({ email: ['a@x.org', 'bad', null, 'B@Y.ORG'] });

  it('searches each non-null string', () => {
    const result = check(table, expectColumnValuesToMatchRegex('email', /@[a-z]+\.org$/));
    expect(result).toMatchObject({ success: false, nullCount: 1, unexpectedCount: 2 });
    expect(result.unexpectedPercent).toBeCloseTo(200 / 3, 12);
    expect(result.failureCases).toEqual([
      {
        column: 'email',
        check: 'expect_column_values_to_match_regex',
        checkIndex: 0,
        failureCase: 'bad',
        rowIndex: 1,
      },
      {
        column: 'email',
        check: 'expect_column_values_to_match_regex',
        checkIndex: 0,
        failureCase: 'B@Y.ORG',
        rowIndex: 3,
      },
    ]);
  });

  it('keeps flags and applies mostly', () => {
    expect(
      check(table, expectColumnValuesToMatchRegex('email', /@[a-z]+\.org$/i)).failureCases.map(
        (row) => row.rowIndex,
      ),
    ).toEqual([1]);
    expect(
      check(table, expectColumnValuesToMatchRegex('email', '@', { mostly: 0.66 })).success,
    ).toBe(true);
    expect(
      check(table, expectColumnValuesToMatchRegex('email', '@', { mostly: 0.67 })).success,
    ).toBe(false);
  });

  it('passes empty and all-null (Null-typed) columns', () => {
    expect(check(emptyStrings, expectColumnValuesToMatchRegex('s', 'x')).success).toBe(true);
    expect(
      check(tableFromColumns({ s: [null, null] }), expectColumnValuesToMatchRegex('s', 'x'))
        .success,
    ).toBe(true);
  });

  it('rejects invalid patterns and stateful flags when the suite is defined', () => {
    expect(
      InvalidArgumentError.isInstance(
        catchError(() => defineSuite([expectColumnValuesToMatchRegex('s', '(')])),
      ),
    ).toBe(true);
    expect(
      InvalidArgumentError.isInstance(
        catchError(() => defineSuite([expectColumnValuesToMatchRegex('s', /a/g)])),
      ),
    ).toBe(true);
  });
});

describe('expect_column_value_lengths_to_be_between', () => {
  it('counts code points, ignoring nulls', () => {
    const table = tableFromColumns({ s: ['ab', '😀😀', 'abcd', null, ''] });
    const result = check(table, expectColumnValueLengthsToBeBetween('s', { min: 1, max: 3 }));
    expect(result).toMatchObject({
      success: false,
      nullCount: 1,
      unexpectedCount: 2,
      unexpectedPercent: 50,
    });
    expect(result.failureCases).toEqual([
      {
        column: 's',
        check: 'expect_column_value_lengths_to_be_between',
        checkIndex: 0,
        failureCase: 'abcd',
        rowIndex: 2,
      },
      {
        column: 's',
        check: 'expect_column_value_lengths_to_be_between',
        checkIndex: 0,
        failureCase: '',
        rowIndex: 4,
      },
    ]);
    expect(
      check(table, expectColumnValueLengthsToBeBetween('s', { min: 1, max: 3, mostly: 0.5 }))
        .success,
    ).toBe(true);
    expect(check(table, expectColumnValueLengthsToBeBetween('s', { max: 4 })).success).toBe(true);
  });

  it('passes on an empty table', () => {
    expect(check(emptyStrings, expectColumnValueLengthsToBeBetween('s', { min: 1 })).success).toBe(
      true,
    );
  });
});

describe('expect_column_values_to_be_increasing', () => {
  const table = tableFromColumns({ x: [1, 2, 2, null, 1, 3] });

  it('compares each value with the previous non-null one', () => {
    const result = check(table, expectColumnValuesToBeIncreasing('x'));
    expect(result).toMatchObject({
      success: false,
      nullCount: 1,
      unexpectedCount: 1,
      unexpectedPercent: 20,
    });
    expect(result.failureCases).toEqual([
      {
        column: 'x',
        check: 'expect_column_values_to_be_increasing',
        checkIndex: 0,
        failureCase: 1,
        rowIndex: 4,
      },
    ]);
  });

  it('rejects ties when strictly increasing', () => {
    const result = check(table, expectColumnValuesToBeIncreasing('x', { strictly: true }));
    expect(result.failureCases.map((row) => row.rowIndex)).toEqual([2, 4]);
    expect(
      check(table, expectColumnValuesToBeIncreasing('x', { strictly: true, mostly: 0.6 })).success,
    ).toBe(true);
    expect(
      check(table, expectColumnValuesToBeIncreasing('x', { strictly: true, mostly: 0.61 })).success,
    ).toBe(false);
  });

  it('passes sorted, empty and all-null columns', () => {
    expect(
      check(
        tableFromColumns({ x: [1, null, 2, 5] }),
        expectColumnValuesToBeIncreasing('x', { strictly: true }),
      ).success,
    ).toBe(true);
    expect(check(emptyNumbers, expectColumnValuesToBeIncreasing('x')).success).toBe(true);
    expect(
      check(tableFromColumns({ x: [null, null] }), expectColumnValuesToBeIncreasing('x')).success,
    ).toBe(true);
  });
});
