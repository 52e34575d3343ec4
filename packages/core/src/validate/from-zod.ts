import type { z } from 'zod';
import { InvalidArgumentError } from '../errors';
import {
  expectColumnValueLengthsToBeBetween,
  expectColumnValuesToBeBetween,
  expectColumnValuesToBeInSet,
  expectColumnValuesToBeOfType,
  expectColumnValuesToMatchRegex,
  expectColumnValuesToNotBeNull,
  expectTableColumnsToExist,
  expectTableColumnsToMatchSet,
} from './builders';
import type { Expectation, StrictBounds, ValueType } from './expectations';

// Zod 4 describes a schema by a plain `_zod.def` object; only the fields read here are typed.
interface ZodNode {
  _zod: { def: ZodDefinition };
}

interface ZodDefinition {
  type: string;
  format?: string;
  pattern?: RegExp;
  checks?: ZodNode[];
  innerType?: ZodNode;
  entries?: Record<string, string | number>;
  values?: unknown[];
  catchall?: ZodNode;
  shape?: Record<string, ZodNode>;
  check?: string;
  value?: number | bigint;
  inclusive?: boolean;
  minimum?: number;
  maximum?: number;
  length?: number;
}

/**
 * Expectations equivalent to a zod object schema describing one row, for columns read
 * from JSON or CSV into Arrow:
 *
 * - every key must be a column (`expectTableColumnsToExist`); a strict object
 *   (`z.strictObject`) must have no other column (`expectTableColumnsToMatchSet`);
 * - a key that is neither `.optional()` nor `.nullable()` (nor `.nullish()`, nor has a
 *   default) gets not-null, since a missing value is a null cell in Arrow;
 * - `z.string()`, `z.number()` (integer formats included: JSON numbers arrive as Float64),
 *   `z.boolean()` get a type check; enums and literals an in-set check;
 * - `.min/.max/.gt/.lt/.positive()…` on numbers become a between check with the same
 *   strictness; `.min/.max/.length` on strings a length check (in code points, where zod
 *   counts UTF-16 units: they differ only outside the Basic Multilingual Plane);
 *   `.regex()` and string formats that carry a pattern (`z.email()`, `z.uuid()`…) a regex check.
 *
 * Other types (dates, arrays, nested objects, unions…) get only the existence and not-null
 * checks; refinements and transforms are not translated.
 *
 * @throws InvalidArgumentError (`argument: 'schema'`) when `schema` is not a zod object schema.
 *
 * @example
 * ```ts
 * const Row = z.object({ id: z.int(), country: z.enum(['fr', 'de']).nullable() });
 * const suite = defineSuite(expectationsFromZod(Row));
 * ```
 */
export function expectationsFromZod(schema: z.ZodObject): Expectation[] {
  const definition = (schema as unknown as Partial<ZodNode> | null)?._zod?.def;
  if (definition?.type !== 'object' || definition.shape === undefined) {
    throw new InvalidArgumentError({
      argument: 'schema',
      message:
        'expectationsFromZod needs a zod object schema (z.object or z.strictObject) describing one row.',
    });
  }
  const columns = Object.keys(definition.shape);
  const expectations: Expectation[] = [
    definition.catchall?._zod.def.type === 'never'
      ? expectTableColumnsToMatchSet(columns)
      : expectTableColumnsToExist(columns),
  ];
  for (const [column, field] of Object.entries(definition.shape)) {
    expectations.push(...fieldExpectations(column, field));
  }
  return expectations;
}

function fieldExpectations(column: string, field: ZodNode): Expectation[] {
  let node = field;
  let nullable = false;
  while (['optional', 'nullable', 'default', 'prefault', 'readonly'].includes(node._zod.def.type)) {
    nullable = true;
    const inner = node._zod.def.innerType;
    if (inner === undefined) break;
    node = inner;
  }
  const expectations: Expectation[] = nullable ? [] : [expectColumnValuesToNotBeNull(column)];
  const definition = node._zod.def;
  const checks = [node, ...(definition.checks ?? [])].map((check) => check._zod.def);
  switch (definition.type) {
    case 'number':
      expectations.push(expectColumnValuesToBeOfType(column, 'number'));
      expectations.push(...numberBounds(column, checks));
      break;
    case 'string':
      expectations.push(expectColumnValuesToBeOfType(column, 'string'));
      expectations.push(...stringChecks(column, checks));
      break;
    case 'boolean':
      expectations.push(expectColumnValuesToBeOfType(column, 'boolean'));
      break;
    case 'enum': {
      const values = Object.values(definition.entries ?? {});
      expectations.push(expectColumnValuesToBeOfType(column, typeOfValues(values)));
      expectations.push(expectColumnValuesToBeInSet(column, values));
      break;
    }
    case 'literal': {
      const values = (definition.values ?? []).filter(
        (value): value is string | number | boolean =>
          typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean',
      );
      if (values.length > 0) expectations.push(expectColumnValuesToBeInSet(column, values));
      break;
    }
  }
  return expectations;
}

function typeOfValues(values: readonly (string | number)[]): ValueType {
  return values.every((value) => typeof value === 'number') ? 'number' : 'string';
}

function numberBounds(column: string, checks: ZodDefinition[]): Expectation[] {
  const bounds: StrictBounds = {};
  for (const check of checks) {
    const value = typeof check.value === 'bigint' ? Number(check.value) : check.value;
    if (value === undefined) continue;
    if (check.check === 'greater_than' && (bounds.min == null || value >= bounds.min)) {
      bounds.min = value;
      bounds.strictMin = !check.inclusive;
    }
    if (check.check === 'less_than' && (bounds.max == null || value <= bounds.max)) {
      bounds.max = value;
      bounds.strictMax = !check.inclusive;
    }
  }
  return bounds.min == null && bounds.max == null
    ? []
    : [expectColumnValuesToBeBetween(column, bounds)];
}

function stringChecks(column: string, checks: ZodDefinition[]): Expectation[] {
  const expectations: Expectation[] = [];
  let min: number | undefined;
  let max: number | undefined;
  for (const check of checks) {
    if (check.check === 'min_length' && check.minimum !== undefined)
      min = Math.max(min ?? 0, check.minimum);
    if (check.check === 'max_length' && check.maximum !== undefined)
      max = Math.min(max ?? Number.POSITIVE_INFINITY, check.maximum);
    if (check.check === 'length_equals' && check.length !== undefined) {
      min = check.length;
      max = check.length;
    }
    if (check.pattern instanceof RegExp) {
      const flags = check.pattern.flags.replace(/[gy]/g, '');
      expectations.push(
        expectColumnValuesToMatchRegex(column, new RegExp(check.pattern.source, flags)),
      );
    }
  }
  if (min !== undefined || max !== undefined) {
    expectations.unshift(
      expectColumnValueLengthsToBeBetween(column, { min: min ?? null, max: max ?? null }),
    );
  }
  return expectations;
}
