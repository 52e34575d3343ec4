import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ConfigError, DagnosticsError } from '@dagnostics/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createSystemMetricsSampler,
  SystemMetricsError,
  type SystemMetricsSample,
  type SystemMetricsSamplerSettings,
  systemMetricNames,
} from './index';

const isLinux = process.platform === 'linux';
// Network counters are read from /proc/net/dev only; elsewhere those two names are absent.
const expectedNames = isLinux
  ? [...systemMetricNames]
  : systemMetricNames.filter((name) => !name.startsWith('network_'));

const started: { stop(): Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((sampler) => sampler.stop()));
});

/** A started sampler (GPUs off, so the machine's nvidia-smi cannot change the results). */
function startSampler(settings: Partial<SystemMetricsSamplerSettings> = {}) {
  const batches: SystemMetricsSample[] = [];
  const errors: SystemMetricsError[] = [];
  const sampler = createSystemMetricsSampler({
    gpu: false,
    onMetrics: (sample) => {
      batches.push(sample);
    },
    onError: (error) => errors.push(error),
    ...settings,
  });
  started.push(sampler);
  sampler.start();
  return { sampler, batches, errors };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function hasOneDecimalAtMost(value: number): boolean {
  return Math.abs(value * 10 - Math.round(value * 10)) < 1e-6;
}

describe('createSystemMetricsSampler', () => {
  it('calls onMetrics once per samplesBeforeLogging samples, steps 0, 1, 2, MLflow names', async () => {
    const startedAt = Date.now();
    const { batches } = startSampler({ intervalMs: 20, samplesBeforeLogging: 3 });
    await expect.poll(() => batches.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);

    expect(batches.slice(0, 3).map((batch) => batch.step)).toEqual([0, 1, 2]);
    // Three samples, each an interval after the previous one ended, make up a batch.
    expect((batches[0] as SystemMetricsSample).timestampMs - startedAt).toBeGreaterThanOrEqual(55);
    for (const [index, batch] of batches.entries()) {
      expect(Object.keys(batch.metrics)).toEqual(expectedNames.map((name) => `system/${name}`));
      expect(batch.timestampMs).toBeLessThanOrEqual(Date.now());
      if (index > 0) {
        expect(
          batch.timestampMs - (batches[index - 1] as SystemMetricsSample).timestampMs,
        ).toBeGreaterThanOrEqual(55);
      }
      for (const [key, value] of Object.entries(batch.metrics)) {
        expect(Number.isFinite(value), key).toBe(true);
        // Means are rounded to 0.1; the cumulative network totals are logged as they are.
        if (!key.includes('network_'))
          expect(hasOneDecimalAtMost(value), `${key}=${value}`).toBe(true);
      }
      const cpu = batch.metrics['system/cpu_utilization_percentage'] as number;
      expect(cpu).toBeGreaterThanOrEqual(0);
      expect(cpu).toBeLessThanOrEqual(100);
    }
  });

  it('starts at startStep and prefixes keys with the node id', async () => {
    const { batches } = startSampler({ intervalMs: 5, startStep: 41, nodeId: 'node-7' });
    await expect.poll(() => batches.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(batches.slice(0, 2).map((batch) => batch.step)).toEqual([41, 42]);
    expect(Object.keys((batches[0] as SystemMetricsSample).metrics)).toEqual(
      expectedNames.map((name) => `system/node-7/${name}`),
    );
  });

  it('stop() ends sampling and drops the samples of an unfinished batch', async () => {
    const { sampler, batches } = startSampler({ intervalMs: 5, samplesBeforeLogging: 1_000 });
    await sleep(100);
    await sampler.stop();
    await sleep(50);
    expect(batches).toEqual([]);

    const { sampler: second, batches: secondBatches } = startSampler({ intervalMs: 5 });
    await expect.poll(() => secondBatches.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await second.stop();
    const count = secondBatches.length;
    await sleep(100);
    expect(secondBatches.length).toBe(count);
  });

  it('start() after stop() carries on with the next step', async () => {
    const { sampler, batches } = startSampler({ intervalMs: 5 });
    await expect.poll(() => batches.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await sampler.stop();
    const count = batches.length;
    sampler.start();
    await expect.poll(() => batches.length, { timeout: 10_000 }).toBeGreaterThan(count);
    expect(batches.map((batch) => batch.step)).toEqual(batches.map((_, index) => index));
  });

  it('never overlaps: the next sample waits for a slow onMetrics, and stop() waits for it too', async () => {
    let running = 0;
    let mostAtOnce = 0;
    const finishedAt: number[] = [];
    const startedAt: number[] = [];
    const { sampler } = startSampler({
      intervalMs: 30,
      onMetrics: async () => {
        startedAt.push(performance.now());
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        await sleep(100);
        running -= 1;
        finishedAt.push(performance.now());
      },
    });
    await expect.poll(() => startedAt.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    await sampler.stop();
    expect(running).toBe(0);
    expect(finishedAt.length).toBe(startedAt.length);
    expect(mostAtOnce).toBe(1);
    for (let index = 1; index < startedAt.length; index += 1) {
      expect(
        (startedAt[index] as number) - (finishedAt[index - 1] as number),
      ).toBeGreaterThanOrEqual(25);
    }
  });

  it('stops when its signal aborts, and never starts on an aborted signal', async () => {
    const controller = new AbortController();
    const { batches } = startSampler({ intervalMs: 5, signal: controller.signal });
    await expect.poll(() => batches.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    controller.abort();
    await sleep(30);
    const count = batches.length;
    await sleep(100);
    expect(batches.length).toBe(count);

    const { batches: neverStarted } = startSampler({ intervalMs: 5, signal: controller.signal });
    await sleep(100);
    expect(neverStarted).toEqual([]);
  });

  it('reports a failing reader through onError and keeps sampling the others', async () => {
    const { batches, errors } = startSampler({ intervalMs: 5, diskPath: '/no/such/directory' });
    await expect.poll(() => batches.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(Object.keys((batches[1] as SystemMetricsSample).metrics)).toEqual(
      expectedNames.filter((name) => !name.startsWith('disk_')).map((name) => `system/${name}`),
    );
    expect(errors.length).toBeGreaterThanOrEqual(2);
    const [error] = errors as [SystemMetricsError];
    expect(SystemMetricsError.isInstance(error)).toBe(true);
    expect(error.source).toBe('disk');
    expect(error.isRetryable).toBe(true);
    expect(error.message).toContain('diskPath "/no/such/directory"');
    expect((error.cause as NodeJS.ErrnoException).code).toBe('ENOENT');
  });

  it('reports an onMetrics that throws and goes on with the next step', async () => {
    const steps: number[] = [];
    const { errors } = startSampler({
      intervalMs: 5,
      onMetrics: ({ step }) => {
        steps.push(step);
        if (step === 0) throw new Error('tracking server down');
      },
    });
    await expect.poll(() => steps.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(steps.slice(0, 2)).toEqual([0, 1]);
    expect(errors.map((error) => error.source)).toEqual(['onMetrics']);
    expect(errors[0]?.message).toContain('tracking server down');
  });

  it('sampleOnce() returns one sample as a batch of one would log it', async () => {
    const sampler = createSystemMetricsSampler({ gpu: false, nodeId: 'n1', onMetrics: () => {} });
    const metrics = await sampler.sampleOnce();
    expect(Object.keys(metrics)).toEqual(expectedNames.map((name) => `system/n1/${name}`));
    expect(metrics['system/n1/system_memory_usage_percentage']).toBeGreaterThan(0);
    expect(metrics['system/n1/system_memory_usage_percentage']).toBeLessThanOrEqual(100);
    expect(metrics['system/n1/disk_usage_megabytes']).toBeGreaterThan(0);
  });

  it('sees CPU utilization rise while a worker spins, and stays within 0–100 at rest', async () => {
    const sampler = createSystemMetricsSampler({ gpu: false, onMetrics: () => {} });
    const idle = (await sampler.sampleOnce())['system/cpu_utilization_percentage'] as number;
    expect(idle).toBeGreaterThanOrEqual(0);
    expect(idle).toBeLessThanOrEqual(100);

    const worker = new Worker(
      'const end = Date.now() + 600; let x = 0; while (Date.now() < end) x += Math.sqrt(x + 1);',
      { eval: true },
    );
    await new Promise((resolve) => worker.once('exit', resolve));
    const busy = (await sampler.sampleOnce())['system/cpu_utilization_percentage'] as number;
    expect(busy).toBeGreaterThan(0);
    expect(busy).toBeLessThanOrEqual(100);
  });

  describe('settings', () => {
    const variables = [
      'MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL',
      'MLFLOW_SYSTEM_METRICS_SAMPLES_BEFORE_LOGGING',
      'MLFLOW_SYSTEM_METRICS_NODE_ID',
    ] as const;
    afterEach(() => {
      for (const name of variables) delete process.env[name];
    });

    it("reads MLflow's environment variables (interval in seconds) when options leave them out", async () => {
      process.env.MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL = '0.02';
      process.env.MLFLOW_SYSTEM_METRICS_SAMPLES_BEFORE_LOGGING = '2';
      process.env.MLFLOW_SYSTEM_METRICS_NODE_ID = 'worker-3';
      const startedAt = Date.now();
      // With the 10 s default this would not log within the poll's timeout.
      const { batches } = startSampler();
      await expect.poll(() => batches.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
      const [first] = batches as [SystemMetricsSample];
      expect(first.timestampMs - startedAt).toBeGreaterThanOrEqual(35);
      expect(Object.keys(first.metrics).every((key) => key.startsWith('system/worker-3/'))).toBe(
        true,
      );

      const { batches: explicit } = startSampler({ nodeId: 'explicit', intervalMs: 5 });
      await expect.poll(() => explicit.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
      expect(Object.keys((explicit[0] as SystemMetricsSample).metrics)[0]).toMatch(
        /^system\/explicit\//,
      );
    });

    it('rejects invalid settings with a ConfigError naming the option or variable', () => {
      const onMetrics = () => {};
      const attempt = (settings: Partial<SystemMetricsSamplerSettings>) => {
        try {
          createSystemMetricsSampler({ onMetrics, ...settings });
        } catch (error) {
          return error;
        }
        throw new Error('expected a ConfigError');
      };
      const zeroInterval = attempt({ intervalMs: 0 });
      expect(ConfigError.isInstance(zeroInterval) && zeroInterval.option).toBe('intervalMs');
      const unknown = attempt({ intervalSeconds: 5 } as Partial<SystemMetricsSamplerSettings>);
      expect(ConfigError.isInstance(unknown) && unknown.message).toContain('intervalSeconds');
      const noCallback = attempt({ onMetrics: undefined as never });
      expect(ConfigError.isInstance(noCallback) && noCallback.option).toBe('onMetrics');

      process.env.MLFLOW_SYSTEM_METRICS_SAMPLES_BEFORE_LOGGING = 'three';
      const fromEnvironment = attempt({});
      expect(ConfigError.isInstance(fromEnvironment)).toBe(true);
      expect(fromEnvironment).toMatchObject({
        option: 'samplesBeforeLogging',
        envVar: 'MLFLOW_SYSTEM_METRICS_SAMPLES_BEFORE_LOGGING',
        source: 'env',
      });
    });
  });

  it('does not keep the process alive', () => {
    // A child that starts a sampler with a one-minute interval and never stops it must still
    // exit on its own once its work is done.
    const entry = fileURLToPath(new URL('./index.ts', import.meta.url));
    const script = `import { createSystemMetricsSampler } from ${JSON.stringify(entry)};
      const sampler = createSystemMetricsSampler({ intervalMs: 60_000, gpu: false, onMetrics() {} });
      sampler.start();
      console.log('started');`;
    const child = spawnSync(
      process.execPath,
      ['--conditions=@dagnostics/source', '--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    expect(child.error).toBeUndefined();
    expect(child.stderr).toBe('');
    expect(child.stdout.trim()).toBe('started');
    expect(child.status).toBe(0);
  });
});

describe('SystemMetricsError', () => {
  it('is recognised by its own isInstance and by its ancestors, not by siblings', () => {
    const error = new SystemMetricsError({ message: 'disk gone', source: 'disk' });
    expect(error.name).toBe('DagnosticsSystemMetricsError');
    expect(error.code).toBe('SYSTEM_METRICS_FAILED');
    expect(SystemMetricsError.isInstance(error)).toBe(true);
    expect(DagnosticsError.isInstance(error)).toBe(true);
    expect(ConfigError.isInstance(error)).toBe(false);
    const sibling = new ConfigError({ message: 'bad', option: 'intervalMs', source: 'option' });
    expect(SystemMetricsError.isInstance(sibling)).toBe(false);
    expect(SystemMetricsError.isInstance(new DagnosticsError({ message: 'base' }))).toBe(false);
    expect(SystemMetricsError.isInstance(new Error('plain'))).toBe(false);
  });
});
