import { InvalidArgumentError } from '@dagnostics/core';

// Bare keys that sqlparse (MLflow's tokenizer) reads as something else, found by running every
// sqlparse keyword through SearchUtils.parse_search_filter, plus the words of the grammar itself.
const reservedWords = new Set([
  'as',
  'bit',
  'case',
  'character',
  'double',
  'from',
  'using',
  'values',
  'and',
  'or',
  'not',
  'in',
  'is',
  'null',
  'like',
  'ilike',
  'rlike',
  'regexp',
  'between',
  'exists',
  'asc',
  'desc',
]);

/**
 * A metric, param or tag key as MLflow's parser reads it: bare when it is a plain identifier,
 * else in double quotes, or in backticks when it holds a double quote or a backslash (MLflow
 * strips the quotes without unescaping anything, so no key holding both can be written).
 */
export function quoteKey(key: string, argument = 'key'): string {
  if (key === '') {
    throw new InvalidArgumentError({ message: 'A search key cannot be empty.', argument });
  }
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) && !reservedWords.has(key.toLowerCase())) return key;
  if (!key.includes('"') && !key.includes('\\')) return `"${key}"`;
  if (!key.includes('`')) return `\`${key}\``;
  throw new InvalidArgumentError({
    message: `The key ${JSON.stringify(key)} cannot be written in an MLflow filter: it holds a double quote or backslash and a backtick. MLflow keys may only hold letters, digits and "_-./: ".`,
    argument,
  });
}

/**
 * A string literal as MLflow's parser reads it. MLflow takes the text between the quotes as it
 * is (no escapes), and its tokenizer reads a backslash before a quote as an escape: so single
 * quotes, or double quotes when the value holds a single quote; a value holding both, or ending
 * in a backslash, cannot be written.
 */
export function quoteString(value: string, argument = 'value'): string {
  if (!value.endsWith('\\')) {
    if (!value.includes("'")) return `'${value}'`;
    if (!value.includes('"')) return `"${value}"`;
  }
  throw new InvalidArgumentError({
    message: `The value ${JSON.stringify(value)} cannot be written in an MLflow filter: MLflow reads string literals without escapes, so a value cannot hold both ' and ", nor end in a backslash. Match it with LIKE and a % or _ in place of the problem character.`,
    argument,
  });
}

/**
 * A number as MLflow's tokenizer reads it: the shortest round-trip form, with exponents written
 * `1e21` (sqlparse does not read `1e+21`). Only finite numbers exist in the grammar.
 */
export function formatNumber(value: number, argument = 'value'): string {
  if (!Number.isFinite(value)) {
    throw new InvalidArgumentError({
      message: `MLflow filters only compare with finite numbers; got ${String(value)}.`,
      argument,
    });
  }
  if (Object.is(value, -0)) return '-0';
  return String(value).replace('e+', 'e');
}

/**
 * A parenthesized list for IN / NOT IN. MLflow evaluates it as a Python literal, so each item is
 * a single-quoted Python string with backslashes, quotes and control characters written as
 * `\xNN` escapes: no backslash ever stands before a quote, which sqlparse would misread.
 */
export function formatStringList(values: readonly string[], argument = 'values'): string {
  if (values.length === 0) {
    throw new InvalidArgumentError({
      message: 'IN and NOT IN need at least one value (MLflow rejects an empty list).',
      argument,
    });
  }
  return `(${values.map(pythonStringLiteral).join(', ')})`;
}

function pythonStringLiteral(value: string): string {
  let text = "'";
  for (const character of value) {
    const code = character.codePointAt(0) ?? 0;
    if (character === '\\' || character === "'" || code < 0x20 || code === 0x7f) {
      text += `\\x${code.toString(16).padStart(2, '0')}`;
    } else {
      text += character;
    }
  }
  return `${text}'`;
}
