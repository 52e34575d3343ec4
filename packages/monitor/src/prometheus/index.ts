/**
 * Prometheus exposition of model monitoring: metric families for latency, throughput,
 * errors, drift and performance on a prom-client registry you own, and a `/metrics`
 * handler. prom-client is an optional peer dependency: install it to use this entry point.
 */

export { createMetricsHandler, type MetricsHandlerOptions } from './metrics-handler';
export {
  type ColumnDriftSample,
  createMonitorMetrics,
  type MetricRole,
  type ModelLabels,
  type MonitorMetrics,
  type MonitorMetricsOptions,
} from './monitor-metrics';
