import { createRng, type Rng } from '@dagnostics/core';
import { Filter, where } from '../filter-builder';
import { quoteString } from '../filter-literals';
import type { DatasetKey, FilterExpression } from '../filter-types';
import { orderBy } from '../order-by';

// Keys that exercise every quoting rule: bare, dotted, special characters, SQL keywords that
// sqlparse misreads when bare, a leading digit, non-ASCII, and each quote character.
const keys = [
  'accuracy',
  'loss',
  '_private',
  'a1',
  'mlflow.runName',
  'a.b.c',
  'model class',
  'extra-key',
  'a:b/c',
  'x y-z.w',
  'from',
  'in',
  'as',
  'values',
  'select',
  'and',
  'order',
  '1a',
  'é',
  'ключ',
  'a"b',
  'a`b',
  'a\\b',
];

const fragments = [
  'adam',
  'x',
  ' ',
  '%',
  '_',
  "'",
  '"',
  '\\',
  '\n',
  '\t',
  'é',
  '😀',
  '--',
  '/*',
  '*/',
  ';',
  '(',
  ')',
  ',',
  ' AND ',
  '.',
  '$$',
  '``',
  "''",
  '\\n',
];

const numbers = [0, 1, -1, 0.5, -2.25, 1e-7, 1e21, 1.5e300, -0, 0.1 + 0.2, 123456789, 5e-324];

function randomString(rng: Rng, maxFragments: number): string {
  let text = '';
  const count = rng.int(0, maxFragments);
  for (let index = 0; index < count; index += 1) text += rng.choice(fragments);
  return text;
}

/** A string the filter grammar can hold (see `quoteString`). */
function representableString(rng: Rng): string {
  for (;;) {
    const text = randomString(rng, 5);
    try {
      quoteString(text);
      return text;
    } catch {
      // Not representable (both quotes, or a trailing backslash): draw again.
    }
  }
}

function randomNumber(rng: Rng): number {
  return rng.float() < 0.5 ? rng.choice(numbers) : Math.round(rng.normal(0, 1000) * 1000) / 1000;
}

function randomList(rng: Rng): string[] {
  return Array.from({ length: rng.int(1, 3) }, () => randomString(rng, 4));
}

const metricComparators = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'] as const;
const stringComparators = ['eq', 'ne', 'like', 'ilike'] as const;

function randomComparison(rng: Rng): Filter {
  const kind = rng.int(0, 6);
  switch (kind) {
    case 0:
      return where.metric(rng.choice(keys))[rng.choice(metricComparators)](randomNumber(rng));
    case 1:
      return where.param(rng.choice(keys))[rng.choice(stringComparators)](representableString(rng));
    case 2:
      return where.tag(rng.choice(keys))[rng.choice(stringComparators)](representableString(rng));
    case 3: {
      const key = rng.choice(['run_name', 'status', 'user_id', 'artifact_uri'] as const);
      return where.attribute(key)[rng.choice(stringComparators)](representableString(rng));
    }
    case 4: {
      const condition = where.attribute('run_id');
      return rng.float() < 0.5
        ? condition[rng.float() < 0.5 ? 'in' : 'notIn'](randomList(rng))
        : condition[rng.choice(stringComparators)](representableString(rng));
    }
    case 5: {
      const key = rng.choice(['start_time', 'end_time'] as const);
      return where
        .attribute(key)
        [rng.choice(metricComparators)](
          rng.float() < 0.5 ? rng.int(0, 2_000_000_000_000) : randomNumber(rng),
        );
    }
    default: {
      const condition = where.dataset(rng.choice(['name', 'digest', 'context'] as DatasetKey[]));
      return rng.float() < 0.5
        ? condition[rng.float() < 0.5 ? 'in' : 'notIn'](randomList(rng))
        : condition[rng.choice(stringComparators)](representableString(rng));
    }
  }
}

/** `count` random filters of 1 to 4 comparisons, the same for the same `seed`. */
export function generateFilters(seed: number, count: number): FilterExpression[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => {
    const parts = Array.from({ length: rng.int(1, 4) }, () => randomComparison(rng));
    return new Filter().and(...parts);
  });
}

/** Order-by clauses over the keys above (those MLflow can order by), each direction. */
export function generateOrderBys(): string[] {
  const clauses: string[] = [];
  for (const key of keys) {
    if (key.includes('"') || key.includes('`') || key.includes('\\')) continue;
    for (const direction of [undefined, 'ASC', 'DESC'] as const) {
      clauses.push(
        orderBy.metric(key, direction),
        orderBy.param(key, direction),
        orderBy.tag(key, direction),
      );
    }
  }
  for (const key of [
    'run_id',
    'run_name',
    'status',
    'user_id',
    'artifact_uri',
    'start_time',
    'end_time',
  ] as const) {
    clauses.push(orderBy.attribute(key), orderBy.attribute(key, 'DESC'));
  }
  return clauses;
}
