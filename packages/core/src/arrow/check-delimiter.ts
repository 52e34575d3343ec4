import { InvalidArgumentError } from '../errors';

/** The CSV delimiter, or InvalidArgumentError unless it is a non-empty string without quotes or line breaks. */
export function checkDelimiter(delimiter: unknown): string {
  if (typeof delimiter !== 'string' || delimiter === '' || /["\r\n]/.test(delimiter)) {
    throw new InvalidArgumentError({
      argument: 'delimiter',
      message: `delimiter must be a non-empty string without quotes or line breaks, got ${JSON.stringify(delimiter)}.`,
    });
  }
  return delimiter;
}
