export {
  type ColumnDistribution,
  createDriftReport,
  type DriftReport,
  type DriftReportColumn,
  type DriftReportOptions,
} from './drift-report';
export { renderDriftReportHtml } from './render-html';
