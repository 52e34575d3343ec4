import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type PrometheusServer,
  startPrometheus,
} from '../../../../scripts/test-env/prometheus-server';
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
  let prometheus: PrometheusServer | undefined;
  let baseUrl: string;

  beforeAll(async () => {
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

    prometheus = await startPrometheus(prom.binary, [`127.0.0.1:${appPort}`]);
    baseUrl = prometheus.url;
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    await new Promise((resolve) => app?.close(resolve));
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
