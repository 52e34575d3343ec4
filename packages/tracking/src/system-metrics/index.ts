export {
  createSystemMetricsSampler,
  type SystemMetricsSampler,
} from './create-system-metrics-sampler';
export { type SystemMetricName, systemMetricNames } from './metric-names';
export type { SystemMetricsSample, SystemMetricsSamplerSettings } from './sampler-settings';
export { SystemMetricsError, type SystemMetricsErrorSource } from './system-metrics-error';
