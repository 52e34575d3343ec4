/**
 * Holds `openapi/mlflow-rest.yaml` to the real MLflow server: every operation is called with a
 * realistic request, every answer is validated against the spec's response schema (by the
 * client's middleware, see `test/support/spec-client.ts`), the retry policy of each mutating
 * operation is checked by sending it twice, and the last test fails if an operation of the
 * spec was never called. The SQLite server gets everything; the PostgreSQL server the
 * experiments, runs, metrics and the model registry; the basic-auth server its credential
 * checks.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeWithService } from '../../../../scripts/test-env/services';
import { mlflowOperations } from '../../src/generated';
import { CallRecorder, createSpecClient, type SpecClient } from '../support/spec-client';
import { expectMlflowError, expectOk, sendTwice } from '../support/spec-expect';

/** Ids the tests of one server hand on to the next. */
interface SharedState {
  prefix: string;
  experimentId: string;
  runId: string;
  otherRunId: string;
  metricsRunId: string;
  modelId: string;
}

function newState(): SharedState {
  return {
    prefix: `spec-conformance-${randomUUID()}`,
    experimentId: '',
    runId: '',
    otherRunId: '',
    metricsRunId: '',
    modelId: '',
  };
}

const startTimeMs = 1_700_000_000_000;
const largestDouble = 1.7976931348623157e308;

function uploadArtifact(client: SpecClient, artifactPath: string, content: string | Uint8Array) {
  return client.PUT('/api/2.0/mlflow-artifacts/artifacts/{artifact_path}', {
    params: { path: { artifact_path: artifactPath } },
    // The spec types a binary body as a string; fetch sends bytes as they are.
    body: content as string,
    bodySerializer: (body) => body,
    headers: { 'content-type': 'application/octet-stream' },
  });
}

function getRun(client: SpecClient, runId: string) {
  return client.GET('/api/2.0/mlflow/runs/get', { params: { query: { run_id: runId } } });
}

function getExperiment(client: SpecClient, experimentId: string) {
  return client.GET('/api/2.0/mlflow/experiments/get', {
    params: { query: { experiment_id: experimentId } },
  });
}

function createExperiment(client: SpecClient, name: string) {
  return client.POST('/api/2.0/mlflow/experiments/create', { body: { name } });
}

/** Listings come in store order; tests compare them sorted (by code unit, not locale). */
function sortedBy<Entry>(
  entries: readonly Entry[] | undefined,
  keyOf: (entry: Entry) => string | undefined,
): Entry[] {
  const compare = (a: Entry, b: Entry) => {
    const [left, right] = [keyOf(a) ?? '', keyOf(b) ?? ''];
    return left < right ? -1 : left > right ? 1 : 0;
  };
  return [...(entries ?? [])].sort(compare);
}

const byPath = (entry: { path?: string }) => entry.path;

