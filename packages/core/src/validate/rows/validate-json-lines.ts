import type { z } from 'zod';
import { FailureCollector } from './failure-collector';
import { createRowChecker } from './row-checker';
import type { RowValidationResult, ValidateRowsOptions } from './row-validation-result';
import { sourceLines, type TextSource } from './text-source';

/**
 * Validates JSON Lines (the text, its UTF-8 bytes, or `{ path }` of a file, streamed line
 * by line) against a zod object schema, as {@link validateRows} does for each line's
 * object. Blank lines are skipped. A line that cannot become a row is a failure row too,
 * with `column: null`, `failureCase: 'line N: …'` (1-based line) and its `rowIndex`
 * (0-based among non-blank lines): `invalid_utf8` for bytes that are not UTF-8,
 * `malformed_json` for text that is not JSON, `truncated` for a last line that is not JSON
 * and has no line end (a file cut short), `not_an_object` for JSON other than an object.
 * Valid lines are kept whatever their neighbours hold; nothing is thrown for bad data.
 *
 * @throws InvalidArgumentError for a bad schema, source or option.
 * @throws the Node.js file-system error when the file cannot be read.
 *
 * @example
 * ```ts
 * const result = await validateJsonLines({ path: 'events.jsonl' }, z.object({ id: z.int() }));
 * console.table(result.failureCases);
 * ```
 */
export async function validateJsonLines<Schema extends z.ZodObject>(
  source: TextSource,
  schema: Schema,
  options: ValidateRowsOptions = {},
): Promise<RowValidationResult<z.output<Schema>>> {
  const checker = createRowChecker(schema);
  const collector = new FailureCollector<z.output<Schema>>(options);
  const lineFailure = (check: string, line: number, problem: string) => [
    {
      column: null,
      check,
      checkIndex: null,
      failureCase: `line ${line}: ${problem}`,
      rowIndex: collector.rowCount,
      line,
    },
  ];
  for await (const { text, isValidUtf8, line, ending } of sourceLines(source)) {
    if (!isValidUtf8) {
      collector.addInvalid(lineFailure('invalid_utf8', line, 'bytes that are not valid UTF-8'));
      continue;
    }
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      collector.addInvalid(
        ending !== ''
          ? lineFailure('malformed_json', line, `not valid JSON (${message})`)
          : lineFailure(
              'truncated',
              line,
              `last line cut short, no line end and not valid JSON (${message})`,
            ),
      );
      continue;
    }
    const outcome = checker.check(value, collector.rowCount, line);
    if (outcome.success) collector.addValid(outcome.data as z.output<Schema>);
    else collector.addInvalid(outcome.failures);
  }
  return collector.result();
}
