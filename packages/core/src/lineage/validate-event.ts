import type { z } from 'zod';
import { LineageEventError } from './errors';
import { runEventSchema } from './schemas';
import type { RunEvent } from './types';

let cachedSchema: z.ZodType<RunEvent> | undefined;

/**
 * Checks that `value` is a RunEvent of OpenLineage spec 2-0-2, with well-formed known facets
 * (`parent`, `nominalTime`, `errorMessage`, `jobType`, `schema`, `version`,
 * `dataQualityMetrics`, `dataQualityAssertions`, `outputStatistics`) and `_producer` /
 * `_schemaURL` on every facet.
 *
 * @returns the event, typed.
 * @throws LineageEventError naming the first bad field.
 */
export function validateRunEvent(value: unknown): RunEvent {
  cachedSchema ??= runEventSchema();
  const result = cachedSchema.safeParse(value);
  if (result.success) return value as RunEvent;
  const issue = result.error.issues[0];
  const field = formatPath(issue?.path ?? []);
  const others =
    result.error.issues.length > 1
      ? ` (${result.error.issues.length - 1} more problem(s) in error.cause)`
      : '';
  throw new LineageEventError({
    message: `Invalid OpenLineage RunEvent: "${field || '(event)'}": ${issue?.message ?? 'invalid value'}. Fix the field before emitting; nothing was sent.${others}`,
    field,
    cause: result.error,
  });
}

function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text === '' ? String(part) : `.${String(part)}`;
  }
  return text;
}
