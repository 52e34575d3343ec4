import type { MetricValues } from './aggregate-samples';
import { type CpuTimes, cpuUtilizationPercent, readCpuTimes } from './cpu-times';
import { readDiskUsage } from './disk-usage';
import { parseNvidiaSmiOutput, runNvidiaSmi } from './gpu-usage';
import { readMemoryUsage } from './memory-usage';
import {
  createNetworkCounterTracker,
  type NetworkCounters,
  readInterfaceCounters,
} from './network-counters';
import { SystemMetricsError, type SystemMetricsErrorSource } from './system-metrics-error';

/** One sample's metrics (names without prefix) and the readers that failed for it. */
export interface CollectedSample {
  metrics: MetricValues;
  errors: SystemMetricsError[];
}

/**
 * CPU utilization is a difference between two readings, so each consumer (the sampling loop,
 * `sampleOnce`) keeps its own previous reading, as psutil keeps one per thread.
 */
export interface CpuMeter {
  /** The previous reading; undefined until the first. */
  previous: CpuTimes | undefined;
}

/**
 * Reads the metrics of one sample in MLflow's order (CPU and memory, disk, network, GPUs).
 * Holds the state that outlives a sample: the network baseline and whether `nvidia-smi`
 * exists.
 */
export function createSampleCollector(options: {
  procfsPath: string;
  diskPath: string;
  gpu: boolean;
  gpuTimeoutMs: number;
}) {
  const readsNetwork = process.platform === 'linux';
  const network = createNetworkCounterTracker(() => readInterfaceCounters(options.procfsPath));
  let networkBaseline: NetworkCounters | undefined;
  // Decided by the first nvidia-smi run, like MLflow's one-time NVML init: missing or
  // failing then means no GPU metrics for the sampler's life; failures after a success are
  // reported, since the GPUs are still there.
  let gpuState: 'unknown' | 'present' | 'absent' = options.gpu ? 'unknown' : 'absent';

  function readNetwork(): NetworkCounters {
    const current = network.read();
    networkBaseline ??= current;
    return current;
  }

  return {
    /** Reads CPU times into `meter` so the next sample measures from now. */
    primeCpu(meter: CpuMeter): void {
      meter.previous = readCpuTimes(options.procfsPath);
    },

    /**
     * Takes the network baseline if none was taken; values are cumulative from it. Throws
     * the reader's error, wrapped.
     */
    primeNetwork(): void {
      if (!readsNetwork || networkBaseline !== undefined) return;
      attempt('network', describeProcfs(options.procfsPath, 'net/dev'), readNetwork);
    },

    /** Reads one sample. `signal` aborts a running `nvidia-smi` (when the sampler stops). */
    async collect(meter: CpuMeter, signal: AbortSignal): Promise<CollectedSample> {
      const metrics: MetricValues = {};
      const errors: SystemMetricsError[] = [];
      const read = <T>(source: SystemMetricsErrorSource, what: string, reader: () => T) => {
        try {
          return attempt(source, what, reader);
        } catch (error) {
          errors.push(error as SystemMetricsError);
          return undefined;
        }
      };

      const cpuTimes = read('cpu', describeProcfs(options.procfsPath, 'stat'), () =>
        readCpuTimes(options.procfsPath),
      );
      if (cpuTimes !== undefined) {
        if (meter.previous !== undefined) {
          metrics.cpu_utilization_percentage = cpuUtilizationPercent(meter.previous, cpuTimes);
        }
        meter.previous = cpuTimes;
      }

      const memory = read('memory', describeProcfs(options.procfsPath, 'meminfo'), () =>
        readMemoryUsage(options.procfsPath),
      );
      if (memory !== undefined) {
        metrics.system_memory_usage_megabytes = memory.usedBytes / 1e6;
        metrics.system_memory_usage_percentage = (memory.usedBytes / memory.totalBytes) * 100;
      }

      const disk = read('disk', `disk usage of diskPath "${options.diskPath}"`, () =>
        readDiskUsage(options.diskPath),
      );
      if (disk !== undefined) {
        metrics.disk_usage_percentage = disk.percent;
        metrics.disk_usage_megabytes = disk.usedBytes / 1e6;
        metrics.disk_available_megabytes = disk.freeBytes / 1e6;
      }

      if (readsNetwork) {
        const counters = read(
          'network',
          describeProcfs(options.procfsPath, 'net/dev'),
          readNetwork,
        );
        if (counters !== undefined && networkBaseline !== undefined) {
          metrics.network_receive_megabytes =
            (counters.receivedBytes - networkBaseline.receivedBytes) / 1e6;
          metrics.network_transmit_megabytes =
            (counters.sentBytes - networkBaseline.sentBytes) / 1e6;
        }
      }

      if (gpuState !== 'absent') {
        const result = await runNvidiaSmi({ timeoutMs: options.gpuTimeoutMs, signal });
        if ('output' in result) {
          gpuState = 'present';
          const gpus = read('gpu', 'the output of nvidia-smi', () =>
            parseNvidiaSmiOutput(result.output),
          );
          Object.assign(metrics, gpus);
        } else if (signal.aborted) {
          // The sampler is stopping; the killed child is not a failure.
        } else if (gpuState === 'unknown' && result.failure.kind !== 'timed-out') {
          gpuState = 'absent';
        } else {
          errors.push(
            new SystemMetricsError({
              source: 'gpu',
              message:
                result.failure.kind === 'timed-out'
                  ? `nvidia-smi did not answer within ${options.gpuTimeoutMs} ms; this sample has no GPU metrics. Raise gpuTimeoutMs, or pass gpu: false to stop reading GPUs.`
                  : `nvidia-smi failed (${result.failure.detail}); this sample has no GPU metrics. Run nvidia-smi by hand to see why, or pass gpu: false to stop reading GPUs.`,
              cause: result.failure.cause,
            }),
          );
        }
      }
      return { metrics, errors };
    },
  };
}

/** Runs one reader, wrapping what it throws in a `SystemMetricsError` that says what to check. */
function attempt<T>(source: SystemMetricsErrorSource, what: string, reader: () => T): T {
  try {
    return reader();
  } catch (cause) {
    throw new SystemMetricsError({
      source,
      message: `Could not read ${what} (${describeCause(cause)}); this sample has no ${source} metrics. Check that the path exists and is readable.`,
      cause,
    });
  }
}

function describeProcfs(procfsPath: string, file: string): string {
  return `${procfsPath}/${file} (procfsPath)`;
}

function describeCause(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
