export {
  type BootstrapDifferenceOptions,
  bootstrapDifference,
  defineGates,
  type LatencyBudgetOptions,
  latencyBudget,
  type McNemarOptions,
  type MetricThresholdOptions,
  mcnemar,
  metricThreshold,
  type SizeBudgetOptions,
  sizeBudget,
  validationPassed,
} from './define-gates';
export { evaluateGates, gateExitCode } from './evaluate-gates';
export { type McNemarTestResult, mcnemarTest } from './mcnemar-test';
export { accuracy, f1Macro, logLoss } from './metrics';
export {
  type PairedBootstrapOptions,
  type PairedBootstrapResult,
  pairedBootstrapDifference,
} from './paired-bootstrap';
export { renderGateReportHtml } from './render-html';
export { gateReportToMarkdown } from './render-markdown';
export { type RunGateFilesOptions, runGateFiles } from './run-gate-files';
export { gateSuiteFromJson } from './suite-from-json';
export type {
  BootstrapDifferenceGate,
  ClassLabel,
  GateCheck,
  GateComparator,
  GateDefinition,
  GateInputs,
  GateKind,
  GateReport,
  GateResult,
  GateStatistic,
  GateStatus,
  GateSuite,
  LatencyBudgetGate,
  McNemarGate,
  MetricDirection,
  MetricFunction,
  MetricThresholdGate,
  ModelEvidence,
  NamedMetric,
  Predictions,
  SizeBudgetGate,
  ValidationPassedGate,
} from './types';
