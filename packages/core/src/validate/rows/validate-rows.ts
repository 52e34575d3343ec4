import type { z } from 'zod';
import { FailureCollector } from './failure-collector';
import { createRowChecker } from './row-checker';
import type { RowValidationResult, ValidateRowsOptions } from './row-validation-result';

/**
 * Checks each row of `rows` (an array, any iterable or an async iterable) against a zod
 * object schema and collects every issue of every row into one failure table, as pandera's
 * lazy validation: a zod issue becomes a row `{ column: first key of its path (null for the
 * whole row), check: issue code, checkIndex: the key's position in the schema, failureCase:
 * the offending value (the zod message for the whole row), rowIndex }`; an unrecognized key
 * of a strict object gives one row per key, and an item that is not an object a
 * `not_an_object` row. Nothing is thrown for bad data; look at `success`.
 *
 * @throws InvalidArgumentError when `schema` is not a zod object schema or
 * `maxFailureCases` is not a non-negative integer.
 *
 * @example
 * ```ts
 * const Row = z.object({ id: z.int(), country: z.enum(['fr', 'de']) });
 * const result = await validateRows([{ id: 1, country: 'fr' }, { id: 'x' }], Row);
 * result.failureCases[0]; // { column: 'id', check: 'invalid_type', failureCase: 'x', rowIndex: 1, … }
 * ```
 */
export async function validateRows<Schema extends z.ZodObject>(
  rows: Iterable<unknown> | AsyncIterable<unknown>,
  schema: Schema,
  options: ValidateRowsOptions = {},
): Promise<RowValidationResult<z.output<Schema>>> {
  const checker = createRowChecker(schema);
  const collector = new FailureCollector<z.output<Schema>>(options);
  for await (const row of rows) {
    const rowIndex = collector.rowCount;
    const outcome = checker.check(row, rowIndex, null);
    if (outcome.success) collector.addValid(outcome.data as z.output<Schema>);
    else collector.addInvalid(outcome.failures);
  }
  return collector.result();
}
