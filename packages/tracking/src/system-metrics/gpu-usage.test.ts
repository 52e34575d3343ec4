// GPU metrics through the public sampler with a stand-in `nvidia-smi` first on the PATH: no
// real GPU is available where these tests run. The stand-in checks it was asked for the fields
// we parse and prints what nvidia-smi prints for them; mlflow-parity.test.ts checks that those
// numbers become what MLflow's GPUMonitor logs.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createSystemMetricsSampler,
  type SystemMetricsError,
  type SystemMetricsSample,
} from './index';

const expectedArguments =
  '--query-gpu=index,memory.total,memory.free,utilization.gpu,power.draw,enforced.power.limit --format=csv,noheader,nounits';

let directory: string;
const originalPath = process.env.PATH;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'dagnostics-nvidia-smi-'));
});

afterEach(() => {
  process.env.PATH = originalPath;
  rmSync(directory, { recursive: true, force: true });
});

/**
 * Installs `nvidia-smi` in the test directory, first on the PATH. Call n (from 0) prints
 * `outputs[n]` (the last one once they run out); `behaviour` may replace that for some calls.
 */
function installStandIn(outputs: string[], behaviour = ''): void {
  outputs.forEach((output, index) => {
    writeFileSync(join(directory, `output-${index}.csv`), `${output}\n`);
  });
  const last = outputs.length - 1;
  const script = `#!/bin/sh
if [ "$*" != "${expectedArguments}" ]; then echo "unexpected arguments: $*" >&2; exit 2; fi
dir=$(dirname "$0")
call=$(cat "$dir/calls" 2>/dev/null || echo 0)
echo $((call + 1)) > "$dir/calls"
${behaviour}
file="$dir/output-$call.csv"
[ -f "$file" ] || file="$dir/output-${last}.csv"
cat "$file"
`;
  const path = join(directory, 'nvidia-smi');
  writeFileSync(path, script);
  chmodSync(path, 0o755);
  process.env.PATH = `${directory}${delimiter}${originalPath}`;
}

function callCount(): number {
  const path = join(directory, 'calls');
  return existsSync(path) ? Number(readFileSync(path, 'utf8')) : 0;
}

function gpuKeys(metrics: Record<string, number>): string[] {
  return Object.keys(metrics).filter((key) => key.includes('/gpu_'));
}

// Two GPUs of 1000 MiB; GPU 1 cannot report power, as on many consumer cards.
const gpuLine = (index: number, freeMiB: number, utilization: number, powerWatts: string) =>
  `${index}, 1000, ${freeMiB}, ${utilization}, ${powerWatts}, 400.00`;
const threeSamples = [
  [gpuLine(0, 750, 10, '100.00'), gpuLine(1, 900, 0, '[N/A]')].join('\n'),
  [gpuLine(0, 500, 20, '150.00'), gpuLine(1, 900, 0, '[N/A]')].join('\n'),
  [gpuLine(0, 250, 31, '200.55'), gpuLine(1, 900, 0, '[N/A]')].join('\n'),
];

