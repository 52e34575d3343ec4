import { describe, expect, it } from 'vitest';
import { tableFromColumns } from '../../arrow';
import { defineSuite } from '../suite';
import { validate } from '../validate';
import { inferSchema, suggestExpectations } from './index';

const reference = tableFromColumns({
  id: new Int32Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
  amount: [10, 12.5, 20, null, 15, 11, 30, 18, 19, 14],
  country: ['fr', 'de', 'fr', 'it', 'de', 'fr', 'fr', 'it', 'de', 'fr'],
  score: new Float64Array([0.1, 0.5, Number.NaN, 0.9, 0.3, 0.2, 0.4, 0.6, 0.7, 0.8]),
});

describe('suggestExpectations', () => {
  it('applies each rule to the inferred schema', () => {
    const expectations = suggestExpectations(inferSchema(reference), { rangeMargin: 0.1 });
    expect(expectations).toContainEqual({
      type: 'expect_table_columns_to_exist',
      columns: ['id', 'amount', 'country', 'score'],
    });
    expect(expectations).toContainEqual({
      type: 'expect_table_row_count_to_be_between',
      min: 5,
      max: 15,
    });
    expect(expectations).toContainEqual({
      type: 'expect_column_values_to_be_of_type',
      column: 'id',
      valueType: 'integer',
    });
    expect(expectations).toContainEqual({
      type: 'expect_column_values_to_not_be_null',
      column: 'id',
    });
    // Integer range [1, 10] widened by 0.9 each side and rounded outwards, clamped at 0.
    expect(expectations).toContainEqual({
      type: 'expect_column_values_to_be_between',
      column: 'id',
      min: 0,
      max: 11,
    });
    expect(expectations).toContainEqual({
      type: 'expect_column_values_to_be_in_set',
      column: 'country',
      valueSet: ['de', 'fr', 'it'],
    });
    const amountCompleteness = expectations.find(
      (e) => e.type === 'expect_column_values_to_not_be_null' && e.column === 'amount',
    );
    // Wald lower bound of c = 0.9 over 10 rows: 0.9 − 1.96·√(0.09/10).
    expect(amountCompleteness).toMatchObject({ mostly: 0.9 - 1.96 * Math.sqrt(0.009) });
    expect(expectations).toContainEqual({
      type: 'expect_column_values_to_be_between',
      column: 'score',
      min: expect.closeTo(0.02, 12),
      max: expect.closeTo(0.98, 12),
      mostly: 9 / 10,
    });
  });

  it('produces a suite the reference passes and a corrupted table fails', () => {
    const suite = defineSuite(suggestExpectations(inferSchema(reference)));
    expect(validate(reference, suite).success).toBe(true);

    const corrupted = tableFromColumns({
      id: new Int32Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
      amount: [10, 12.5, 20, null, 15, 11, 300, 18, 19, 14],
      country: ['fr', 'de', 'fr', 'it', 'de', 'fr', 'fr', 'xx', 'de', null],
      score: new Float64Array([0.1, 0.5, Number.NaN, 0.9, 0.3, 0.2, 0.4, 0.6, 0.7, 0.8]),
    });
    const result = validate(corrupted, suite);
    expect(result.success).toBe(false);
    const failed = result.results
      .filter((r) => !r.success)
      .map((r) => [r.expectation.type, 'column' in r.expectation ? r.expectation.column : null]);
    expect(failed).toEqual([
      ['expect_column_values_to_be_between', 'amount'],
      ['expect_column_values_to_not_be_null', 'country'],
      ['expect_column_values_to_be_in_set', 'country'],
    ]);
  });

  it('fails a table that lost rows beyond the row-count margin or changed type', () => {
    const suite = defineSuite(suggestExpectations(inferSchema(reference), { rowCountMargin: 0.1 }));
    const small = tableFromColumns({
      id: [1, 2],
      amount: [10, 11],
      country: ['fr', 'de'],
      score: [0.1, 0.2],
    });
    const failed = validate(small, suite)
      .results.filter((r) => !r.success)
      .map((r) => r.expectation.type);
    expect(failed).toEqual([
      'expect_table_row_count_to_be_between',
      'expect_column_values_to_be_of_type',
    ]);
  });

  it('suggests nothing about completeness or values for an empty reference', () => {
    const empty = tableFromColumns({ x: new Float64Array(0) });
    expect(suggestExpectations(inferSchema(empty))).toEqual([
      { type: 'expect_table_columns_to_exist', columns: ['x'] },
      { type: 'expect_table_row_count_to_be_between', min: 0, max: 0 },
      { type: 'expect_column_values_to_be_of_type', column: 'x', valueType: 'float' },
    ]);
  });

  it('gives no completeness check to a column at most 20 % complete', () => {
    const sparse = tableFromColumns({ x: [1, null, null, null, null] });
    const types = suggestExpectations(inferSchema(sparse), { rowCountMargin: null }).map(
      (e) => e.type,
    );
    expect(types).not.toContain('expect_column_values_to_not_be_null');
    expect(types).not.toContain('expect_table_row_count_to_be_between');
  });
});