/** The tests both database backends get: experiments, runs, metrics. */
function trackingCoreTests(client: SpecClient, state: SharedState): void {
  it('creates, finds, pages through, renames, tags, deletes and restores experiments', async () => {
    const name = `${state.prefix}-a`;
    const [created] = await sendTwice('createExperiment', () =>
      client.POST('/api/2.0/mlflow/experiments/create', {
        body: { name, tags: [{ key: 'team', value: 'vision' }] },
      }),
    );
    const experimentId = expectOk(created).experiment_id as string;
    state.experimentId = experimentId;

    // The reconciliation the retry policy names: a repeat's RESOURCE_ALREADY_EXISTS → by name.
    const byName = expectOk(
      await client.GET('/api/2.0/mlflow/experiments/get-by-name', {
        params: { query: { experiment_name: name } },
      }),
    );
    expect(byName.experiment?.experiment_id).toBe(experimentId);

    const experiment = expectOk(await getExperiment(client, experimentId)).experiment;
    expect(experiment).toMatchObject({
      name,
      lifecycle_stage: 'active',
      artifact_location: `mlflow-artifacts:/${experimentId}`,
      tags: [{ key: 'team', value: 'vision' }],
    });
    // int64 fields arrive as JSON numbers, not strings.
    expect(typeof experiment?.creation_time).toBe('number');
    expect(typeof experiment?.last_update_time).toBe('number');

    const otherIds: string[] = [];
    for (const suffix of ['b', 'c']) {
      otherIds.push(
        expectOk(await createExperiment(client, `${state.prefix}-${suffix}`))
          .experiment_id as string,
      );
    }
    const [experimentB, experimentC] = otherIds as [string, string];

    const filter = `name LIKE '${state.prefix}-%'`;
    const firstPage = expectOk(
      await client.POST('/api/2.0/mlflow/experiments/search', {
        body: { filter, max_results: 2, order_by: ['name ASC'] },
      }),
    );
    expect(firstPage.experiments?.map((found) => found.name)).toEqual([
      `${state.prefix}-a`,
      `${state.prefix}-b`,
    ]);
    expect(firstPage.next_page_token).toEqual(expect.any(String));
    const secondPage = expectOk(
      await client.POST('/api/2.0/mlflow/experiments/search', {
        body: {
          filter,
          max_results: 2,
          order_by: ['name ASC'],
          page_token: firstPage.next_page_token as string,
        },
      }),
    );
    expect(secondPage.experiments?.map((found) => found.name)).toEqual([`${state.prefix}-c`]);
    expect(secondPage.next_page_token).toBeUndefined();

    const viaQueryString = expectOk(
      await client.GET('/api/2.0/mlflow/experiments/search', {
        params: {
          query: { filter, max_results: 10, order_by: ['name DESC'], view_type: 'ALL' },
        },
      }),
    );
    expect(viaQueryString.experiments?.map((found) => found.experiment_id)).toEqual([
      experimentC,
      experimentB,
      experimentId,
    ]);

    // An empty result is `{}`: no `experiments`, no token.
    const none = expectOk(
      await client.POST('/api/2.0/mlflow/experiments/search', {
        body: { filter: `name = '${state.prefix}-none'`, max_results: 5 },
      }),
    );
    expect(none).toEqual({});

    // The spec marks max_results required because the server has no default for it.
    const withoutPageSize = await client.POST('/api/2.0/mlflow/experiments/search', {
      body: { filter } as never,
    });
    expectMlflowError(withoutPageSize, 400, 'INVALID_PARAMETER_VALUE');

    const renamed = `${state.prefix}-c-renamed`;
    await sendTwice('updateExperiment', () =>
      client.POST('/api/2.0/mlflow/experiments/update', {
        body: { experiment_id: experimentC, new_name: renamed },
      }),
    );
    expect(expectOk(await getExperiment(client, experimentC)).experiment?.name).toBe(renamed);

    await sendTwice('setExperimentTag', () =>
      client.POST('/api/2.0/mlflow/experiments/set-experiment-tag', {
        body: { experiment_id: experimentId, key: 'stage', value: 'draft' },
      }),
    );
    expect(expectOk(await getExperiment(client, experimentId)).experiment?.tags).toContainEqual({
      key: 'stage',
      value: 'draft',
    });
    await sendTwice('deleteExperimentTag', () =>
      client.POST('/api/2.0/mlflow/experiments/delete-experiment-tag', {
        body: { experiment_id: experimentId, key: 'stage' },
      }),
    );
    expect(expectOk(await getExperiment(client, experimentId)).experiment?.tags).toEqual([
      { key: 'team', value: 'vision' },
    ]);

    await sendTwice('deleteExperiment', () =>
      client.POST('/api/2.0/mlflow/experiments/delete', {
        body: { experiment_id: experimentB },
      }),
    );
    expect(expectOk(await getExperiment(client, experimentB)).experiment?.lifecycle_stage).toBe(
      'deleted',
    );
    const deleted = expectOk(
      await client.POST('/api/2.0/mlflow/experiments/search', {
        body: { filter, max_results: 10, view_type: 'DELETED_ONLY' },
      }),
    );
    expect(deleted.experiments?.map((found) => found.experiment_id)).toEqual([experimentB]);

    await sendTwice('restoreExperiment', () =>
      client.POST('/api/2.0/mlflow/experiments/restore', {
        body: { experiment_id: experimentB },
      }),
    );
    expect(expectOk(await getExperiment(client, experimentB)).experiment?.lifecycle_stage).toBe(
      'active',
    );
  });

  it('creates, updates, tags, searches, deletes and restores runs', async () => {
    const { experimentId } = state;
    const [first, repeat] = await sendTwice('createRun', () =>
      client.POST('/api/2.0/mlflow/runs/create', {
        body: {
          experiment_id: experimentId,
          run_name: 'baseline',
          // int64 given as a string: the server parses both spellings.
          start_time: String(startTimeMs),
          tags: [{ key: 'mlflow.user', value: 'conformance' }],
        },
      }),
    );
    const run = expectOk(first).run;
    const runId = run?.info?.run_id as string;
    const otherRunId = expectOk(repeat).run?.info?.run_id as string;
    // Unsafe to repeat: the second call made a second run.
    expect(otherRunId).not.toBe(runId);
    state.runId = runId;
    state.otherRunId = otherRunId;

    expect(run?.info).toMatchObject({
      run_id: runId,
      run_uuid: runId,
      experiment_id: experimentId,
      run_name: 'baseline',
      status: 'RUNNING',
      start_time: startTimeMs,
      lifecycle_stage: 'active',
      artifact_uri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`,
    });
    // Defaults are omitted: a running run has no end_time.
    expect(run?.info?.end_time).toBeUndefined();
    expect(run?.data?.tags).toContainEqual({ key: 'mlflow.runName', value: 'baseline' });

    const challenger = expectOk(
      await client.POST('/api/2.0/mlflow/runs/create', {
        body: { experiment_id: experimentId, run_name: 'challenger', start_time: startTimeMs + 1 },
      }),
    );
    state.metricsRunId = challenger.run?.info?.run_id as string;

    await sendTwice('setRunTag', () =>
      client.POST('/api/2.0/mlflow/runs/set-tag', {
        body: { run_id: runId, key: 'candidate', value: 'yes' },
      }),
    );
    await sendTwice('deleteRunTag', () =>
      client.POST('/api/2.0/mlflow/runs/delete-tag', { body: { run_id: runId, key: 'candidate' } }),
    );
    await sendTwice('logParameter', () =>
      client.POST('/api/2.0/mlflow/runs/log-parameter', {
        body: { run_id: runId, key: 'learning_rate', value: '0.01' },
      }),
    );
    const changedParameter = await client.POST('/api/2.0/mlflow/runs/log-parameter', {
      body: { run_id: runId, key: 'learning_rate', value: '0.02' },
    });
    expectMlflowError(changedParameter, 400, 'INVALID_PARAMETER_VALUE');

    const [updated] = await sendTwice('updateRun', () =>
      client.POST('/api/2.0/mlflow/runs/update', {
        body: {
          run_id: runId,
          status: 'FINISHED',
          end_time: startTimeMs + 500,
          run_name: 'baseline-final',
        },
      }),
    );
    expect(expectOk(updated).run_info).toMatchObject({
      status: 'FINISHED',
      end_time: startTimeMs + 500,
      run_name: 'baseline-final',
    });

    const fetched = expectOk(await getRun(client, runId)).run;
    expect(fetched?.data?.params).toEqual([{ key: 'learning_rate', value: '0.01' }]);
    expect(fetched?.data?.tags).toEqual(
      expect.arrayContaining([
        { key: 'mlflow.runName', value: 'baseline-final' },
        { key: 'mlflow.user', value: 'conformance' },
      ]),
    );
    expect(fetched?.data?.tags?.some((tag) => tag.key === 'candidate')).toBe(false);

    const allRunIds = [runId, otherRunId, state.metricsRunId].sort();
    const firstPage = expectOk(
      await client.POST('/api/2.0/mlflow/runs/search', {
        body: { experiment_ids: [experimentId], max_results: 2, order_by: ['attributes.run_id'] },
      }),
    );
    expect(firstPage.runs).toHaveLength(2);
    expect(firstPage.next_page_token).toEqual(expect.any(String));
    const secondPage = expectOk(
      await client.POST('/api/2.0/mlflow/runs/search', {
        body: {
          experiment_ids: [experimentId],
          max_results: 2,
          order_by: ['attributes.run_id'],
          page_token: firstPage.next_page_token as string,
        },
      }),
    );
    expect(secondPage.next_page_token).toBeUndefined();
    expect(
      [...(firstPage.runs ?? []), ...(secondPage.runs ?? [])].map((found) => found.info?.run_id),
    ).toEqual(allRunIds);

    const filtered = expectOk(
      await client.POST('/api/2.0/mlflow/runs/search', {
        body: {
          experiment_ids: [experimentId],
          filter: "params.learning_rate = '0.01' AND attributes.status = 'FINISHED'",
        },
      }),
    );
    expect(filtered.runs?.map((found) => found.info?.run_id)).toEqual([runId]);

    await sendTwice('deleteRun', () =>
      client.POST('/api/2.0/mlflow/runs/delete', { body: { run_id: otherRunId } }),
    );
    const searchDeleted = () =>
      client.POST('/api/2.0/mlflow/runs/search', {
        body: { experiment_ids: [experimentId], run_view_type: 'DELETED_ONLY' },
      });
    expect(expectOk(await searchDeleted()).runs?.map((found) => found.info?.run_id)).toEqual([
      otherRunId,
    ]);
    await sendTwice('restoreRun', () =>
      client.POST('/api/2.0/mlflow/runs/restore', { body: { run_id: otherRunId } }),
    );
    expect(expectOk(await searchDeleted())).toEqual({});
  });

  it('logs metrics one by one and in batches and reads their histories back', async () => {
    const runId = state.metricsRunId;
    const getHistory = (key: string) =>
      client.GET('/api/2.0/mlflow/metrics/get-history', {
        params: { query: { run_id: runId, metric_key: key } },
      });

    await sendTwice('logMetric', () =>
      client.POST('/api/2.0/mlflow/runs/log-metric', {
        body: { run_id: runId, key: 'loss', value: 0.5, timestamp: String(startTimeMs), step: '2' },
      }),
    );
    // The repeat left one point: SQL stores drop an exact duplicate (the retry policy's reason).
    expect(expectOk(await getHistory('loss')).metrics).toEqual([
      { key: 'loss', value: 0.5, timestamp: startTimeMs, step: 2 },
    ]);

    for (const [key, value] of [
      ['diverged', 'NaN'],
      ['overflow', 'Infinity'],
    ] as const) {
      expectOk(
        await client.POST('/api/2.0/mlflow/runs/log-metric', {
          body: { run_id: runId, key, value, timestamp: startTimeMs },
        }),
      );
    }
    // Step 0 is the default but is still written; NaN travels as a string.
    expect(expectOk(await getHistory('diverged')).metrics).toEqual([
      { key: 'diverged', value: 'NaN', timestamp: startTimeMs, step: 0 },
    ]);
    // SQL stores keep infinity as the largest finite double.
    expect(expectOk(await getHistory('overflow')).metrics?.[0]?.value).toBe(largestDouble);

    const accuracy = Array.from({ length: 10 }, (_, step) => ({
      key: 'accuracy',
      value: step / 10,
      timestamp: startTimeMs + step,
      step,
    }));
    await sendTwice('logBatch', () =>
      client.POST('/api/2.0/mlflow/runs/log-batch', {
        body: {
          run_id: runId,
          metrics: accuracy,
          params: [{ key: 'optimizer', value: 'adam' }],
          tags: [{ key: 'phase', value: 'train' }],
        },
      }),
    );

    const pages: number[][] = [];
    let pageToken: string | undefined;
    do {
      const page = expectOk(
        await client.GET('/api/2.0/mlflow/metrics/get-history', {
          params: {
            query: {
              run_id: runId,
              metric_key: 'accuracy',
              max_results: 4,
              ...(pageToken !== undefined && { page_token: pageToken }),
            },
          },
        }),
      );
      pages.push((page.metrics ?? []).map((metric) => metric.step as number));
      pageToken = page.next_page_token;
    } while (pageToken !== undefined && pages.length < 10);
    // Ten values despite the repeated batch, in pages of four.
    expect(pages.map((page) => page.length)).toEqual([4, 4, 2]);
    expect(pages.flat()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

    const duplicateParameter = await client.POST('/api/2.0/mlflow/runs/log-batch', {
      body: {
        run_id: runId,
        params: [
          { key: 'seed', value: '1' },
          { key: 'seed', value: '2' },
        ],
      },
    });
    expectMlflowError(duplicateParameter, 400, 'INVALID_PARAMETER_VALUE');

    const run = expectOk(await getRun(client, runId)).run;
    expect(run?.data?.metrics).toContainEqual({
      key: 'accuracy',
      value: 0.9,
      timestamp: startTimeMs + 9,
      step: 9,
    });
    expect(run?.data?.params).toEqual([{ key: 'optimizer', value: 'adam' }]);
    expect(run?.data?.tags).toContainEqual({ key: 'phase', value: 'train' });

    expectOk(
      await client.POST('/api/2.0/mlflow/runs/log-batch', {
        body: { run_id: state.runId, metrics: accuracy.slice(0, 3) },
      }),
    );
    const sampled = expectOk(
      await client.GET('/api/2.0/mlflow/metrics/get-history-bulk-interval', {
        params: {
          query: {
            run_ids: [runId, state.runId],
            metric_key: 'accuracy',
            start_step: 0,
            end_step: 9,
            max_results: 5,
          },
        },
      }),
    );
    const stepsOf = (id: string) =>
      (sampled.metrics ?? []).filter((metric) => metric.run_id === id).map((m) => m.step);
    expect(stepsOf(runId)).toHaveLength(5);
    expect(stepsOf(runId)).toEqual(expect.arrayContaining([0, 9]));
    expect(stepsOf(state.runId)).toEqual([0, 1, 2]);

    const onlyStart = await client.GET('/api/2.0/mlflow/metrics/get-history-bulk-interval', {
      params: { query: { run_ids: [runId], metric_key: 'accuracy', start_step: 0 } },
    });
    expectMlflowError(onlyStart, 400, 'INVALID_PARAMETER_VALUE');

    // The latest value per key is chosen by step first: a later timestamp at a lower step
    // does not replace it.
    expectOk(
      await client.POST('/api/2.0/mlflow/runs/log-metric', {
        body: { run_id: runId, key: 'accuracy', value: 0.5, timestamp: startTimeMs + 100, step: 4 },
      }),
    );
    const latest = expectOk(await getRun(client, runId)).run?.data?.metrics;
    expect(latest?.find((metric) => metric.key === 'accuracy')).toMatchObject({
      step: 9,
      value: 0.9,
    });
  });
}

/** The model registry, on both database backends: every registry operation of the spec. */
function registryTests(client: SpecClient, state: SharedState): void {
  it('registers models and versions, tags, aliases, stages, searches, renames and deletes them', async () => {
    const name = `${state.prefix}-model`;
    const [created] = await sendTwice('createRegisteredModel', () =>
      client.POST('/api/2.0/mlflow/registered-models/create', {
        body: { name, tags: [{ key: 'team', value: 'ops' }], description: 'log classifier' },
      }),
    );
    expect(expectOk(created).registered_model).toMatchObject({
      name,
      description: 'log classifier',
      tags: [{ key: 'team', value: 'ops' }],
    });
    // The reconciliation the retry policy names: a repeat's RESOURCE_ALREADY_EXISTS → get by name.
    const model = expectOk(
      await client.GET('/api/2.0/mlflow/registered-models/get', { params: { query: { name } } }),
    ).registered_model;
    expect(typeof model?.creation_timestamp).toBe('number');
    expect(model?.latest_versions).toBeUndefined();

    // MLflow's own name rule, answered before anything is stored.
    const badName = await client.POST('/api/2.0/mlflow/registered-models/create', {
      body: { name: 'bad/name' },
    });
    expect(expectMlflowError(badName, 400, 'INVALID_PARAMETER_VALUE')).toContain("'/'");

    await sendTwice('setRegisteredModelTag', () =>
      client.POST('/api/2.0/mlflow/registered-models/set-tag', {
        body: { name, key: 'stage', value: 'candidate' },
      }),
    );
    await sendTwice('deleteRegisteredModelTag', () =>
      client.DELETE('/api/2.0/mlflow/registered-models/delete-tag', {
        body: { name, key: 'team' },
      }),
    );
    const [updated] = await sendTwice('updateRegisteredModel', () =>
      client.PATCH('/api/2.0/mlflow/registered-models/update', {
        body: { name, description: 'classifies Airflow failures' },
      }),
    );
    expect(expectOk(updated).registered_model).toMatchObject({
      description: 'classifies Airflow failures',
      tags: [{ key: 'stage', value: 'candidate' }],
    });

    const source = `runs:/${state.runId}/model`;
    const [first, repeat] = await sendTwice('createModelVersion', () =>
      client.POST('/api/2.0/mlflow/model-versions/create', {
        body: {
          name,
          source,
          run_id: state.runId,
          tags: [{ key: 'data', value: 'week-48' }],
          description: 'baseline',
        },
      }),
    );
    // Unsafe to repeat: the second call registered version 2.
    expect(expectOk(first).model_version).toMatchObject({
      name,
      version: '1',
      source,
      run_id: state.runId,
      status: 'READY',
      current_stage: 'None',
      tags: [{ key: 'data', value: 'week-48' }],
    });
    expect(expectOk(repeat).model_version?.version).toBe('2');

    const [versionUpdate] = await sendTwice('updateModelVersion', () =>
      client.PATCH('/api/2.0/mlflow/model-versions/update', {
        body: { name, version: '1', description: 'baseline, checked' },
      }),
    );
    expect(expectOk(versionUpdate).model_version?.description).toBe('baseline, checked');
    await sendTwice('setModelVersionTag', () =>
      client.POST('/api/2.0/mlflow/model-versions/set-tag', {
        body: { name, version: '1', key: 'gate', value: 'passed' },
      }),
    );
    await sendTwice('deleteModelVersionTag', () =>
      client.DELETE('/api/2.0/mlflow/model-versions/delete-tag', {
        body: { name, version: '1', key: 'data' },
      }),
    );
    const version = expectOk(
      await client.GET('/api/2.0/mlflow/model-versions/get', {
        params: { query: { name, version: '1' } },
      }),
    ).model_version;
    expect(version?.tags).toEqual([{ key: 'gate', value: 'passed' }]);

    await sendTwice('setRegisteredModelAlias', () =>
      client.POST('/api/2.0/mlflow/registered-models/alias', {
        body: { name, alias: 'champion', version: '1' },
      }),
    );
    const reserved = await client.POST('/api/2.0/mlflow/registered-models/alias', {
      body: { name, alias: 'latest', version: '1' },
    });
    expect(expectMlflowError(reserved, 400, 'INVALID_PARAMETER_VALUE')).toContain('reserved');
    const champion = expectOk(
      await client.GET('/api/2.0/mlflow/registered-models/alias', {
        params: { query: { name, alias: 'champion' } },
      }),
    ).model_version;
    expect(champion).toMatchObject({ version: '1', aliases: ['champion'] });

    const [staged] = await sendTwice('transitionModelVersionStage', () =>
      client.POST('/api/2.0/mlflow/model-versions/transition-stage', {
        body: { name, version: '2', stage: 'Staging', archive_existing_versions: false },
      }),
    );
    expect(expectOk(staged).model_version?.current_stage).toBe('Staging');
    const latestStaging = expectOk(
      await client.POST('/api/2.0/mlflow/registered-models/get-latest-versions', {
        body: { name, stages: ['Staging'] },
      }),
    ).model_versions;
    expect(latestStaging?.map((entry) => entry.version)).toEqual(['2']);
    const latestByStage = expectOk(
      await client.GET('/api/2.0/mlflow/registered-models/get-latest-versions', {
        params: { query: { name, stages: ['None', 'Staging'] } },
      }),
    ).model_versions;
    expect(sortedBy(latestByStage, (entry) => entry.version).map((entry) => entry.version)).toEqual(
      ['1', '2'],
    );
    const withAliases = expectOk(
      await client.GET('/api/2.0/mlflow/registered-models/get', { params: { query: { name } } }),
    ).registered_model;
    expect(withAliases?.aliases).toEqual([{ alias: 'champion', version: '1' }]);

    const download = expectOk(
      await client.GET('/api/2.0/mlflow/model-versions/get-download-uri', {
        params: { query: { name, version: '1' } },
      }),
    );
    expect(download.artifact_uri).toBe(source);

    // Versions page by page.
    const filter = `name = '${name}'`;
    const firstPage = expectOk(
      await client.GET('/api/2.0/mlflow/model-versions/search', {
        params: { query: { filter, max_results: 1, order_by: ['version_number ASC'] } },
      }),
    );
    expect(firstPage.model_versions?.map((entry) => entry.version)).toEqual(['1']);
    expect(firstPage.next_page_token).toEqual(expect.any(String));
    const secondPage = expectOk(
      await client.GET('/api/2.0/mlflow/model-versions/search', {
        params: {
          query: {
            filter,
            max_results: 1,
            order_by: ['version_number ASC'],
            page_token: firstPage.next_page_token as string,
          },
        },
      }),
    );
    expect(secondPage.model_versions?.map((entry) => entry.version)).toEqual(['2']);

    // Models page by page, by name.
    const otherName = `${state.prefix}-other`;
    expectOk(
      await client.POST('/api/2.0/mlflow/registered-models/create', { body: { name: otherName } }),
    );
    const models: string[] = [];
    let pageToken: string | undefined;
    do {
      const page = expectOk(
        await client.GET('/api/2.0/mlflow/registered-models/search', {
          params: {
            query: {
              filter: `name LIKE '${state.prefix}-%'`,
              max_results: 1,
              order_by: ['name ASC'],
              ...(pageToken === undefined ? {} : { page_token: pageToken }),
            },
          },
        }),
      );
      models.push(...(page.registered_models ?? []).map((entry) => entry.name as string));
      pageToken = page.next_page_token || undefined;
    } while (pageToken !== undefined);
    expect(models).toEqual([name, otherName]);

    const renamed = `${name}-renamed`;
    const [renameResult] = await sendTwice('renameRegisteredModel', () =>
      client.POST('/api/2.0/mlflow/registered-models/rename', {
        body: { name, new_name: renamed },
      }),
    );
    expect(expectOk(renameResult).registered_model?.name).toBe(renamed);
    const movedVersion = expectOk(
      await client.GET('/api/2.0/mlflow/registered-models/alias', {
        params: { query: { name: renamed, alias: 'champion' } },
      }),
    ).model_version;
    expect(movedVersion).toMatchObject({ name: renamed, version: '1' });

    await sendTwice('deleteRegisteredModelAlias', () =>
      client.DELETE('/api/2.0/mlflow/registered-models/alias', {
        body: { name: renamed, alias: 'champion' },
      }),
    );
    const goneAlias = await client.GET('/api/2.0/mlflow/registered-models/alias', {
      params: { query: { name: renamed, alias: 'champion' } },
    });
    // MLflow answers a missing alias with 400, not 404.
    expect(expectMlflowError(goneAlias, 400, 'INVALID_PARAMETER_VALUE')).toContain('not found');
    await sendTwice('deleteModelVersion', () =>
      client.DELETE('/api/2.0/mlflow/model-versions/delete', {
        body: { name: renamed, version: '2' },
      }),
    );
    await sendTwice('deleteRegisteredModel', () =>
      client.DELETE('/api/2.0/mlflow/registered-models/delete', { body: { name: renamed } }),
    );
    await sendTwice('deleteRegisteredModel', () =>
      client.DELETE('/api/2.0/mlflow/registered-models/delete', { body: { name: otherName } }),
    );
    const missing = await client.GET('/api/2.0/mlflow/registered-models/get', {
      params: { query: { name: renamed } },
    });
    expectMlflowError(missing, 404, 'RESOURCE_DOES_NOT_EXIST');
  });
}

describeWithService('mlflow-sqlite', 'MLflow REST spec against the SQLite server', (server) => {
  const recorder = new CallRecorder();
  const client = createSpecClient({ baseUrl: server.uri, recorder });
  const state = newState();

  trackingCoreTests(client, state);
  registryTests(client, state);

  it('creates, tags, parametrizes, finalizes, searches and deletes logged models', async () => {
    const { experimentId, runId } = state;
    const [created, repeat] = await sendTwice('createLoggedModel', () =>
      client.POST('/api/2.0/mlflow/logged-models', {
        body: {
          experiment_id: experimentId,
          name: 'classifier',
          model_type: 'onnx',
          source_run_id: runId,
          params: [{ key: 'alpha', value: '0.1' }],
          tags: [{ key: 'framework', value: 'onnx' }],
        },
      }),
    );
    const model = expectOk(created).model;
    const modelId = model?.info?.model_id as string;
    const duplicateId = expectOk(repeat).model?.info?.model_id as string;
    // Unsafe to repeat: the second call made a second model.
    expect(duplicateId).not.toBe(modelId);
    state.modelId = modelId;
    expect(modelId).toMatch(/^m-[0-9a-f]{32}$/);
    expect(model?.info).toMatchObject({
      experiment_id: experimentId,
      name: 'classifier',
      status: 'LOGGED_MODEL_PENDING',
      model_type: 'onnx',
      source_run_id: runId,
      artifact_uri: `mlflow-artifacts:/${experimentId}/models/${modelId}/artifacts`,
    });
    expect(typeof model?.info?.creation_timestamp_ms).toBe('number');
    expect(model?.data?.params).toEqual([{ key: 'alpha', value: '0.1' }]);

    const modelPath = { params: { path: { model_id: modelId } } } as const;
    await sendTwice('logLoggedModelParams', () =>
      client.POST('/api/2.0/mlflow/logged-models/{model_id}/params', {
        ...modelPath,
        body: { model_id: modelId, params: [{ key: 'beta', value: '2' }] },
      }),
    );
    // The handler wants the id in the body too, which is why the spec requires it there.
    const idOnlyInPath = await client.POST('/api/2.0/mlflow/logged-models/{model_id}/params', {
      ...modelPath,
      body: { params: [{ key: 'gamma', value: '3' }] } as never,
    });
    expectMlflowError(idOnlyInPath, 400, 'INVALID_PARAMETER_VALUE');

    const [tagged] = await sendTwice('setLoggedModelTags', () =>
      client.PATCH('/api/2.0/mlflow/logged-models/{model_id}/tags', {
        ...modelPath,
        body: { tags: [{ key: 'stage', value: 'candidate' }] },
      }),
    );
    // The response's `model` is never filled in.
    expect(expectOk(tagged)).toEqual({});
    await sendTwice('deleteLoggedModelTag', () =>
      client.DELETE('/api/2.0/mlflow/logged-models/{model_id}/tags/{tag_key}', {
        params: { path: { model_id: modelId, tag_key: 'stage' } },
      }),
    );

    expectOk(
      await client.POST('/api/2.0/mlflow/runs/log-metric', {
        body: {
          run_id: runId,
          key: 'val_accuracy',
          value: 0.93,
          timestamp: startTimeMs,
          step: 1,
          model_id: modelId,
          dataset_name: 'digits',
          dataset_digest: 'abc123',
        },
      }),
    );

    const artifactRoot = `${experimentId}/models/${modelId}/artifacts`;
    expectOk(await uploadArtifact(client, `${artifactRoot}/MLmodel`, 'artifact_path: model\n'));
    expectOk(await uploadArtifact(client, `${artifactRoot}/data/model.onnx`, 'onnx bytes'));
    const listing = expectOk(
      await client.GET('/api/2.0/mlflow/logged-models/{model_id}/artifacts/directories', modelPath),
    );
    expect(listing.root_uri).toBe(model?.info?.artifact_uri);
    expect(sortedBy(listing.files, byPath)).toEqual([
      { path: 'MLmodel', is_dir: false, file_size: 21 },
      { path: 'data', is_dir: true },
    ]);
    const nested = expectOk(
      await client.GET('/api/2.0/mlflow/logged-models/{model_id}/artifacts/directories', {
        params: { path: { model_id: modelId }, query: { artifact_directory_path: 'data' } },
      }),
    );
    expect(nested.files).toEqual([{ path: 'data/model.onnx', is_dir: false, file_size: 10 }]);

    const statusOnly = await client.PATCH('/api/2.0/mlflow/logged-models/{model_id}', {
      ...modelPath,
      body: { status: 'LOGGED_MODEL_READY' } as never,
    });
    expectMlflowError(statusOnly, 400, 'INVALID_PARAMETER_VALUE');
    const [finalized] = await sendTwice('finalizeLoggedModel', () =>
      client.PATCH('/api/2.0/mlflow/logged-models/{model_id}', {
        ...modelPath,
        body: { model_id: modelId, status: 'LOGGED_MODEL_READY' },
      }),
    );
    expect(expectOk(finalized).model?.info?.status).toBe('LOGGED_MODEL_READY');

    const fetched = expectOk(
      await client.GET('/api/2.0/mlflow/logged-models/{model_id}', modelPath),
    ).model;
    expect(fetched?.info?.tags).toEqual([{ key: 'framework', value: 'onnx' }]);
    expect(sortedBy(fetched?.data?.params, (param) => param.key)).toEqual([
      { key: 'alpha', value: '0.1' },
      { key: 'beta', value: '2' },
    ]);
    expect(fetched?.data?.metrics).toEqual([
      {
        key: 'val_accuracy',
        value: 0.93,
        timestamp: startTimeMs,
        step: 1,
        dataset_name: 'digits',
        dataset_digest: 'abc123',
        model_id: modelId,
        run_id: runId,
      },
    ]);

    expectOk(
      await client.POST('/api/2.0/mlflow/logged-models', {
        body: { experiment_id: experimentId, name: 'regressor' },
      }),
    );
    const search = (pageToken?: string) =>
      client.POST('/api/2.0/mlflow/logged-models/search', {
        body: {
          experiment_ids: [experimentId],
          max_results: 2,
          order_by: [{ field_name: 'creation_timestamp', ascending: true }],
          ...(pageToken !== undefined && { page_token: pageToken }),
        },
      });
    const firstPage = expectOk(await search());
    expect(firstPage.models).toHaveLength(2);
    const secondPage = expectOk(await search(firstPage.next_page_token as string));
    expect(secondPage.models?.map((found) => found.info?.name)).toEqual(['regressor']);
    expect(secondPage.next_page_token).toBeUndefined();
    const byMetric = expectOk(
      await client.POST('/api/2.0/mlflow/logged-models/search', {
        body: {
          experiment_ids: [experimentId],
          filter: 'metrics.val_accuracy > 0.9',
          datasets: [{ dataset_name: 'digits', dataset_digest: 'abc123' }],
        },
      }),
    );
    expect(byMetric.models?.map((found) => found.info?.model_id)).toEqual([modelId]);

    await sendTwice('deleteLoggedModel', () =>
      client.DELETE('/api/2.0/mlflow/logged-models/{model_id}', {
        params: { path: { model_id: duplicateId } },
      }),
    );
    const gone = await client.GET('/api/2.0/mlflow/logged-models/{model_id}', {
      params: { path: { model_id: duplicateId } },
    });
    expectMlflowError(gone, 404, 'RESOURCE_DOES_NOT_EXIST');
    const stillThere = expectOk(
      await client.GET('/api/2.0/mlflow/logged-models/{model_id}', {
        params: { path: { model_id: duplicateId }, query: { allow_deleted: true } },
      }),
    );
    expect(stillThere.model?.info?.model_id).toBe(duplicateId);
  });

  it('records dataset and model inputs, model outputs and MLmodel history on runs', async () => {
    const { experimentId, runId, modelId } = state;
    const dataset = {
      name: 'digits',
      digest: 'abc123',
      source_type: 'local',
      source: JSON.stringify({ uri: '/data/digits.csv' }),
      schema: JSON.stringify({ mlflow_colspec: [{ type: 'double', name: 'pixel_0' }] }),
      profile: JSON.stringify({ num_rows: 1797 }),
    };
    const trainingTag = { key: 'mlflow.data.context', value: 'training' };
    await sendTwice('logInputs', () =>
      client.POST('/api/2.0/mlflow/runs/log-inputs', {
        body: {
          run_id: runId,
          datasets: [{ tags: [trainingTag], dataset }],
          models: [{ model_id: modelId }],
        },
      }),
    );
    await sendTwice('logOutputs', () =>
      client.POST('/api/2.0/mlflow/runs/outputs', {
        body: { run_id: runId, models: [{ model_id: modelId, step: 3 }] },
      }),
    );
    const run = expectOk(await getRun(client, runId)).run;
    // One record each despite the repeated requests.
    expect(run?.inputs).toEqual({
      dataset_inputs: [{ tags: [trainingTag], dataset }],
      model_inputs: [{ model_id: modelId }],
    });
    expect(run?.outputs).toEqual({ model_outputs: [{ model_id: modelId, step: 3 }] });

    const summaries = expectOk(
      await client.POST('/ajax-api/2.0/mlflow/experiments/search-datasets', {
        body: { experiment_ids: [experimentId] },
      }),
    );
    expect(summaries.dataset_summaries).toEqual([
      { experiment_id: experimentId, name: 'digits', digest: 'abc123', context: 'training' },
    ]);
    // The /api/2.0 spelling of this route does not exist.
    const apiSpelling = await fetch(`${server.uri}/api/2.0/mlflow/experiments/search-datasets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ experiment_ids: [experimentId] }),
    });
    expect(apiSpelling.status).toBe(404);
    expect(apiSpelling.headers.get('content-type')).toMatch(/^text\/html/);
    await apiSpelling.body?.cancel();

    const modelJson = JSON.stringify({
      artifact_path: 'model',
      run_id: runId,
      utc_time_created: '2024-01-01 00:00:00.000000',
      flavors: { onnx: { onnx_version: '1.17.0', data: 'model.onnx' } },
    });
    await sendTwice('logModel', () =>
      client.POST('/api/2.0/mlflow/runs/log-model', {
        body: { run_id: runId, model_json: modelJson },
      }),
    );
    const history = expectOk(await getRun(client, runId)).run?.data?.tags?.find(
      (tag) => tag.key === 'mlflow.log-model.history',
    );
    // Unsafe to repeat: the history now holds the model twice.
    expect(JSON.parse(history?.value ?? '[]')).toHaveLength(2);
  });

  it('uploads, lists, downloads and deletes artifacts through the proxy', async () => {
    const { experimentId, runId } = state;
    const root = `${experimentId}/${runId}/artifacts`;
    const download = (artifactPath: string) =>
      client.GET('/api/2.0/mlflow-artifacts/artifacts/{artifact_path}', {
        params: { path: { artifact_path: artifactPath } },
        parseAs: 'text',
      });

    const [uploaded] = await sendTwice('uploadArtifact', () =>
      uploadArtifact(client, `${root}/reports/summary.txt`, 'accuracy 0.93\n'),
    );
    // MLflow 3.17 answers an upload with an empty body, not `{}`.
    expect(uploaded.data).toBeUndefined();
    const bytes = Uint8Array.from([0, 1, 2, 127, 128, 253, 254, 255]);
    expectOk(await uploadArtifact(client, `${root}/model.bin`, bytes));
    expectOk(await uploadArtifact(client, `${root}/metrics.json`, '{"accuracy":0.93}'));

    const text = await download(`${root}/reports/summary.txt`);
    expect(expectOk(text)).toBe('accuracy 0.93\n');
    expect(text.response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(text.response.headers.get('content-disposition')).toBe(
      'attachment; filename=summary.txt',
    );
    const binary = await client.GET('/api/2.0/mlflow-artifacts/artifacts/{artifact_path}', {
      params: { path: { artifact_path: `${root}/model.bin` } },
      parseAs: 'arrayBuffer',
    });
    expect(new Uint8Array(expectOk(binary))).toEqual(bytes);

    const directory = await download(`${root}/reports`);
    expect(directory.response.status).toBe(400);
    expect(directory.error).toEqual({ detail: expect.stringContaining('directory') });
    expectMlflowError(await download(`${root}/missing.txt`), 404, 'RESOURCE_DOES_NOT_EXIST');
    const noFileName = await uploadArtifact(client, `${root}/reports/`, 'x');
    expect(noFileName.response.status).toBe(400);
    expect(noFileName.error).toEqual({ detail: expect.stringContaining('filename') });
    const escaping = await uploadArtifact(client, `${root}/../../escape.txt`, 'x');
    expectMlflowError(escaping, 400, 'INVALID_PARAMETER_VALUE');

    const listProxied = (directoryPath: string) =>
      client.GET('/api/2.0/mlflow-artifacts/artifacts', {
        params: { query: { path: directoryPath } },
      });
    expect(sortedBy(expectOk(await listProxied(root)).files, byPath)).toEqual([
      { path: 'metrics.json', is_dir: false, file_size: 17 },
      { path: 'model.bin', is_dir: false, file_size: 8 },
      { path: 'reports', is_dir: true },
    ]);
    expect(expectOk(await listProxied(`${root}/no-such-directory`))).toEqual({});
    const destinationRoot = expectOk(await client.GET('/api/2.0/mlflow-artifacts/artifacts'));
    expect(destinationRoot.files).toContainEqual({ path: experimentId, is_dir: true });

    const listRun = (directoryPath?: string) =>
      client.GET('/api/2.0/mlflow/artifacts/list', {
        params: {
          query: { run_id: runId, ...(directoryPath !== undefined && { path: directoryPath }) },
        },
      });
    const runListing = expectOk(await listRun());
    expect(runListing.root_uri).toBe(`mlflow-artifacts:/${root}`);
    expect(sortedBy(runListing.files, byPath).map((file) => file.path)).toEqual([
      'metrics.json',
      'model.bin',
      'reports',
    ]);
    expect(expectOk(await listRun('reports')).files).toEqual([
      { path: 'reports/summary.txt', is_dir: false, file_size: 14 },
    ]);

    await sendTwice('deleteArtifact', () =>
      client.DELETE('/api/2.0/mlflow-artifacts/artifacts/{artifact_path}', {
        params: { path: { artifact_path: `${root}/model.bin` } },
      }),
    );
    expectOk(
      await client.DELETE('/api/2.0/mlflow-artifacts/artifacts/{artifact_path}', {
        params: { path: { artifact_path: `${root}/reports` } },
      }),
    );
    expect(
      sortedBy(expectOk(await listProxied(root)).files, byPath).map((file) => file.path),
    ).toEqual(['metrics.json']);
  });

  it('answers multipart and presigned requests the way a local artifact store does', async () => {
    const { experimentId, runId, modelId } = state;
    const target = {
      params: { path: { artifact_path: `${experimentId}/${runId}/artifacts/big.bin` } },
    };
    const notImplemented = (result: { error?: unknown; response: Response }, what: string) => {
      expectMlflowError(result, 501, 'NOT_IMPLEMENTED');
      // Exactly MLflow's error body; these routes add no sqlstate/error_class.
      expect(result.error).toEqual({
        error_code: 'NOT_IMPLEMENTED',
        message: `${what} is not supported for the current artifact repository`,
      });
    };

    notImplemented(
      await client.POST('/api/2.0/mlflow-artifacts/mpu/create/{artifact_path}', {
        ...target,
        body: { path: 'big.bin', num_parts: 2 },
      }),
      'Multipart upload',
    );
    notImplemented(
      await client.POST('/api/2.0/mlflow-artifacts/mpu/complete/{artifact_path}', {
        ...target,
        body: {
          path: 'big.bin',
          upload_id: 'upload-1',
          parts: [{ part_number: 1, etag: '"etag-1"' }],
        },
      }),
      'Multipart upload',
    );
    notImplemented(
      await client.POST('/api/2.0/mlflow-artifacts/mpu/abort/{artifact_path}', {
        ...target,
        body: { path: 'big.bin', upload_id: 'upload-1' },
      }),
      'Multipart upload',
    );
    notImplemented(
      await client.GET('/api/2.0/mlflow-artifacts/presigned/{artifact_path}', target),
      'Multipart download',
    );

    // Runs and models of a proxying server have mlflow-artifacts: URIs, which cannot be presigned.
    const proxiedUpload = await client.POST('/api/2.0/mlflow/artifacts/presigned-upload-url', {
      body: { run_id: runId, path: 'big.bin' },
    });
    expect(expectMlflowError(proxiedUpload, 400, 'INVALID_PARAMETER_VALUE')).toContain('proxied');
    const proxiedModelUpload = await client.POST('/api/2.0/mlflow/artifacts/presigned-upload-url', {
      body: { model_id: modelId, path: 'big.bin', expiration: 60 },
    });
    expect(expectMlflowError(proxiedModelUpload, 400, 'INVALID_PARAMETER_VALUE')).toContain(
      'proxied',
    );
    const bothOwners = await client.POST('/api/2.0/mlflow/artifacts/presigned-upload-url', {
      body: { run_id: runId, model_id: modelId, path: 'big.bin' },
    });
    expect(expectMlflowError(bothOwners, 400, 'INVALID_PARAMETER_VALUE')).toContain('Exactly one');
    const proxiedDownload = await client.POST('/api/2.0/mlflow/artifacts/presigned-download-url', {
      body: { run_id: runId, path: 'metrics.json', expiration: 300 },
    });
    expect(expectMlflowError(proxiedDownload, 400, 'INVALID_PARAMETER_VALUE')).toContain('proxied');
  });

  it('keeps the wire rules the spec states for every operation', async () => {
    // Errors carry sqlstate and error_class besides error_code and message on 3.x.
    const missingRun = await getRun(client, 'f'.repeat(32));
    expectMlflowError(missingRun, 404, 'RESOURCE_DOES_NOT_EXIST');
    expect(missingRun.error).toMatchObject({
      sqlstate: expect.any(String),
      error_class: expect.any(String),
    });

    const withoutContentType = await fetch(`${server.uri}/api/2.0/mlflow/runs/set-tag`, {
      method: 'POST',
      body: JSON.stringify({ run_id: state.runId, key: 'k', value: 'v' }),
    });
    expect(withoutContentType.status).toBe(400);
    expect(await withoutContentType.json()).toMatchObject({
      error_code: 'INVALID_PARAMETER_VALUE',
      message: expect.stringContaining('Content-Type'),
    });

    const unknownRoute = await fetch(`${server.uri}/api/2.0/mlflow/runs/no-such-route`);
    expect(unknownRoute.status).toBe(404);
    expect(unknownRoute.headers.get('content-type')).toMatch(/^text\/html/);
    await unknownRoute.body?.cancel();
  });

  it('called every operation of the spec', () => {
    const called = recorder.operationIds();
    const missing = mlflowOperations
      .map((operation) => operation.operationId)
      .filter((operationId) => !called.has(operationId));
    expect(missing, `operations never called: ${missing.join(', ')}`).toEqual([]);
  });
});