describe('GPU metrics from nvidia-smi', () => {
  it('logs the mean of samplesBeforeLogging samples under MLflow per-GPU names', async () => {
    installStandIn(threeSamples);
    const batches: SystemMetricsSample[] = [];
    const callsAtBatch: number[] = [];
    const sampler = createSystemMetricsSampler({
      intervalMs: 5,
      samplesBeforeLogging: 3,
      onMetrics: (sample) => {
        batches.push(sample);
        callsAtBatch.push(callCount());
      },
    });
    sampler.start();
    await expect.poll(() => batches.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await sampler.stop();

    const [first] = batches as [SystemMetricsSample];
    expect(first.step).toBe(0);
    expect(callsAtBatch[0]).toBe(3);
    const gpu = Object.fromEntries(gpuKeys(first.metrics).map((key) => [key, first.metrics[key]]));
    expect(gpu).toEqual({
      // used = total − free: 250, 500, 750 MiB → 25, 50, 75 %.
      'system/gpu_0_memory_usage_percentage': 50,
      // 250, 500, 750 MiB in MB of 10^6 bytes: 262.144, 524.288, 786.432.
      'system/gpu_0_memory_usage_megabytes': 524.3,
      'system/gpu_0_utilization_percentage': 20.3,
      'system/gpu_0_power_usage_watts': 150.2,
      // 25, 37.5, 50.1375 % of the 400 W enforced limit.
      'system/gpu_0_power_usage_percentage': 37.5,
      'system/gpu_1_memory_usage_percentage': 10,
      'system/gpu_1_memory_usage_megabytes': 104.9,
      'system/gpu_1_utilization_percentage': 0,
    });
  });

  it('reports no GPU metrics and no error when nvidia-smi is not installed', async () => {
    process.env.PATH = directory;
    const errors: SystemMetricsError[] = [];
    const sampler = createSystemMetricsSampler({
      onMetrics: () => {},
      onError: (error) => errors.push(error),
    });
    const metrics = await sampler.sampleOnce();
    expect(gpuKeys(metrics)).toEqual([]);
    expect(errors).toEqual([]);
    expect(metrics['system/disk_usage_percentage']).toBeTypeOf('number');
  });

  it('stops asking once nvidia-smi fails on its first run (no driver), like a failed NVML init', async () => {
    installStandIn(
      [''],
      `echo "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver."; exit 9`,
    );
    const errors: SystemMetricsError[] = [];
    const sampler = createSystemMetricsSampler({
      onMetrics: () => {},
      onError: (error) => errors.push(error),
    });
    expect(gpuKeys(await sampler.sampleOnce())).toEqual([]);
    expect(gpuKeys(await sampler.sampleOnce())).toEqual([]);
    expect(callCount()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('reports a failure after a success and keeps the other metrics and later GPU samples', async () => {
    installStandIn(threeSamples, `[ "$call" = 1 ] && { echo "GPU is lost" >&2; exit 15; }`);
    const errors: SystemMetricsError[] = [];
    const sampler = createSystemMetricsSampler({
      onMetrics: () => {},
      onError: (error) => errors.push(error),
    });
    expect(gpuKeys(await sampler.sampleOnce())).toHaveLength(8);
    const afterFailure = await sampler.sampleOnce();
    expect(gpuKeys(afterFailure)).toEqual([]);
    expect(afterFailure['system/disk_usage_percentage']).toBeTypeOf('number');
    expect(errors.map((error) => [error.source, error.isRetryable])).toEqual([['gpu', true]]);
    expect(errors[0]?.message).toBe(
      'nvidia-smi failed (exit code 15: GPU is lost); this sample has no GPU metrics. Run nvidia-smi by hand to see why, or pass gpu: false to stop reading GPUs.',
    );
    expect(gpuKeys(await sampler.sampleOnce())).toHaveLength(8);
  });

  it('kills an nvidia-smi that hangs after gpuTimeoutMs, reports it, and tries again next sample', async () => {
    installStandIn(threeSamples, 'exec sleep 30');
    const errors: SystemMetricsError[] = [];
    const sampler = createSystemMetricsSampler({
      gpuTimeoutMs: 200,
      onMetrics: () => {},
      onError: (error) => errors.push(error),
    });
    const startedAt = performance.now();
    expect(gpuKeys(await sampler.sampleOnce())).toEqual([]);
    expect(performance.now() - startedAt).toBeLessThan(5_000);
    expect(errors.map((error) => error.source)).toEqual(['gpu']);
    expect(errors[0]?.message).toMatch(/within 200 ms.*gpuTimeoutMs/);
    await sampler.sampleOnce();
    expect(callCount()).toBe(2);
  });

  it('stop() kills a running nvidia-smi instead of waiting for it', async () => {
    installStandIn(threeSamples, 'exec sleep 30');
    const errors: SystemMetricsError[] = [];
    const sampler = createSystemMetricsSampler({
      intervalMs: 5,
      gpuTimeoutMs: 60_000,
      onMetrics: () => {},
      onError: (error) => errors.push(error),
    });
    sampler.start();
    await expect.poll(callCount, { timeout: 10_000 }).toBe(1);
    const stoppingAt = performance.now();
    await sampler.stop();
    expect(performance.now() - stoppingAt).toBeLessThan(2_000);
    expect(errors).toEqual([]);
  });

  it('never runs nvidia-smi with gpu: false', async () => {
    installStandIn(threeSamples);
    const sampler = createSystemMetricsSampler({ gpu: false, onMetrics: () => {} });
    expect(gpuKeys(await sampler.sampleOnce())).toEqual([]);
    expect(callCount()).toBe(0);
  });
});
