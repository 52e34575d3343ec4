import { DataFormatError } from '../errors';
import { valueKindOf } from './coerce-value';

/**
 * The object on one JSON Lines line.
 *
 * @throws DataFormatError (`format: 'jsonl'`, `line`) when the line is not JSON or holds
 * something other than an object.
 */
export function parseJsonLine(text: string, line: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DataFormatError({
      format: 'jsonl',
      line,
      message: `Line ${line} is not valid JSON (${error instanceof Error ? error.message : String(error)}). Each non-blank line must hold one JSON object; fix or remove that line.`,
      cause: error,
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DataFormatError({
      format: 'jsonl',
      line,
      message: `Line ${line} holds a JSON ${value === null ? 'null' : valueKindOf(value)}, not an object. Each non-blank line must hold one JSON object such as {"task": "load"}.`,
    });
  }
  return value as Record<string, unknown>;
}