describeWithService(
  'mlflow-postgres',
  'MLflow REST spec against the PostgreSQL server (experiments, runs, metrics, model registry)',
  (server) => {
    const client = createSpecClient({ baseUrl: server.uri, recorder: new CallRecorder() });
    const state = newState();
    trackingCoreTests(client, state);
    registryTests(client, state);
  },
);

describeWithService('mlflow-auth', 'MLflow REST spec against the basic-auth server', (server) => {
  const recorder = new CallRecorder();
  const basic = (username: string, password: string) =>
    `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

  it('serves the admin who sends the right credentials', async () => {
    const admin = createSpecClient({
      baseUrl: server.uri,
      recorder,
      headers: { authorization: basic(server.username, server.password) },
    });
    const name = `spec-conformance-${randomUUID()}`;
    const experimentId = expectOk(await createExperiment(admin, name)).experiment_id as string;
    expect(expectOk(await getExperiment(admin, experimentId)).experiment?.name).toBe(name);
    expectOk(await uploadArtifact(admin, `${experimentId}/notes.txt`, 'hello'));
  });

  it('answers 401 in plain text, not JSON, without the right credentials', async () => {
    const clients = {
      anonymous: createSpecClient({ baseUrl: server.uri, recorder }),
      'wrong password': createSpecClient({
        baseUrl: server.uri,
        recorder,
        headers: { authorization: basic(server.username, `${server.password}-wrong`) },
      }),
    };
    for (const [who, client] of Object.entries(clients)) {
      const results = [
        await client.POST('/api/2.0/mlflow/experiments/search', { body: { max_results: 1 } }),
        await uploadArtifact(client, '0/notes.txt', 'hello'),
      ];
      for (const result of results) {
        expect(result.response.status, who).toBe(401);
        expect(result.response.headers.get('www-authenticate')).toBe('Basic realm="mlflow"');
        // text/html from the Flask routes, text/plain from the FastAPI artifact routes.
        expect(result.response.headers.get('content-type')).toMatch(/^text\/(html|plain)/);
        // openapi-fetch hands over the raw text when the body does not parse as JSON.
        expect(typeof result.error).toBe('string');
        expect(() => JSON.parse(result.error as string)).toThrow();
        expect(result.error).toContain('You are not authenticated');
      }
    }
  });
});
