import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidArgumentError } from '@dagnostics/core';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createMetricsHandler } from './metrics-handler';
import { createMonitorMetrics } from './monitor-metrics';

function line(text: string, prefix: string): string | undefined {
  return text.split('\n').find((candidate) => candidate.startsWith(prefix));
}

describe('createMonitorMetrics', () => {
  it('registers every family on the given registry only, with the prefix', async () => {
    const registry = new Registry();
    const metrics = createMonitorMetrics({ registry, prefix: 'app_' });
    const names = registry.getMetricsAsArray().map((metric) => metric.name);
    expect(names).toEqual(Object.values(metrics.names));
    expect(names.every((name) => name.startsWith('app_'))).toBe(true);
    expect(metrics.names.predictions).toBe('app_predictions_total');
  });

  it('rejects a prefix that cannot start a metric name', () => {
    const error = (() => {
      try {
        createMonitorMetrics({ registry: new Registry(), prefix: 'ml-ops:' });
      } catch (caught) {
        return caught;
      }
    })();
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ argument: 'prefix' });
  });

  it('refuses to export NaN scores and names the feature', () => {
    const metrics = createMonitorMetrics({ registry: new Registry() });
    expect(() =>
      metrics.recordColumnDrift({ model: 'm' }, [
        { feature: 'age', method: 'ks', score: Number.NaN, drift: false },
      ]),
    ).toThrow(/score of age is NaN/);
  });

  it('writes zeros for verdicts and keeps one reference hash per model', async () => {
    const registry = new Registry();
    const metrics = createMonitorMetrics({ registry });
    metrics.recordColumnDrift({ model: 'm' }, [
      { feature: 'age', method: 'wasserstein', score: 0.02, drift: false },
    ]);
    metrics.setReferenceInfo({ model: 'm', referenceHash: 'a' });
    metrics.setReferenceInfo({ model: 'm', referenceHash: 'b' });
    const text = await registry.metrics();
    expect(line(text, 'mlops_feature_drift_detected{')).toBe(
      'mlops_feature_drift_detected{model="m",feature="age",method="wasserstein"} 0',
    );
    // No p-value for a distance: the series is absent, not 0.
    expect(line(text, 'mlops_feature_drift_p_value{')).toBeUndefined();
    expect(text).toContain('mlops_reference_info{model="m",reference_hash="b"} 1');
    expect(text).not.toContain('reference_hash="a"');
  });

  it('times predictions and counts batches', async () => {
    const registry = new Registry();
    const metrics = createMonitorMetrics({ registry, latencyBuckets: [0.001, 10] });
    const stop = metrics.startPredictionTimer({ model: 'm', version: '1' });
    const seconds = stop();
    expect(seconds).toBeGreaterThan(0);
    metrics.observePrediction({ model: 'm', version: '1', count: 31 });
    const text = await registry.metrics();
    expect(text).toContain('mlops_predictions_total{model="m",version="1",outcome="success"} 32');
    expect(text).toContain(
      'mlops_prediction_latency_seconds_bucket{le="10",model="m",version="1"} 1',
    );
    expect(() => metrics.observePrediction({ model: 'm', count: -1 })).toThrow(/count/);
  });
});

describe('createMetricsHandler', () => {
  async function call(
    handler: ReturnType<typeof createMetricsHandler>,
    method: string,
    path: string,
  ): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
    const server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      return await new Promise((resolve, reject) => {
        const outgoing = request({ host: '127.0.0.1', port, method, path }, (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => {
            body += chunk.toString();
          });
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
          );
        });
        outgoing.on('error', reject);
        outgoing.end();
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }

  it('serves the registry on GET /metrics with its content type', async () => {
    const registry = new Registry();
    createMonitorMetrics({ registry }).recordDatasetDrift(
      { model: 'm' },
      { share: 0.5, drift: true },
    );
    const response = await call(createMetricsHandler(registry), 'GET', '/metrics?x=1');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe(registry.contentType);
    expect(response.body).toContain('mlops_dataset_drift_detected{model="m"} 1');
    const head = await call(createMetricsHandler(registry), 'HEAD', '/metrics');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('answers 404 on other paths, 405 on other methods and 500 when a collector fails', async () => {
    const registry = new Registry();
    const handler = createMetricsHandler(registry);
    expect((await call(handler, 'GET', '/')).status).toBe(404);
    const post = await call(handler, 'POST', '/metrics');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    const { Gauge } = await import('prom-client');
    new Gauge({
      name: 'broken',
      help: 'a collector that throws',
      registers: [registry],
      collect() {
        throw new Error('sensor offline');
      },
    });
    const failed = await call(handler, 'GET', '/metrics');
    expect(failed.status).toBe(500);
    expect(failed.body).toContain('sensor offline');
  });
});
