import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTracker, type RunRecord } from '@dagnostics/tracking';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithService } from '../../../../scripts/test-env/services';
import { createStudy, NopPruner, RandomSampler, TrialPrunedError } from '../../src';
import { createMlflowStudyLogger } from '../../src/mlflow';

describeWithService('mlflow-sqlite', 'a study logged to MLflow (SQLite)', (mlflow) => {
  let localDir: string;
  beforeAll(async () => {
    localDir = await mkdtemp(join(tmpdir(), 'tune-mlflow-'));
  });
  afterAll(async () => {
    await rm(localDir, { recursive: true, force: true });
  });

  it('is a parent run with one child run per trial: params, intermediate and final values, tags', async () => {
    const experimentName = `tune-${randomUUID()}`;
    const tracker = createTracker({ trackingUri: mlflow.uri, localDir, handleSignals: false });
    try {
      const study = await createStudy({
        studyName: 'log-classifier-search',
        sampler: new RandomSampler({ seed: 4 }),
        pruner: new NopPruner(),
      });
      const logger = await createMlflowStudyLogger(study, { tracker, experimentName });
      await study.optimize(
        async (trial) => {
          const rate = trial.suggestFloat('rate', 1e-4, 1e-1, { log: true });
          const kind = trial.suggestCategorical('kind', ['cnn', 'rnn', null]);
          trial.setUserAttr('owner', 'tuning-team');
          for (let step = 0; step < 3; step++) await trial.report(rate * (3 - step), step);
          if (trial.number === 2) throw new TrialPrunedError();
          if (trial.number === 3) throw new Error('out of memory');
          return rate + (kind === 'cnn' ? 0 : 1);
        },
        { nTrials: 5, callbacks: [logger.callback] },
      );
      await logger.end();

      const runs: RunRecord[] = [];
      for await (const run of tracker.searchRuns({ experimentNames: [experimentName] })) {
        runs.push(run);
      }
      const parent = runs.find((run) => run.info.runId === logger.parentRun.id) as RunRecord;
      const children = runs
        .filter((run) => run.data.tags['mlflow.parentRunId'] === logger.parentRun.id)
        .sort((a, b) => Number(a.data.tags.number) - Number(b.data.tags.number));
      expect(runs).toHaveLength(6);
      expect(children).toHaveLength(5);
      expect(parent.info.runName).toBe('log-classifier-search');
      expect(parent.info.status).toBe('FINISHED');

      const trials = await study.trials;
      const best = await study.bestTrial;
      expect(parent.data.metrics.find((metric) => metric.key === 'best_value')?.value).toBe(
        best.values?.[0],
      );
      expect(parent.data.tags.best_trial).toBe(String(best.number));
      expect(parent.data.tags['best.rate']).toBe(JSON.stringify(best.params.rate));

      for (const child of children) {
        const trial = trials[Number(child.data.tags.number)];
        if (trial === undefined) throw new Error('no trial for child run');
        expect(child.info.runName).toBe(`trial-${trial.number}`);
        expect(child.data.tags.state).toBe(trial.state);
        expect(child.data.tags.owner).toBe('tuning-team');
        expect(child.data.tags.rate_distribution).toBe(
          '{"name": "FloatDistribution", "attributes": {"step": null, "low": 0.0001, "high": 0.1, "log": true}}',
        );
        expect(child.data.params.rate).toBe(String(trial.params.rate));
        expect(child.data.params.kind).toBe(
          trial.params.kind === null ? 'None' : trial.params.kind,
        );
        expect(child.info.status).toBe(trial.state === 'FAIL' ? 'FAILED' : 'FINISHED');
        const history = await tracker.getMetricHistory(child.info.runId, 'intermediate_value');
        expect(history.map((point) => [point.step, point.value])).toEqual(
          [...trial.intermediateValues].sort((a, b) => a[0] - b[0]),
        );
        const value = child.data.metrics.find((metric) => metric.key === 'value');
        // A pruned trial keeps its last intermediate value as its value, as in Optuna.
        expect(value?.value).toBe(trial.values?.[0]);
      }
      expect(children.map((child) => child.data.tags.state)).toEqual([
        'COMPLETE',
        'COMPLETE',
        'PRUNED',
        'FAIL',
        'COMPLETE',
      ]);

      const artifacts = await logger.parentRun.listArtifacts();
      expect(artifacts.map((entry) => entry.path)).toContain('study-report.html');
    } finally {
      await tracker.close();
    }
  });
});
