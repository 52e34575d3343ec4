import { InvalidArgumentError } from '../../errors';
import type {
  RowFailureCase,
  RowValidationResult,
  ValidateRowsOptions,
} from './row-validation-result';

/** Accumulates rows, failures and valid rows into a {@link RowValidationResult}. */
export class FailureCollector<Row> {
  private readonly limit: number;
  private readonly failureCases: RowFailureCase[] = [];
  private readonly validRows: Row[] | undefined;
  private failureCount = 0;
  private invalidRowCount = 0;
  private validRowCount = 0;

  constructor(options: ValidateRowsOptions) {
    const limit = options.maxFailureCases ?? Number.POSITIVE_INFINITY;
    if (limit !== Number.POSITIVE_INFINITY && (!Number.isInteger(limit) || limit < 0)) {
      throw new InvalidArgumentError({
        argument: 'maxFailureCases',
        message: `maxFailureCases must be a non-negative integer; got ${String(limit)}.`,
      });
    }
    this.limit = limit;
    this.validRows = options.keepValidRows === false ? undefined : [];
  }

  /** Rows seen so far, which is the 0-based index of the next row. */
  get rowCount(): number {
    return this.validRowCount + this.invalidRowCount;
  }

  addValid(row: Row): void {
    this.validRowCount++;
    this.validRows?.push(row);
  }

  /** Records one invalid row with its failures (at least one). */
  addInvalid(failures: readonly RowFailureCase[]): void {
    this.invalidRowCount++;
    for (const failure of failures) {
      this.failureCount++;
      if (this.failureCases.length < this.limit) this.failureCases.push(failure);
    }
  }

  result(): RowValidationResult<Row> {
    return {
      success: this.invalidRowCount === 0,
      rowCount: this.rowCount,
      validRowCount: this.validRowCount,
      failureCount: this.failureCount,
      failureCasesTruncated: this.failureCases.length < this.failureCount,
      failureCases: this.failureCases,
      ...(this.validRows === undefined ? {} : { validRows: this.validRows }),
    };
  }
}
