import { z } from 'zod';
import type { QuantileMethod } from '../stats';
import type { Expectation, ValueType } from './expectations';

const valueTypes: readonly ValueType[] = [
  'integer',
  'float',
  'number',
  'boolean',
  'string',
  'timestamp',
  'date',
  'null',
];

const quantileMethods: readonly QuantileMethod[] = [
  'inverted_cdf',
  'averaged_inverted_cdf',
  'closest_observation',
  'interpolated_inverted_cdf',
  'hazen',
  'weibull',
  'linear',
  'median_unbiased',
  'normal_unbiased',
  'lower',
  'higher',
  'midpoint',
  'nearest',
];

let cached: z.ZodType<{ name?: string | undefined; expectations: Expectation[] }> | undefined;

/**
 * The zod schema of a suite's JSON form, built on first use (nothing is constructed at
 * import) and then kept.
 */
export function suiteSchema(): z.ZodType<{
  name?: string | undefined;
  expectations: Expectation[];
}> {
  cached ??= buildSuiteSchema();
  return cached;
}

function buildSuiteSchema() {
  const column = z.string().min(1);
  const mostly = z.number().min(0).max(1).optional();
  const bound = z.number().nullable().optional();
  const bounds = { min: bound, max: bound };
  const strictBounds = {
    ...bounds,
    strictMin: z.boolean().optional(),
    strictMax: z.boolean().optional(),
  };
  const columnList = z.array(column);
  const orderedBounds = (value: { min?: number | null; max?: number | null }) =>
    value.min === undefined ||
    value.min === null ||
    value.max === undefined ||
    value.max === null ||
    value.min <= value.max;
  const boundsMessage = { message: '`min` must not exceed `max`.' };

  const expectation = z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('expect_column_values_to_not_be_null'), column, mostly }),
    z.strictObject({
      type: z.literal('expect_column_values_to_be_of_type'),
      column,
      valueType: z.enum(valueTypes as [ValueType, ...ValueType[]]),
    }),
    z
      .strictObject({
        type: z.literal('expect_column_values_to_be_between'),
        column,
        mostly,
        ...strictBounds,
      })
      .refine(orderedBounds, boundsMessage),
    z.strictObject({
      type: z.literal('expect_column_values_to_be_in_set'),
      column,
      mostly,
      valueSet: z.array(z.union([z.string(), z.number(), z.boolean()])),
    }),
    z.strictObject({ type: z.literal('expect_column_values_to_be_unique'), column, mostly }),
    z
      .strictObject({
        type: z.literal('expect_column_values_to_match_regex'),
        column,
        mostly,
        regex: z.string(),
        flags: z
          .string()
          .regex(
            /^[imsuvd]*$/,
            'Only the flags d, i, m, s, u and v are allowed (g and y make RegExp.test stateful).',
          )
          .optional(),
      })
      .refine((value) => isValidRegex(value.regex, value.flags), {
        message: 'Not a valid JavaScript regular expression.',
        path: ['regex'],
      }),
    z
      .strictObject({
        type: z.literal('expect_column_value_lengths_to_be_between'),
        column,
        mostly,
        min: z.number().int().min(0).nullable().optional(),
        max: z.number().int().min(0).nullable().optional(),
      })
      .refine(orderedBounds, boundsMessage),
    z.strictObject({
      type: z.literal('expect_column_values_to_be_increasing'),
      column,
      mostly,
      strictly: z.boolean().optional(),
    }),
    z
      .strictObject({
        type: z.literal('expect_column_mean_to_be_between'),
        column,
        ...strictBounds,
      })
      .refine(orderedBounds, boundsMessage),
    z
      .strictObject({
        type: z.literal('expect_column_stdev_to_be_between'),
        column,
        ...strictBounds,
      })
      .refine(orderedBounds, boundsMessage),
    z
      .strictObject({
        type: z.literal('expect_column_quantile_values_to_be_between'),
        column,
        quantile: z.number().min(0).max(1),
        method: z.enum(quantileMethods as [QuantileMethod, ...QuantileMethod[]]).optional(),
        ...strictBounds,
      })
      .refine(orderedBounds, boundsMessage),
    z
      .strictObject({
        type: z.literal('expect_column_unique_value_count_to_be_between'),
        column,
        ...strictBounds,
      })
      .refine(orderedBounds, boundsMessage),
    z
      .strictObject({ type: z.literal('expect_table_row_count_to_be_between'), ...bounds })
      .refine(orderedBounds, boundsMessage),
    z.strictObject({ type: z.literal('expect_table_columns_to_exist'), columns: columnList }),
    z.strictObject({
      type: z.literal('expect_table_columns_to_match_ordered_list'),
      columns: columnList,
    }),
    z.strictObject({
      type: z.literal('expect_table_columns_to_match_set'),
      columns: columnList,
      exactMatch: z.boolean().optional(),
    }),
    z.strictObject({
      type: z.literal('expect_compound_columns_to_be_unique'),
      columns: columnList.min(1),
      mostly,
    }),
  ]);
  return z.strictObject({
    name: z.string().optional(),
    expectations: z.array(expectation),
  }) as unknown as z.ZodType<{ name?: string | undefined; expectations: Expectation[] }>;
}

function isValidRegex(source: string, flags: string | undefined): boolean {
  try {
    new RegExp(source, flags);
    return true;
  } catch {
    return false;
  }
}
