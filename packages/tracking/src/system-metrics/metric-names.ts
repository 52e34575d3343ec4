/**
 * The names MLflow's system-metrics monitor logs (after the `system/` prefix), in the order
 * it collects them: CPU and memory (`CPUMonitor`), disk (`DiskMonitor`), network
 * (`NetworkMonitor`). GPUs add the five names of {@link gpuMetricNames} per device.
 *
 * Units: `_percentage` is 0–100, `_megabytes` is 10^6 bytes (as MLflow divides by 1e6),
 * network values are cumulative since the sampler started.
 */
export const systemMetricNames = [
  'cpu_utilization_percentage',
  'system_memory_usage_megabytes',
  'system_memory_usage_percentage',
  'disk_usage_percentage',
  'disk_usage_megabytes',
  'disk_available_megabytes',
  'network_receive_megabytes',
  'network_transmit_megabytes',
] as const;

/** One of {@link systemMetricNames}. */
export type SystemMetricName = (typeof systemMetricNames)[number];

/**
 * Network metrics are cumulative counters: MLflow logs the latest value of a batch rather
 * than its mean, and does not round it.
 */
export const cumulativeMetricNames: ReadonlySet<string> = new Set<SystemMetricName>([
  'network_receive_megabytes',
  'network_transmit_megabytes',
]);

/**
 * The names MLflow's `GPUMonitor` logs for the GPU with NVML index `index`: memory used
 * (percent of total, and MB = 10^6 bytes), utilization (percent), power (watts, and percent
 * of the enforced power limit).
 */
export function gpuMetricNames(index: number) {
  return {
    memoryPercentage: `gpu_${index}_memory_usage_percentage`,
    memoryMegabytes: `gpu_${index}_memory_usage_megabytes`,
    utilizationPercentage: `gpu_${index}_utilization_percentage`,
    powerWatts: `gpu_${index}_power_usage_watts`,
    powerPercentage: `gpu_${index}_power_usage_percentage`,
  } as const;
}
