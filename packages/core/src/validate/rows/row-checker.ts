import type { z } from 'zod';
import { InvalidArgumentError } from '../../errors';
import type { FailureCaseValue } from '../results';
import type { RowFailureCase } from './row-validation-result';

/** The outcome of checking one row: its parsed value, or its failure rows. */
export type RowCheckOutcome =
  | { success: true; data: Record<string, unknown> }
  | { success: false; failures: RowFailureCase[] };

/** Checks rows against `schema`, turning each zod issue into failure rows. */
export interface RowChecker {
  /** The schema's keys, in shape order. */
  readonly keys: readonly string[];
  check(row: unknown, rowIndex: number, line: number | null): RowCheckOutcome;
}

/**
 * A {@link RowChecker} for a zod object schema.
 *
 * @throws InvalidArgumentError (`argument: 'schema'`) when `schema` is not a zod object schema.
 */
export function createRowChecker(schema: z.ZodObject): RowChecker {
  const shape = (schema as Partial<z.ZodObject> | null)?.shape;
  if (typeof schema?.safeParse !== 'function' || typeof shape !== 'object' || shape === null) {
    throw new InvalidArgumentError({
      argument: 'schema',
      message: 'schema must be a zod object schema such as z.object({ id: z.int() }).',
    });
  }
  const keys = Object.keys(shape);
  const positions = new Map(keys.map((key, index) => [key, index]));
  const failure = (
    column: string | null,
    check: string,
    failureCase: FailureCaseValue,
    rowIndex: number,
    line: number | null,
  ): RowFailureCase => ({
    column,
    check,
    checkIndex: column === null ? null : (positions.get(column) ?? null),
    failureCase,
    rowIndex,
    line,
  });
  return {
    keys,
    check(row, rowIndex, line) {
      if (typeof row !== 'object' || row === null || Array.isArray(row)) {
        const where = line === null ? `row ${rowIndex + 1}` : `line ${line}`;
        const kind = row === null ? 'null' : Array.isArray(row) ? 'an array' : `a ${typeof row}`;
        return {
          success: false,
          failures: [
            failure(null, 'not_an_object', `${where}: ${kind}, not an object`, rowIndex, line),
          ],
        };
      }
      const parsed = schema.safeParse(row);
      if (parsed.success) return { success: true, data: parsed.data };
      const record = row as Record<string, unknown>;
      const failures = parsed.error.issues.flatMap((issue) => {
        if (issue.code === 'unrecognized_keys') {
          return issue.keys.map((key) =>
            failure(key, issue.code, toFailureValue(record[key]), rowIndex, line),
          );
        }
        const [first] = issue.path;
        if (first === undefined) return [failure(null, issue.code, issue.message, rowIndex, line)];
        const column = String(first);
        return [
          failure(column, issue.code, toFailureValue(valueAt(record, issue.path)), rowIndex, line),
        ];
      });
      return { success: false, failures };
    },
  };
}

function valueAt(row: Record<string, unknown>, path: readonly PropertyKey[]): unknown {
  let value: unknown = row;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** A value as a failure-table cell: primitives as they are, missing as null, others as JSON. */
export function toFailureValue(value: unknown): FailureCaseValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
