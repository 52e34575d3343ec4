/**
 * Row-oriented validation with a zod object schema: rows from an iterable, JSON Lines or
 * CSV, every zod issue and every unreadable line or record in one failure table.
 */
export type {
  RowCheck,
  RowFailureCase,
  RowValidationResult,
  ValidateRowsOptions,
} from './row-validation-result';
export type { TextSource } from './text-source';
export { type ValidateCsvOptions, validateCsv } from './validate-csv';
export { validateJsonLines } from './validate-json-lines';
export { validateRows } from './validate-rows';
