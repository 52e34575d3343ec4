/**
 * Validation reports: a plain-JSON summary of a validation result
 * (`dagnostics.validation-report/1`) and a self-contained HTML page of it.
 *
 * @example
 * ```ts
 * const report = createValidationReport(validate(table, suite), { title: 'Orders' });
 * await writeFile('validation.html', renderValidationReportHtml(report));
 * ```
 */
export { renderValidationReportHtml } from './render-html';
export {
  createValidationReport,
  type ReportValue,
  type ValidationReport,
  type ValidationReportCheck,
  type ValidationReportFailureCase,
  type ValidationReportOptions,
} from './validation-report';
