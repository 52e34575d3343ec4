// Canary rollouts against real services: an MLflow server (SQLite store) holds the
// rollout state in aliases and tags, and a real Prometheus scrapes a tiny exporter that
// stands in for the model servers. One canary stays healthy and is promoted; the other's
// success ratio drops mid-rollout and the controller rolls it back by itself. The rollback
// time (failing measurement → aliases visible on the server) is printed for the README.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTracker, type Run, type Tracker } from '@dagnostics/tracking';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type PrometheusServer,
  startPrometheus,
} from '../../../../scripts/test-env/prometheus-server';
import { describeWithServices } from '../../../../scripts/test-env/services';
import { createRegistryClient, type RegistryClient } from '../../src/client';
import {
  type AnalysisSpec,
  createRolloutController,
  prometheusProvider,
  type RolloutAuditSink,
  readRolloutState,
  rolloutTags,
} from '../../src/deploy';
import { type MetricsExporter, startMetricsExporter } from './fixtures/metrics-exporter';

describeWithServices(
  ['mlflow-sqlite', 'prometheus'] as const,
  'canary rollouts with MLflow aliases and Prometheus analysis',
  (services) => {
    const model = `canary-${randomUUID().slice(0, 8)}`;
    let scratch: string;
    let exporter: MetricsExporter;
    let prometheus: PrometheusServer;
    let tracker: Tracker;
    let run: Run;
    let registry: RegistryClient;
    /** A second client, as a serving replica would have, to read what the server shows. */
    let replica: RegistryClient;
    const audit: Parameters<RolloutAuditSink['append']>[0][] = [];

    const successRatio = (version: string, count: number): AnalysisSpec => ({
      metrics: [
        {
          name: 'success-ratio',
          provider: prometheusProvider({
            url: prometheus.url,
            query: `dagnostics_canary_success_ratio{model="${model}",version="${version}"}`,
          }),
          successCondition: 'result >= 0.95',
          failureCondition: 'result < 0.9 || isNaN(result)',
          intervalMs: 500,
          count,
        },
      ],
    });

    beforeAll(async () => {
      scratch = await mkdtemp(join(tmpdir(), 'dagnostics-canary-'));
      exporter = await startMetricsExporter();
      for (const version of ['1', '2', '3']) exporter.set(model, version, 0.99);
      prometheus = await startPrometheus(services.prometheus.binary, [exporter.target], {
        jobName: 'canary',
      });
      tracker = createTracker({
        trackingUri: services['mlflow-sqlite'].uri,
        localDir: join(scratch, 'journal'),
        handleSignals: false,
      });
      run = await tracker.startRun({ experimentName: `${model}-experiment` });
      registry = createRegistryClient({ trackingUri: services['mlflow-sqlite'].uri });
      replica = createRegistryClient({ trackingUri: services['mlflow-sqlite'].uri });
      await registry.createRegisteredModel(model);
      for (let index = 0; index < 3; index++) {
        const version = await registry.createModelVersion(model, `runs:/${run.id}/model-${index}`, {
          runId: run.id,
        });
        await registry.waitForModelVersion(model, version.version, { pollIntervalMs: 50 });
      }
      await registry.setAlias(model, 'champion', '1');
      // Wait until Prometheus has scraped the exporter once, so the first measurement has data.
      const probe = prometheusProvider({
        url: prometheus.url,
        query: `dagnostics_canary_success_ratio{model="${model}",version="3"}`,
      });
      const deadline = Date.now() + 30_000;
      for (;;) {
        const value = await probe
          .measure({ signal: AbortSignal.timeout(5000) })
          .catch(() => undefined);
        if (value === 0.99) break;
        if (Date.now() > deadline) throw new Error('Prometheus never scraped the exporter');
        await sleep(200);
      }
    }, 90_000);

    afterAll(async () => {
      await registry?.close();
      await replica?.close();
      await tracker?.close();
      await prometheus?.stop();
      await exporter?.close();
      await rm(scratch, { recursive: true, force: true });
    });

    it('promotes a healthy canary: champion → 2, previous → 1, no challenger, weight 0', async () => {
      const controller = createRolloutController({
        registry,
        modelName: model,
        audit: { append: async (entry) => audit.push(entry) },
      });
      const weightsSeen: number[] = [];
      const report = await controller.runCanary(
        {
          version: '2',
          steps: [
            { setWeight: 20 },
            { analysis: successRatio('2', 3) },
            { setWeight: 50 },
            { analysis: successRatio('2', 3) },
          ],
        },
        {
          onStep: (step) => {
            if (step.kind === 'setWeight') weightsSeen.push(step.weight ?? -1);
          },
        },
      );
      expect(report.phase).toBe('Promoted');
      expect(weightsSeen).toEqual([20, 50]);
      const analyses = report.steps.filter((step) => step.kind === 'analysis');
      expect(analyses.map((step) => step.analysis?.phase)).toEqual(['Successful', 'Successful']);
      expect(analyses[0]?.analysis?.metrics[0]?.measurements.map((m) => m.value)).toEqual([
        0.99, 0.99, 0.99,
      ]);

      const onServer = await replica.getRegisteredModel(model);
      expect(onServer.aliases).toEqual({ champion: '2', previous: '1' });
      expect(onServer.tags[rolloutTags.weight]).toBe('0');
      expect(JSON.parse(onServer.tags[rolloutTags.state] ?? '{}')).toMatchObject({
        phase: 'Promoted',
        strategy: 'canary',
        version: '2',
        stepIndex: 4,
      });
      expect((await replica.getVersionByAlias(model, 'champion'))?.version).toBe('2');
      expect(audit.map((entry) => entry.action)).toEqual([
        'rollout.canary.start',
        'rollout.set-weight',
        'rollout.analysis',
        'rollout.set-weight',
        'rollout.analysis',
        'rollout.promote',
      ]);
    }, 60_000);

    it('rolls back a canary whose success ratio drops mid-rollout, by itself, in seconds', async () => {
      const controller = createRolloutController({ registry, modelName: model, confirmPollMs: 20 });
      let degradedAt = 0;
      const report = await controller.runCanary(
        {
          version: '3',
          steps: [
            { setWeight: 20 },
            { analysis: successRatio('3', 2) },
            { setWeight: 50 },
            { analysis: successRatio('3', 20) },
            { setWeight: 100 },
          ],
        },
        {
          onStep: (step) => {
            if (step.kind === 'setWeight' && step.weight === 50) {
              exporter.set(model, '3', 0.4);
              degradedAt = Date.now();
            }
          },
        },
      );
      const weightWhileDegrading = report.steps.find((step) => step.index === 2)?.weight;
      expect(weightWhileDegrading).toBe(50);
      expect(report.phase).toBe('RolledBack');
      expect(report.reason).toMatch(/analysis at step 3 Failed \(success-ratio\)/);
      expect(report.steps.map((step) => step.kind)).toEqual([
        'setWeight',
        'analysis',
        'setWeight',
        'analysis',
        'rollback',
      ]);
      const failing = report.steps[3]?.analysis?.metrics[0];
      expect(failing?.phase).toBe('Failed');
      expect(failing?.measurements.at(-1)).toMatchObject({ phase: 'Failed', value: 0.4 });
      expect(failing?.count).toBeLessThan(20);

      const onServer = await replica.getRegisteredModel(model);
      expect(onServer.aliases).toEqual({ champion: '2', previous: '1' });
      expect(onServer.tags[rolloutTags.weight]).toBe('0');
      expect(JSON.parse(onServer.tags[rolloutTags.state] ?? '{}')).toMatchObject({
        phase: 'RolledBack',
        version: '3',
        stepIndex: 3,
      });
      expect(await readRolloutState(replica, model)).toMatchObject({
        champion: '2',
        challenger: undefined,
        weight: 0,
      });

      const rollback = report.rollback;
      expect(rollback?.trigger).toBe('analysis');
      expect(rollback?.champion).toBe('2');
      const endToEndMs = (rollback?.visibleAt ?? 0) - degradedAt;
      console.log(
        `[canary] rollback: ${rollback?.durationMs} ms from the failing measurement to the aliases visible on MLflow; ` +
          `${endToEndMs} ms from the metric degrading (exporter) to the rollback visible (incl. Prometheus scrape)`,
      );
      expect(rollback?.durationMs).toBeGreaterThanOrEqual(0);
      expect(rollback?.durationMs).toBeLessThan(10_000);
      expect(endToEndMs).toBeLessThan(120_000);
    }, 90_000);
  },
);
