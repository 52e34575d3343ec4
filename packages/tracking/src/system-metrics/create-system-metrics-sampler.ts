import { setTimeout as delay } from 'node:timers/promises';
import { aggregateSamples, type MetricValues } from './aggregate-samples';
import { type CpuMeter, createSampleCollector } from './collect-sample';
import {
  type SystemMetricsSample,
  type SystemMetricsSamplerSettings,
  systemMetricsSamplerSettings,
} from './sampler-settings';
import { SystemMetricsError } from './system-metrics-error';

/** Samples system metrics on a timer and hands MLflow-named batches to `onMetrics`. */
export interface SystemMetricsSampler {
  /**
   * Starts sampling: takes the CPU and network baselines now, samples every `intervalMs`,
   * and calls `onMetrics` every `samplesBeforeLogging` samples. The timer never keeps the
   * process alive. Does nothing when already started or when `signal` is aborted; after
   * `stop()` it starts again, with the step carrying on.
   */
  start(): void;
  /**
   * Stops sampling and resolves once a sample or `onMetrics` call in progress has finished
   * (a running `nvidia-smi` is killed). Samples of an unfinished batch are dropped, not
   * logged: MLflow's monitor does the same, returning from its loop on shutdown without
   * aggregating them (its `finish()` then only flushes batches already recorded, and
   * `onMetrics` has already received those). Safe to call more than once.
   */
  stop(): Promise<void>;
  /**
   * Takes one sample now, outside the loop, and returns it as `onMetrics` would receive a
   * batch of one: `system/`-prefixed keys, values rounded to 0.1 (network totals as they
   * are). CPU utilization covers the time since the previous `sampleOnce()`, or a 100 ms
   * window on the first call. Does not touch the loop's step or batch. Reader failures go to
   * `onError` and leave their metrics out.
   */
  sampleOnce(): Promise<Record<string, number>>;
}

// psutil advises at least 0.1 s between cpu_percent() calls for a meaningful value.
const firstCpuWindowMs = 100;

interface Session {
  controller: AbortController;
  timer: NodeJS.Timeout | undefined;
  samples: MetricValues[];
}

/**
 * Creates an opt-in sampler of CPU, memory, disk, network and NVIDIA GPU metrics under the
 * names MLflow's system-metrics monitor logs, so the MLflow UI charts them as its own.
 * Nothing is read until `start()` or `sampleOnce()`.
 *
 * Platforms: Linux reads procfs (`/proc/stat`, `/proc/meminfo`, `/proc/net/dev`) as psutil
 * does. Elsewhere CPU and memory come from Node's `os.cpus()`, `os.totalmem()` and
 * `os.freemem()`, and the network metrics are left out. Disk usage uses `fs.statfsSync` on
 * every platform, and GPUs use `nvidia-smi` wherever it is installed.
 *
 * Differences from MLflow's monitor, on purpose: the first sample is taken one interval after
 * `start()` rather than at once (so CPU utilization covers a real interval, where MLflow's
 * first reading spans almost no time and is close to 0); options passed here win over the
 * environment variables (MLflow lets the variables win); a failing reader or `onMetrics` is
 * reported through `onError` and sampling goes on (MLflow stops the monitor when logging
 * fails). See `SystemMetricsSampler`.
 *
 * @throws ConfigError when a setting or its environment variable is invalid.
 *
 * @example
 * ```ts
 * const sampler = createSystemMetricsSampler({
 *   onMetrics: ({ step, timestampMs, metrics }) =>
 *     run.logMetrics(metrics, { step, timestamp: timestampMs }),
 * });
 * sampler.start();
 * await train();
 * await sampler.stop();
 * ```
 */
export function createSystemMetricsSampler(
  settings: SystemMetricsSamplerSettings,
): SystemMetricsSampler {
  const options = systemMetricsSamplerSettings.resolve(settings);
  const prefix = options.nodeId === undefined ? 'system/' : `system/${options.nodeId}/`;
  const collector = createSampleCollector(options);
  const loopCpu: CpuMeter = { previous: undefined };
  const onceCpu: CpuMeter = { previous: undefined };
  let step = options.startStep;
  let session: Session | undefined;
  // The latest sampling step of any session: steps run one after another, even across a
  // stop() and start(), so samples and onMetrics calls never overlap.
  let settled: Promise<void> = Promise.resolve();

  const report = (error: SystemMetricsError): void => {
    try {
      options.onError?.(error);
    } catch {
      // A throwing onError must not end sampling; there is nowhere further to report to.
    }
  };

  const withPrefix = (metrics: MetricValues): Record<string, number> => {
    const keyed: Record<string, number> = {};
    for (const [name, value] of Object.entries(metrics)) keyed[prefix + name] = value;
    return keyed;
  };

  const primeNetwork = (): void => {
    try {
      collector.primeNetwork();
    } catch (error) {
      report(error as SystemMetricsError);
    }
  };

  const schedule = (current: Session): void => {
    current.timer = setTimeout(() => {
      current.timer = undefined;
      settled = settled.then(() => sampleStep(current));
    }, options.intervalMs);
    current.timer.unref();
  };

  const sampleStep = async (current: Session): Promise<void> => {
    if (session !== current) return;
    const { metrics, errors } = await collector.collect(loopCpu, current.controller.signal);
    if (session !== current) return;
    for (const error of errors) report(error);
    current.samples.push(metrics);
    if (current.samples.length >= options.samplesBeforeLogging) {
      const aggregated = aggregateSamples(current.samples);
      current.samples = [];
      // A batch where every reader failed has nothing to log and takes no step.
      if (Object.keys(aggregated).length > 0) {
        const sample: SystemMetricsSample = {
          step,
          timestampMs: Date.now(),
          metrics: withPrefix(aggregated),
        };
        step += 1;
        try {
          await options.onMetrics(sample);
        } catch (cause) {
          report(
            new SystemMetricsError({
              source: 'onMetrics',
              message: `onMetrics threw for step ${sample.step} (${cause instanceof Error ? cause.message : String(cause)}); that batch is lost and sampling continues. Make onMetrics handle its own failures, e.g. by queueing the batch for retry.`,
              cause,
            }),
          );
        }
      }
    }
    if (session === current) schedule(current);
  };

  const stop = async (): Promise<void> => {
    const current = session;
    if (current !== undefined) {
      session = undefined;
      clearTimeout(current.timer);
      current.controller.abort();
      options.signal?.removeEventListener('abort', onAbort);
    }
    await settled;
  };

  const onAbort = (): void => {
    void stop();
  };

  return {
    start() {
      if (session !== undefined || options.signal?.aborted === true) return;
      const current: Session = { controller: new AbortController(), timer: undefined, samples: [] };
      session = current;
      options.signal?.addEventListener('abort', onAbort, { once: true });
      primeNetwork();
      try {
        collector.primeCpu(loopCpu);
      } catch {
        // The first sample reads /proc/stat again and reports the failure then.
        loopCpu.previous = undefined;
      }
      schedule(current);
    },

    stop,

    async sampleOnce() {
      primeNetwork();
      if (onceCpu.previous === undefined) {
        try {
          collector.primeCpu(onceCpu);
          await delay(firstCpuWindowMs);
        } catch {
          // Reported by the sample below, which reads /proc/stat again.
        }
      }
      const signal = options.signal ?? new AbortController().signal;
      const { metrics, errors } = await collector.collect(onceCpu, signal);
      for (const error of errors) report(error);
      return withPrefix(aggregateSamples([metrics]));
    },
  };
}
