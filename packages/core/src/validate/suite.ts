import { InvalidArgumentError } from '../errors';
import type { Expectation } from './expectations';
import { suiteSchema } from './suite-schema';

/** An ordered list of expectations, checked and frozen by {@link defineSuite}; plain JSON. */
export interface ExpectationSuite {
  /** A label for reports, e.g. `orders.daily`. */
  readonly name?: string | undefined;
  /** The expectations, evaluated in this order. */
  readonly expectations: readonly Expectation[];
}

/**
 * A suite of expectations, with every argument checked (bounds in order, `mostly` in
 * [0, 1], regular expressions that compile…). The result is a plain object that
 * {@link suiteToJson} writes and {@link suiteFromJson} reads back.
 *
 * @param expectations - Built with the `expect…` functions or written as JSON objects.
 * @param options - `name`, none by default.
 * @throws InvalidArgumentError (`argument: 'suite'`) naming the first invalid field.
 *
 * @example
 * ```ts
 * const suite = defineSuite([
 *   expectColumnValuesToNotBeNull('id'),
 *   expectColumnValuesToBeBetween('age', { min: 0, max: 130, mostly: 0.99 }),
 * ], { name: 'users' });
 * ```
 */
export function defineSuite(
  expectations: readonly Expectation[],
  options: { name?: string } = {},
): ExpectationSuite {
  return parseSuite({ ...options, expectations });
}

/** The suite as JSON text (`{ name?, expectations: [...] }`), readable by {@link suiteFromJson}. */
export function suiteToJson(suite: ExpectationSuite): string {
  return JSON.stringify(suite);
}

/**
 * A suite read back from JSON text or from the parsed object.
 *
 * @throws InvalidArgumentError (`argument: 'suite'`) when the text is not JSON or not a suite.
 */
export function suiteFromJson(json: string | unknown): ExpectationSuite {
  let value: unknown = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new InvalidArgumentError({
        argument: 'suite',
        message: 'The suite is not valid JSON; write it with suiteToJson.',
        cause: error,
      });
    }
  }
  return parseSuite(value);
}

function parseSuite(value: unknown): ExpectationSuite {
  const parsed = suiteSchema().safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? '' : issue.path.map(String).join('.');
    throw new InvalidArgumentError({
      argument: 'suite',
      message: `Invalid expectation suite${where ? ` at ${where}` : ''}: ${issue?.message ?? 'unknown problem'}. Build expectations with the expect… functions.`,
      cause: parsed.error,
    });
  }
  return deepFreeze(parsed.data);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
