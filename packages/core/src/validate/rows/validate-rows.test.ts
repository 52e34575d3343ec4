import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidArgumentError } from '../../errors';
import { validateRows } from './index';

const Row = () => z.object({ id: z.int(), name: z.string(), score: z.number().min(0).optional() });

async function* generate(rows: unknown[]): AsyncGenerator<unknown> {
  for (const row of rows) yield row;
}

describe('validateRows', () => {
  it('turns each zod issue into a failure row, cell by cell', async () => {
    const result = await validateRows(
      [{ id: 1, name: 'a' }, { id: 'x', name: 'b', score: -1 }, { name: 'c' }, 7],
      Row(),
    );
    expect(result.success).toBe(false);
    expect(result.rowCount).toBe(4);
    expect(result.validRowCount).toBe(1);
    expect(result.validRows).toEqual([{ id: 1, name: 'a' }]);
    expect(result.failureCases).toEqual([
      {
        column: 'id',
        check: 'invalid_type',
        checkIndex: 0,
        failureCase: 'x',
        rowIndex: 1,
        line: null,
      },
      {
        column: 'score',
        check: 'too_small',
        checkIndex: 2,
        failureCase: -1,
        rowIndex: 1,
        line: null,
      },
      {
        column: 'id',
        check: 'invalid_type',
        checkIndex: 0,
        failureCase: null,
        rowIndex: 2,
        line: null,
      },
      {
        column: null,
        check: 'not_an_object',
        checkIndex: null,
        failureCase: 'row 4: a number, not an object',
        rowIndex: 3,
        line: null,
      },
    ]);
    expect(result.failureCount).toBe(4);
    expect(result.failureCasesTruncated).toBe(false);
  });

  it('reads async iterables and reports whole-row refinements with their message', async () => {
    const schema = z
      .object({ low: z.number(), high: z.number() })
      .refine((row) => row.low <= row.high, { message: 'low above high' });
    const result = await validateRows(
      generate([
        { low: 1, high: 2 },
        { low: 3, high: 2 },
      ]),
      schema as unknown as z.ZodObject,
    );
    expect(result.validRowCount).toBe(1);
    expect(result.failureCases).toEqual([
      {
        column: null,
        check: 'custom',
        checkIndex: null,
        failureCase: 'low above high',
        rowIndex: 1,
        line: null,
      },
    ]);
  });

  it('gives one failure row per unrecognized key of a strict object', async () => {
    const result = await validateRows(
      [{ id: 1, extra: { a: 1 }, other: true }],
      z.strictObject({ id: z.int() }),
    );
    expect(result.failureCases).toEqual([
      {
        column: 'extra',
        check: 'unrecognized_keys',
        checkIndex: null,
        failureCase: '{"a":1}',
        rowIndex: 0,
        line: null,
      },
      {
        column: 'other',
        check: 'unrecognized_keys',
        checkIndex: null,
        failureCase: true,
        rowIndex: 0,
        line: null,
      },
    ]);
  });

  it('keeps at most maxFailureCases rows with exact counts', async () => {
    const rows = Array.from({ length: 10 }, () => ({ id: 'bad', name: 1 }));
    const result = await validateRows(rows, Row(), { maxFailureCases: 3, keepValidRows: false });
    expect(result.failureCases).toHaveLength(3);
    expect(result.failureCount).toBe(20);
    expect(result.failureCasesTruncated).toBe(true);
    expect(result.validRows).toBeUndefined();
  });

  it('succeeds on no rows and rejects a schema that is not a zod object', async () => {
    expect(await validateRows([], Row())).toMatchObject({
      success: true,
      rowCount: 0,
      failureCases: [],
    });
    await expect(validateRows([], z.string() as unknown as z.ZodObject)).rejects.toSatisfy(
      (error) => InvalidArgumentError.isInstance(error),
    );
    await expect(validateRows([], Row(), { maxFailureCases: -1 })).rejects.toSatisfy((error) =>
      InvalidArgumentError.isInstance(error),
    );
  });
});
