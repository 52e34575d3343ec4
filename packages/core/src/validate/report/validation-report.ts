import { InvalidArgumentError } from '../../errors';
import type { ExpectationType } from '../expectations';
import type { CheckResult, FailureCaseValue, ValidationResult } from '../results';

/**
 * A value of the report: as in the validation result, except that non-finite numbers
 * (a NaN cell, an infinite mean) are written as the strings `'NaN'`, `'Infinity'` and
 * `'-Infinity'`, which JSON cannot hold as numbers.
 */
export type ReportValue = string | number | boolean | null | ReportValue[];

/** One failure of a check, as listed in the report. */
export interface ValidationReportFailureCase {
  /** 0-based row of the failing cell; null for aggregate and table checks. */
  rowIndex: number | null;
  /** The column concerned (for schema checks, the column the finding is about); null for the row count. */
  column: string | null;
  /** The failing value, the observed statistic or the schema finding. */
  value: ReportValue;
}

/** One expectation of the suite and what validation found. */
export interface ValidationReportCheck {
  /** Position of the expectation in the suite, 0-based. */
  checkIndex: number;
  /** Great Expectations' name, e.g. `expect_column_values_to_be_between`. */
  expectationType: ExpectationType;
  /** The column checked; the names joined by `, ` for compound uniqueness; null for other table checks. */
  column: string | null;
  /** The expectation's other arguments (bounds, `mostly`, value set, column list…). */
  kwargs: Record<string, unknown>;
  success: boolean;
  /** Rows of the table. */
  elementCount: number;
  /** Null cells of the column; 0 for table checks. */
  nullCount: number;
  /** Failing rows (row-level checks) or findings (schema checks); null for statistics. */
  unexpectedCount: number | null;
  /** `unexpectedCount` as a percentage, 0 to 100; null for aggregate and table checks. */
  unexpectedPercent: number | null;
  /** The statistic measured by an aggregate or table check; null for row-level checks. */
  observedValue: ReportValue;
  /** The first failures of the check, in row order, at most `maxFailureCasesPerCheck`. */
  failureCases: ValidationReportFailureCase[];
  /** Whether the check has more failures than `failureCases` lists. */
  failureCasesTruncated: boolean;
}

/** A validation report, plain JSON: the suite's verdict, its statistics and each check. */
export interface ValidationReport {
  /** Format marker of this JSON. */
  format: 'dagnostics.validation-report/1';
  title: string;
  /** ISO 8601 time the report was made. */
  generatedAt: string;
  /** The suite's name; null when it has none. */
  suiteName: string | null;
  /** True when every check succeeded. */
  success: boolean;
  /** Counts over the checks, as in the validation result. */
  statistics: ValidationResult['statistics'];
  /** One entry per expectation, in suite order. */
  checks: ValidationReportCheck[];
}

/** Options of {@link createValidationReport}. */
export interface ValidationReportOptions {
  /** Heading of the report. Default `'Validation report'`, or `'Validation report: ' + suite name`. */
  title?: string;
  /** Clock, for reproducible reports. Default `new Date()`. */
  now?: () => Date;
  /** Failure cases listed per check (the result may hold fewer). Default 20. */
  maxFailureCasesPerCheck?: number;
}

function reportValue(value: FailureCaseValue | number | string | string[] | null): ReportValue {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (Array.isArray(value)) return value.map(reportValue);
  return value;
}

function checkColumn(result: CheckResult): string | null {
  const { expectation } = result;
  if ('column' in expectation) return expectation.column;
  if (expectation.type === 'expect_compound_columns_to_be_unique') {
    return expectation.columns.join(', ');
  }
  return null;
}

function checkKwargs(result: CheckResult): Record<string, unknown> {
  const { type: _type, ...rest } = result.expectation;
  const kwargs: Record<string, unknown> = { ...rest };
  if (result.expectation.type !== 'expect_compound_columns_to_be_unique') delete kwargs.column;
  else delete kwargs.columns;
  return structuredClone(kwargs);
}

/**
 * A plain-JSON report of a {@link ValidationResult}, for storing as an artifact or
 * rendering with `renderValidationReportHtml`: the suite's verdict and statistics, and per
 * check its expectation, counts, observed value and first failure cases. Non-finite
 * numbers become strings, so that `JSON.parse(JSON.stringify(report))` equals the report.
 *
 * @throws InvalidArgumentError when `maxFailureCasesPerCheck` is not a non-negative integer.
 *
 * @example
 * ```ts
 * const report = createValidationReport(validate(table, suite), { title: 'Orders, 27 Nov' });
 * await writeFile('validation.json', JSON.stringify(report));
 * ```
 */
export function createValidationReport(
  result: ValidationResult,
  options: ValidationReportOptions = {},
): ValidationReport {
  const cap = options.maxFailureCasesPerCheck ?? 20;
  if (!Number.isInteger(cap) || cap < 0) {
    throw new InvalidArgumentError({
      argument: 'maxFailureCasesPerCheck',
      message: `maxFailureCasesPerCheck must be a non-negative integer; got ${String(cap)}.`,
    });
  }
  const casesByCheck = new Map<number, ValidationReportFailureCase[]>();
  const totalByCheck = new Map<number, number>();
  for (const failure of result.failureCases) {
    totalByCheck.set(failure.checkIndex, (totalByCheck.get(failure.checkIndex) ?? 0) + 1);
    let cases = casesByCheck.get(failure.checkIndex);
    if (cases === undefined) {
      cases = [];
      casesByCheck.set(failure.checkIndex, cases);
    }
    if (cases.length < cap) {
      cases.push({
        rowIndex: failure.rowIndex,
        column: failure.column,
        value: reportValue(failure.failureCase),
      });
    }
  }
  const suiteName = result.suiteName ?? null;
  return {
    format: 'dagnostics.validation-report/1',
    title:
      options.title ??
      (suiteName === null ? 'Validation report' : `Validation report: ${suiteName}`),
    generatedAt: (options.now?.() ?? new Date()).toISOString(),
    suiteName,
    success: result.success,
    statistics: { ...result.statistics },
    checks: result.results.map((check) => ({
      checkIndex: check.checkIndex,
      expectationType: check.expectation.type,
      column: checkColumn(check),
      kwargs: checkKwargs(check),
      success: check.success,
      elementCount: check.elementCount,
      nullCount: check.nullCount,
      unexpectedCount: check.unexpectedCount,
      unexpectedPercent: check.unexpectedPercent,
      observedValue: reportValue(check.observedValue ?? null),
      failureCases: casesByCheck.get(check.checkIndex) ?? [],
      failureCasesTruncated:
        check.failureCasesTruncated || (totalByCheck.get(check.checkIndex) ?? 0) > cap,
    })),
  };
}
