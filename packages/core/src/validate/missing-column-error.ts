import { InvalidArgumentError } from '../errors';

/**
 * A suite refers to a column the table does not have. Thrown by `validate` before any check
 * runs, so that a typo is not mistaken for failing data; to test for a column's presence
 * as data, use `expectTableColumnsToExist` instead.
 */
export class MissingColumnError extends InvalidArgumentError {
  static override readonly errorName: string = 'DagnosticsMissingColumnError';

  /** The name the suite refers to. */
  readonly column: string;
  /** The columns the table has, in schema order. */
  readonly availableColumns: string[];
  /** Position in the suite of the first expectation that refers to the column. */
  readonly checkIndex: number;

  constructor(options: { column: string; availableColumns: string[]; checkIndex: number }) {
    const available = options.availableColumns.map((name) => JSON.stringify(name));
    super({
      argument: 'suite',
      code: 'MISSING_COLUMN',
      message: `Expectation ${options.checkIndex} of the suite refers to the column ${JSON.stringify(options.column)}, which the table does not have; it has ${available.length === 0 ? 'no columns' : available.join(', ')}. Fix the suite or the table's column names.`,
    });
    this.column = options.column;
    this.availableColumns = [...options.availableColumns];
    this.checkIndex = options.checkIndex;
  }
}
