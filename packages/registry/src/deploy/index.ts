export {
  type AnalysisMetric,
  type AnalysisPhase,
  type AnalysisResult,
  type AnalysisSpec,
  assessMetric,
  evaluateMeasurement,
  isWorsePhase,
  type Measurement,
  type MeasurementPhase,
  type MetricCounters,
  type MetricResult,
  type RunAnalysisOptions,
  runAnalysis,
  validateAnalysis,
} from './analysis';
export { type CanaryPlan, type CanaryStep, validateCanaryPlan } from './canary-plan';
export { type Condition, compileCondition, type MetricValue } from './condition';
export {
  ConditionError,
  MetricProviderError,
  type MetricProviderFailure,
  RolloutPlanError,
  RolloutStateError,
} from './errors';
export {
  callbackProvider,
  type MetricProvider,
  type PrometheusProviderOptions,
  prometheusProvider,
} from './metric-provider';
export {
  createRolloutController,
  type RolloutController,
  type RolloutControllerOptions,
} from './rollout-controller';
export type {
  RollbackTiming,
  RollbackTrigger,
  RolloutAuditSink,
  RolloutReport,
  RolloutRunOptions,
  RolloutStepReport,
} from './rollout-report';
export {
  chooseVersion,
  type RolloutPhase,
  type RolloutRecord,
  type RolloutState,
  readRolloutState,
  rolloutAliases,
  rolloutStateOf,
  rolloutTags,
} from './rollout-state';
