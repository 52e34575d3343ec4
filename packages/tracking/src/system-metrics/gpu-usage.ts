import { execFile } from 'node:child_process';
import type { MetricValues } from './aggregate-samples';
import { gpuMetricNames } from './metric-names';
import { roundLikePython } from './python-round';

/**
 * The `nvidia-smi` query behind the GPU metrics. MLflow reads NVML through pynvml; these
 * fields are the ones that give NVML's numbers:
 * - `memory.total`, `memory.free` (MiB): pynvml's default `nvmlDeviceGetMemoryInfo` (v1)
 *   counts driver-reserved memory as used, so used = total − free. `memory.used` on recent
 *   drivers leaves the reserved part out (hundreds of MiB on an idle data-centre GPU) and
 *   would not match.
 * - `utilization.gpu` (%): `nvmlDeviceGetUtilizationRates().gpu`.
 * - `power.draw`, `enforced.power.limit` (W): `nvmlDeviceGetPowerUsage` and
 *   `nvmlDeviceGetEnforcedPowerLimit`, which MLflow divides by. `power.limit` is the limit set
 *   in software, which other limiters can lower.
 */
export const nvidiaSmiArguments = [
  '--query-gpu=index,memory.total,memory.free,utilization.gpu,power.draw,enforced.power.limit',
  '--format=csv,noheader,nounits',
] as const;

const bytesPerMebibyte = 1024 * 1024;

/**
 * Turns `nvidia-smi` CSV output (see {@link nvidiaSmiArguments}) into MLflow's per-GPU
 * metrics, as `GPUMonitor.collect_metrics` computes them from NVML: memory percent rounded to
 * 0.1 per sample, memory MB = bytes / 10^6, utilization in percent, power in watts and in
 * percent of the enforced limit. A field nvidia-smi cannot give (`[N/A]`, `[Not Supported]`)
 * drops its group (memory, utilization or power), as an NVML error does in MLflow.
 * nvidia-smi prints whole MiB and power to 0.01 W, so values can differ from NVML's in
 * those last digits.
 */
export function parseNvidiaSmiOutput(output: string): MetricValues {
  const metrics: MetricValues = {};
  for (const line of output.split('\n')) {
    if (line.trim() === '') continue;
    const [index, memoryTotal, memoryFree, utilization, powerDraw, powerLimit] = line
      .split(',')
      .map(parseField);
    if (index === undefined || !Number.isInteger(index)) {
      throw new Error(`unexpected nvidia-smi line: ${line}`);
    }
    const names = gpuMetricNames(index);
    if (isFiniteNumber(memoryTotal) && isFiniteNumber(memoryFree) && memoryTotal > 0) {
      const usedBytes = (memoryTotal - memoryFree) * bytesPerMebibyte;
      const totalBytes = memoryTotal * bytesPerMebibyte;
      metrics[names.memoryPercentage] = roundLikePython((usedBytes / totalBytes) * 100);
      metrics[names.memoryMegabytes] = usedBytes / 1e6;
    }
    if (isFiniteNumber(utilization)) metrics[names.utilizationPercentage] = utilization;
    if (isFiniteNumber(powerDraw) && isFiniteNumber(powerLimit) && powerLimit > 0) {
      metrics[names.powerWatts] = powerDraw;
      metrics[names.powerPercentage] = (powerDraw / powerLimit) * 100;
    }
  }
  return metrics;
}

/** Why reading the GPUs gave nothing. */
export interface NvidiaSmiFailure {
  /**
   * `missing`: no `nvidia-smi` on the PATH (a machine without NVIDIA GPUs); `failed`: it ran
   * and exited non-zero (no devices, driver not loaded, ...); `timed-out`: it ran past the
   * timeout or the read was aborted.
   */
  kind: 'missing' | 'failed' | 'timed-out';
  /** One line for a message: the exit code and the first line nvidia-smi wrote, when it ran. */
  detail: string;
  /** The error from `child_process.execFile`. */
  cause: unknown;
}

/**
 * Runs `nvidia-smi` once and returns its stdout, or the reason it gave none. The child is
 * killed after `timeoutMs` or when `signal` aborts.
 */
export function runNvidiaSmi(options: {
  timeoutMs: number;
  signal: AbortSignal;
}): Promise<{ output: string } | { failure: NvidiaSmiFailure }> {
  return new Promise((resolve) => {
    execFile(
      'nvidia-smi',
      nvidiaSmiArguments,
      {
        timeout: options.timeoutMs,
        signal: options.signal,
        windowsHide: true,
        maxBuffer: 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve({ output: stdout.toString() });
          return;
        }
        const details = error as NodeJS.ErrnoException & { killed?: boolean };
        const fail = (kind: NvidiaSmiFailure['kind'], detail: string) =>
          resolve({ failure: { kind, detail, cause: error } });
        if (details.code === 'ENOENT') fail('missing', 'not found on the PATH');
        else if (details.killed === true || details.name === 'AbortError')
          fail('timed-out', 'killed');
        else {
          const said = `${stderr}\n${stdout}`.trim().split('\n', 1)[0] ?? '';
          fail('failed', `exit code ${String(details.code)}${said === '' ? '' : `: ${said}`}`);
        }
      },
    );
  });
}

// `[N/A]` and `[Not Supported]` become NaN; so does an empty field, which Number() reads as 0.
function parseField(field: string): number {
  const trimmed = field.trim();
  return trimmed === '' ? Number.NaN : Number(trimmed);
}

function isFiniteNumber(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value);
}
