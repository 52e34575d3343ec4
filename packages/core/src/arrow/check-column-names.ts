import { InvalidArgumentError } from '../errors';

/** Throws InvalidArgumentError (`argument: 'columns'`) unless `columns` is an array of distinct strings. */
export function checkColumnNames(columns: readonly string[]): void {
  if (!Array.isArray(columns) || columns.some((name) => typeof name !== 'string')) {
    throw new InvalidArgumentError({
      argument: 'columns',
      message: 'columns must be an array of strings.',
    });
  }
  const duplicate = columns.find((name, index) => columns.indexOf(name) !== index);
  if (duplicate !== undefined) {
    throw new InvalidArgumentError({
      argument: 'columns',
      message: `columns names ${JSON.stringify(duplicate)} twice; name each column once.`,
    });
  }
}
