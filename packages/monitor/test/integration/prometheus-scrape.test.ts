import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findFreePorts } from '../../../../scripts/test-env/ports';
import { describeWithService } from '../../../../scripts/test-env/services';
import { createMetricsHandler, createMonitorMetrics } from '../../src/prometheus';

interface VectorSample {
  metric: Record<string, string>;
  value: [number, string];
}

/** Runs an instant PromQL query and returns the vector's samples. */
async function query(baseUrl: string, promql: string): Promise<VectorSample[]> {
  const response = await fetch(`${baseUrl}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await response.json()) as {
    status: string;
    data: { resultType: string; result: VectorSample[] };
  };
  expect(body.status).toBe('success');
  return body.data.result;
}

/** Polls `promql` until it returns at least one sample (a scrape has landed), up to 30 s. */
async function waitForSamples(baseUrl: string, promql: string): Promise<VectorSample[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const samples = await query(baseUrl, promql).catch(() => []);
    if (samples.length > 0) return samples;
    if (Date.now() > deadline) throw new Error(`no samples for ${promql} after 30 s`);
    await sleep(250);
  }
}

describeWithService('prometheus', 'a real Prometheus scraping the /metrics handler', (prom) => {
  const registry = new Registry();
  const metrics = createMonitorMetrics({ registry });
  let app: Server;
  let prometheus: ChildProcess | undefined;
  let prometheusLog = '';
  let folder: string;
  let baseUrl: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'dagnostics-prometheus-'));
    app = createServer(createMetricsHandler(registry));
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    const appPort = (app.address() as AddressInfo).port;

    metrics.recordColumnDrift({ model: 'log-classifier' }, [
      { feature: 'message_length', method: 'ks', score: 0.0125, pValue: 0.0125, drift: true },
      { feature: 'operator', method: 'chisquare', score: 0.41, pValue: 0.41, drift: false },
      { feature: 'duration_s', method: 'wasserstein', score: 0.07, drift: false },
    ]);
    metrics.recordDatasetDrift({ model: 'log-classifier' }, { share: 1 / 3, drift: false });
    metrics.observePrediction({ model: 'log-classifier', version: '3', latencySeconds: 0.012 });
    metrics.observePrediction({
      model: 'log-classifier',
      version: '3',
      outcome: 'error',
      latencySeconds: 0.5,
    });
    metrics.recordConceptDrift(
      { model: 'log-classifier', detector: 'adwin' },
      {
        drift: false,
        warning: false,
      },
    );
    metrics.recordEstimatedPerformance(
      { model: 'log-classifier', metric: 'roc_auc' },
      { value: 0.91, lower: 0.88, upper: 0.94 },
    );
    metrics.setReferenceInfo({ model: 'log-classifier', referenceHash: 'md5-0123abcd' });

    const config = join(folder, 'prometheus.yml');
    await writeFile(
      config,
      [
        'global:',
        '  scrape_interval: 1s',
        '  evaluation_interval: 1s',
        'scrape_configs:',
        '  - job_name: dagnostics',
        '    metrics_path: /metrics',
        '    static_configs:',
        `      - targets: ['127.0.0.1:${appPort}']`,
        '',
      ].join('\n'),
    );
    for (let attempt = 1; ; attempt++) {
      const [port] = await findFreePorts(1);
      baseUrl = `http://127.0.0.1:${port}`;
      prometheusLog = '';
      const child = spawn(
        prom.binary,
        [
          `--config.file=${config}`,
          `--storage.tsdb.path=${join(folder, `data-${attempt}`)}`,
          `--web.listen-address=127.0.0.1:${port}`,
          '--log.level=warn',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      prometheus = child;
      child.stdout?.on('data', (chunk: Buffer) => {
        prometheusLog += chunk.toString();
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        prometheusLog += chunk.toString();
      });
      const exited = new Promise<'exited'>((resolve) =>
        child.once('exit', () => resolve('exited')),
      );
      const ready = (async () => {
        const deadline = Date.now() + 30_000;
        while (Date.now() < deadline) {
          const ok = await fetch(`${baseUrl}/-/ready`).then(
            (response) => response.ok,
            () => false,
          );
          if (ok) return 'ready' as const;
          await sleep(200);
        }
        return 'timeout' as const;
      })();
      const outcome = await Promise.race([ready, exited]);
      if (outcome === 'ready') return;
      child.kill('SIGKILL');
      if (attempt >= 3 || !prometheusLog.includes('address already in use')) {
        throw new Error(`prometheus did not become ready (${outcome}):\n${prometheusLog}`);
      }
    }
  }, 60_000);

  afterAll(async () => {
    if (prometheus !== undefined && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus?.once('exit', resolve));
      prometheus.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000)]);
      if (prometheus.exitCode === null) prometheus.kill('SIGKILL');
    }
    await new Promise((resolve) => app?.close(resolve));
    await rm(folder, { recursive: true, force: true });
  });

  it('scrapes the target as healthy and returns the drift gauge to a PromQL query', async () => {
    const up = await waitForSamples(baseUrl, 'up{job="dagnostics"} == 1');
    expect(up).toHaveLength(1);

    const drift = await waitForSamples(
      baseUrl,
      'mlops_feature_drift_score{model="log-classifier"}',
    );
    const byFeature = Object.fromEntries(
      drift.map((sample) => [sample.metric.feature, Number(sample.value[1])]),
    );
    expect(byFeature).toEqual({ message_length: 0.0125, operator: 0.41, duration_s: 0.07 });
    expect(
      drift.find((sample) => sample.metric.feature === 'message_length')?.metric,
    ).toMatchObject({ method: 'ks', job: 'dagnostics' });

    const drifted = await query(baseUrl, 'mlops_feature_drift_detected == 1');
    expect(drifted.map((sample) => sample.metric.feature)).toEqual(['message_length']);
    const share = await query(baseUrl, 'mlops_dataset_drift_share_ratio');
    expect(Number(share[0]?.value[1])).toBeCloseTo(1 / 3, 12);
  });

  it('exports counters, histograms and zeros that PromQL can aggregate', async () => {
    const errors = await waitForSamples(
      baseUrl,
      'sum by (outcome) (mlops_predictions_total{model="log-classifier"})',
    );
    expect(
      Object.fromEntries(errors.map((sample) => [sample.metric.outcome, Number(sample.value[1])])),
    ).toEqual({ success: 1, error: 1 });
    const slow = await query(
      baseUrl,
      'sum(mlops_prediction_latency_seconds_bucket{le="0.25"}) / sum(mlops_prediction_latency_seconds_count)',
    );
    expect(Number(slow[0]?.value[1])).toBe(0.5);
    // A detector that never fired is exported as 0, so `== 0` alerts can resolve.
    const detections = await query(baseUrl, 'mlops_concept_drift_detections_total');
    expect(detections.map((sample) => Number(sample.value[1]))).toEqual([0]);
    const band = await query(
      baseUrl,
      'mlops_estimated_performance_upper - mlops_estimated_performance_lower',
    );
    expect(Number(band[0]?.value[1])).toBeCloseTo(0.06, 12);
  });

  it('passes promtool check metrics (Prometheus naming lint) with no problem', async () => {
    const promtool = join(dirname(prom.binary), 'promtool');
    const exposition = await registry.metrics();
    const child = execFile(promtool, ['check', 'metrics']);
    child.stdin?.end(exposition);
    const output = await new Promise<{ code: number | null; text: string }>((resolve) => {
      let text = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      child.on('close', (code) => resolve({ code, text }));
    });
    expect(output.text.trim()).toBe('');
    expect(output.code).toBe(0);
  });
});
