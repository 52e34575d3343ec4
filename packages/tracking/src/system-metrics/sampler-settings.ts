import { defineSettings, envParsers } from '@dagnostics/core';
import { z } from 'zod';
import type { SystemMetricsError } from './system-metrics-error';

/** What `onMetrics` receives: one logging period's metrics, ready for `log-batch`. */
export interface SystemMetricsSample {
  /** The MLflow step: `startStep` for the first batch, then one more per batch. */
  step: number;
  /** When the batch was aggregated, milliseconds since the Unix epoch. */
  timestampMs: number;
  /**
   * Metric key → value. Keys are `system/<name>` or `system/<nodeId>/<name>`, with the names
   * of `systemMetricNames` and the per-GPU `gpu_<i>_...` names; units as the names say.
   */
  metrics: Record<string, number>;
}

/** Settings of `createSystemMetricsSampler`; see each field for its default and variable. */
export interface SystemMetricsSamplerSettings {
  /**
   * Time between samples, milliseconds, counted from the end of one sample to the start of
   * the next so samples never overlap. Default 10 000. Environment:
   * `MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL`, in seconds as MLflow reads it.
   */
  intervalMs?: number;
  /**
   * Samples averaged into one `onMetrics` call. Default 1. Environment:
   * `MLFLOW_SYSTEM_METRICS_SAMPLES_BEFORE_LOGGING`.
   */
  samplesBeforeLogging?: number;
  /**
   * Distinguishes machines in multi-node training: keys become `system/<nodeId>/<name>`.
   * Default none. Environment: `MLFLOW_SYSTEM_METRICS_NODE_ID`.
   */
  nodeId?: string;
  /**
   * Step of the first batch. Default 0; when resuming a run, pass the largest step already
   * logged under `system/` plus one, as MLflow's `resume_logging` does.
   */
  startStep?: number;
  /** A path on the file system whose usage is reported. Default `/` (MLflow uses `os.sep`). */
  diskPath?: string;
  /** Read NVIDIA GPUs through `nvidia-smi` when it is installed. Default true. */
  gpu?: boolean;
  /** How long one `nvidia-smi` run may take before it is killed, milliseconds. Default 5 000. */
  gpuTimeoutMs?: number;
  /**
   * Where procfs is mounted (Linux), like psutil's `PROCFS_PATH`: point it at the host's
   * `/proc` mounted into a container to report the host. Default `/proc`.
   */
  procfsPath?: string;
  /**
   * Receives each batch; awaited before the next sample is scheduled. A throw or rejection
   * goes to `onError` and sampling continues. Required.
   */
  onMetrics: (sample: SystemMetricsSample) => void | Promise<void>;
  /**
   * Receives each `SystemMetricsError` (a reader that failed for one sample, or `onMetrics`
   * throwing). Default: errors are dropped, as a missing metric must never stop training.
   */
  onError?: (error: SystemMetricsError) => void;
  /**
   * Aborting it stops the sampler as `stop()` does; a sampler whose signal is already
   * aborted never starts. Default none.
   */
  signal?: AbortSignal;
}

const isFunction = (value: unknown) => typeof value === 'function';

/** The sampler's settings, validated with zod; the schema is built on first use. */
export const systemMetricsSamplerSettings = defineSettings({
  owner: 'createSystemMetricsSampler',
  schema: () =>
    z.object({
      intervalMs: z.number().int().positive().default(10_000),
      samplesBeforeLogging: z.number().int().positive().default(1),
      nodeId: z.string().min(1).optional(),
      startStep: z.number().int().nonnegative().default(0),
      diskPath: z.string().min(1).default('/'),
      gpu: z.boolean().default(true),
      gpuTimeoutMs: z.number().int().positive().default(5_000),
      procfsPath: z.string().min(1).default('/proc'),
      onMetrics: z.custom<SystemMetricsSamplerSettings['onMetrics']>(isFunction, {
        message: 'expected a function',
      }),
      onError: z
        .custom<NonNullable<SystemMetricsSamplerSettings['onError']>>(isFunction, {
          message: 'expected a function',
        })
        .optional(),
      signal: z
        .custom<AbortSignal>((value) => value instanceof AbortSignal, {
          message: 'expected an AbortSignal',
        })
        .optional(),
    }),
  env: {
    intervalMs: {
      name: 'MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL',
      parse: envParsers.secondsToMs,
    },
    samplesBeforeLogging: {
      name: 'MLFLOW_SYSTEM_METRICS_SAMPLES_BEFORE_LOGGING',
      parse: envParsers.number,
    },
    nodeId: 'MLFLOW_SYSTEM_METRICS_NODE_ID',
  },
});
