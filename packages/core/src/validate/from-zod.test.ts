import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { catchError } from '../../test/support/catch-error';
import { tableFromRows } from '../arrow';
import { InvalidArgumentError } from '../errors';
import { defineSuite, expectationsFromZod, validate } from './index';

describe('expectationsFromZod', () => {
  it('translates types, nullability, enums, bounds, lengths and patterns', () => {
    const Row = z.object({
      id: z.int().positive(),
      score: z.number().min(0).lt(1).optional(),
      name: z
        .string()
        .min(1)
        .max(8)
        .regex(/^[a-z]+$/i),
      country: z.enum(['fr', 'de']).nullable(),
      active: z.boolean(),
      kind: z.literal('user'),
      seen: z.date().nullish(),
    });
    expect(expectationsFromZod(Row)).toEqual([
      {
        type: 'expect_table_columns_to_exist',
        columns: ['id', 'score', 'name', 'country', 'active', 'kind', 'seen'],
      },
      { type: 'expect_column_values_to_not_be_null', column: 'id' },
      { type: 'expect_column_values_to_be_of_type', column: 'id', valueType: 'number' },
      { type: 'expect_column_values_to_be_between', column: 'id', min: 0, strictMin: true },
      { type: 'expect_column_values_to_be_of_type', column: 'score', valueType: 'number' },
      {
        type: 'expect_column_values_to_be_between',
        column: 'score',
        min: 0,
        strictMin: false,
        max: 1,
        strictMax: true,
      },
      { type: 'expect_column_values_to_not_be_null', column: 'name' },
      { type: 'expect_column_values_to_be_of_type', column: 'name', valueType: 'string' },
      { type: 'expect_column_value_lengths_to_be_between', column: 'name', min: 1, max: 8 },
      {
        type: 'expect_column_values_to_match_regex',
        column: 'name',
        regex: '^[a-z]+$',
        flags: 'i',
      },
      { type: 'expect_column_values_to_be_of_type', column: 'country', valueType: 'string' },
      { type: 'expect_column_values_to_be_in_set', column: 'country', valueSet: ['fr', 'de'] },
      { type: 'expect_column_values_to_not_be_null', column: 'active' },
      { type: 'expect_column_values_to_be_of_type', column: 'active', valueType: 'boolean' },
      { type: 'expect_column_values_to_not_be_null', column: 'kind' },
      { type: 'expect_column_values_to_be_in_set', column: 'kind', valueSet: ['user'] },
    ]);
  });

  it('uses an exact column set for strict objects and the pattern of string formats', () => {
    const expectations = expectationsFromZod(z.strictObject({ email: z.email() }));
    expect(expectations[0]).toEqual({
      type: 'expect_table_columns_to_match_set',
      columns: ['email'],
    });
    expect(
      expectations.some(
        (expectation) => expectation.type === 'expect_column_values_to_match_regex',
      ),
    ).toBe(true);
  });

  it('gives a suite that finds the rows zod would reject', () => {
    const Row = z.object({ id: z.number().int().min(1), country: z.enum(['fr', 'de']).nullable() });
    const table = tableFromRows([
      { id: 1, country: 'fr' },
      { id: 0, country: null },
      { id: 3, country: 'xx' },
    ]);
    const result = validate(table, defineSuite(expectationsFromZod(Row)));
    expect(
      result.failureCases.map(({ column, failureCase, rowIndex }) => ({
        column,
        failureCase,
        rowIndex,
      })),
    ).toEqual([
      { column: 'id', failureCase: 0, rowIndex: 1 },
      { column: 'country', failureCase: 'xx', rowIndex: 2 },
    ]);
  });

  it('rejects what is not a zod object', () => {
    const error = catchError(() => expectationsFromZod(z.string() as never));
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe('schema');
  });
});
