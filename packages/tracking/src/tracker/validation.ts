import { InvalidArgumentError } from '@dagnostics/core';
import { mlflowLimits } from './limits';

// MLflow's key rule: letters, digits, underscores, dashes, periods, spaces, colons and
// slashes, and a path that does not normalise to something else.
const keyPattern = /^[/\w.\- :]*$/;

/** Throws `InvalidArgumentError` unless `key` is a key MLflow accepts for `kind`. */
export function assertValidKey(
  key: unknown,
  kind: 'metric' | 'param' | 'tag',
): asserts key is string {
  const argument = `${kind} key`;
  if (typeof key !== 'string' || key.length === 0) {
    throw new InvalidArgumentError({
      message: `A ${kind} key must be a non-empty string; got ${JSON.stringify(key)}.`,
      argument,
    });
  }
  if (key.length > mlflowLimits.keyLength) {
    throw new InvalidArgumentError({
      message: `The ${kind} key "${key.slice(0, 40)}…" has ${key.length} characters; MLflow allows ${mlflowLimits.keyLength}. Use a shorter key.`,
      argument,
    });
  }
  const normalisesElsewhere =
    key.startsWith('/') ||
    key === '.' ||
    key.startsWith('./') ||
    key.split('/').some((part) => part === '..' || part === '.') ||
    key.includes('//');
  if (!keyPattern.test(key) || normalisesElsewhere) {
    throw new InvalidArgumentError({
      message: `The ${kind} key "${key}" is not one MLflow accepts: use letters, digits, "_", "-", ".", " ", ":" and "/", without "..", a leading "/" or empty path parts.`,
      argument,
    });
  }
}

/** Throws unless `value` is a number MLflow stores as a metric (NaN and ±Infinity allowed). */
export function assertMetricValue(key: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') {
    throw new InvalidArgumentError({
      message: `Metric "${key}" must be a number; got ${typeof value === 'boolean' ? 'a boolean' : typeof value}. Convert it (e.g. Number(x)) before logging.`,
      argument: 'value',
    });
  }
}

/** Throws unless `value` is a whole number of milliseconds or steps MLflow can store. */
export function assertWholeNumber(
  name: 'step' | 'timestamp',
  value: unknown,
  key: string,
): asserts value is number {
  const valid =
    typeof value === 'number' && Number.isSafeInteger(value) && (name === 'step' || value >= 0);
  if (!valid) {
    throw new InvalidArgumentError({
      message: `The ${name} of metric "${key}" must be a ${name === 'timestamp' ? 'non-negative ' : ''}safe integer${name === 'timestamp' ? ' of milliseconds' : ''}; got ${String(value)}.`,
      argument: name,
    });
  }
}

/**
 * Turns a param or tag value into the string MLflow stores: strings as they are,
 * numbers, booleans and bigints with `String()`. Objects, arrays, functions, undefined
 * and null are refused, since MLflow would store an unreadable text; serialise them
 * yourself (e.g. `JSON.stringify`) if that is what you want.
 */
export function toStoredValue(kind: 'param' | 'tag', key: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  throw new InvalidArgumentError({
    message: `The ${kind} "${key}" has a value of type ${value === null ? 'null' : typeof value}; MLflow stores ${kind}s as text. Pass a string, number or boolean, or JSON.stringify the value.`,
    argument: 'value',
  });
}

/**
 * Applies MLflow's default for over-long values (MLFLOW_TRUNCATE_LONG_VALUES=true):
 * keep the first `limit` characters. With `truncate` false, throws instead.
 */
export function limitValue(
  kind: 'param' | 'tag',
  key: string,
  value: string,
  truncate: boolean,
): string {
  const limit = kind === 'param' ? mlflowLimits.paramValueLength : mlflowLimits.tagValueLength;
  if (value.length <= limit) return value;
  if (truncate) return value.slice(0, limit);
  throw new InvalidArgumentError({
    message: `The ${kind} "${key}" has ${value.length} characters; MLflow allows ${limit}. Shorten it, log it as an artifact, or let the tracker truncate it (truncateLongValues: true).`,
    argument: 'value',
  });
}
