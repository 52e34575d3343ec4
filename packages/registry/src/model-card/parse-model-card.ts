import { InvalidArgumentError } from '@dagnostics/core';
import type { ModelCard } from './model-card';
import { modelCardSchema } from './model-card-schema';

/**
 * Checks a value against the Model Card Toolkit v0.0.2 schema and returns it typed.
 *
 * @throws {InvalidArgumentError} (argument `card`) naming each problem by its path, e.g.
 * `model_details.version.date: Invalid ISO date`; the zod error is the `cause`.
 */
export function parseModelCard(value: unknown): ModelCard {
  const result = modelCardSchema().safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${issue.path.length === 0 ? '(card)' : issue.path.join('.')}: ${issue.message}`,
  );
  throw new InvalidArgumentError({
    message: `The model card does not follow the Model Card Toolkit schema v0.0.2: ${problems.join('; ')}.`,
    argument: 'card',
    cause: result.error,
  });
}
