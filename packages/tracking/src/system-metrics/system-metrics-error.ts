import { DagnosticsError } from '@dagnostics/core';

/** Which part of a sampling step failed. */
export type SystemMetricsErrorSource = 'cpu' | 'memory' | 'disk' | 'network' | 'gpu' | 'onMetrics';

/**
 * A system-metrics reader failed for one sample, or `onMetrics` threw. The sampler reports
 * it through `onError` and carries on: the sample simply lacks that reader's metrics, or the
 * batch is not logged. `isRetryable` is true because the next sample tries again.
 */
export class SystemMetricsError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsSystemMetricsError';

  /** The reader (`cpu`, `memory`, `disk`, `network`, `gpu`) or the callback that failed. */
  readonly source: SystemMetricsErrorSource;

  constructor(options: { message: string; source: SystemMetricsErrorSource; cause?: unknown }) {
    super({ ...options, code: 'SYSTEM_METRICS_FAILED', isRetryable: true });
    this.source = options.source;
  }
}
