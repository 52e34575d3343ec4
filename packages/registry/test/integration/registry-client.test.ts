// The registry client against real MLflow 3 servers (SQLite and PostgreSQL stores): every
// operation of RegistryClient, versions registered from a run and from an MLflow 3 logged
// model, aliases, stages, paginated searches, cancellation, and the name rules checked
// against what the server itself refuses.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createLoggedModel,
  createMlflowClient,
  createTracker,
  createTransport,
  finalizeLoggedModel,
  type LoggedModel,
  MlflowApiError,
  type MlflowTransport,
  type Run,
  specRetrySafety,
  type Tracker,
} from '@dagnostics/tracking';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithService } from '../../../../scripts/test-env/services';
import { createRegistryClient, type RegistryClient } from '../../src/client';
import { InvalidRegistryNameError } from '../../src/errors';

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'dagnostics-registry-client-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A transport that counts the requests sent through `fetch`. */
function countingTransport(
  transport: MlflowTransport,
): MlflowTransport & { requests: () => number } {
  let count = 0;
  return {
    baseUrl: transport.baseUrl,
    request: transport.request,
    close: transport.close,
    fetch: (request) => {
      count += 1;
      return transport.fetch(request);
    },
    requests: () => count,
  };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

function isInvalidName(error: unknown): boolean {
  return InvalidRegistryNameError.isInstance(error);
}

async function apiError(promise: Promise<unknown>): Promise<MlflowApiError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!MlflowApiError.isInstance(error)) {
    throw new Error(`expected an MlflowApiError, got ${String(error)}`);
  }
  return error;
}

function registryContract(service: 'mlflow-sqlite' | 'mlflow-postgres', store: string): void {
  describeWithService(service, `registry client against MLflow (${store})`, (mlflow) => {
    let tracker: Tracker;
    let run: Run;
    let baseTransport: MlflowTransport;
    let transport: ReturnType<typeof countingTransport>;
    let registry: RegistryClient;
    let loggedModel: LoggedModel;
    const prefix = `registry-${randomUUID().slice(0, 8)}`;

    beforeAll(async () => {
      tracker = createTracker({
        trackingUri: mlflow.uri,
        localDir: join(scratch, store, 'journal'),
        handleSignals: false,
      });
      run = await tracker.startRun({ experimentName: `${prefix}-experiment` });
      baseTransport = createTransport(
        { trackingUri: mlflow.uri },
        { env: {}, classifyRetrySafety: specRetrySafety },
      );
      transport = countingTransport(baseTransport);
      registry = createRegistryClient({ transport });
      const client = createMlflowClient(baseTransport);
      const created = await createLoggedModel(client, {
        experimentId: run.experimentId ?? '',
        name: 'classifier',
        modelType: 'onnx',
        sourceRunId: run.id,
      });
      loggedModel = await finalizeLoggedModel(client, created.modelId, 'READY');
    });
    afterAll(async () => {
      await registry?.close();
      await tracker?.close();
      await baseTransport?.close();
    });

    it('creates, reads, updates, tags, renames and deletes a registered model', async () => {
      const name = `${prefix}-lifecycle`;
      const before = Date.now();
      const created = await registry.createRegisteredModel(name, {
        description: 'first',
        tags: { team: 'ops', 'dagnostics.owner': 'alice' },
      });
      expect(created).toMatchObject({
        name,
        description: 'first',
        tags: { team: 'ops', 'dagnostics.owner': 'alice' },
        aliases: {},
        latestVersions: [],
      });
      expect(created.createdAt.getTime()).toBeGreaterThanOrEqual(before - 5_000);
      expect(created.createdAt.getTime()).toBeLessThanOrEqual(Date.now() + 5_000);

      const taken = await apiError(registry.createRegisteredModel(name));
      expect(taken.errorCode).toBe('RESOURCE_ALREADY_EXISTS');
      const ensured = await registry.ensureRegisteredModel(name, { description: 'ignored' });
      expect(ensured.description).toBe('first');
      expect(ensured.createdAt).toEqual(created.createdAt);
      const fresh = await registry.ensureRegisteredModel(`${name}-ensured`, { description: 'new' });
      expect(fresh.description).toBe('new');
      expect((await registry.getRegisteredModel(`${name}-ensured`)).name).toBe(`${name}-ensured`);

      await registry.setRegisteredModelTag(name, 'stage', 'candidate');
      await registry.deleteRegisteredModelTag(name, 'team');
      const updated = await registry.updateRegisteredModel(name, 'second');
      expect(updated.description).toBe('second');
      const read = await registry.getRegisteredModel(name);
      expect(read.tags).toEqual({ 'dagnostics.owner': 'alice', stage: 'candidate' });
      expect(read.description).toBe('second');
      expect(read.updatedAt.getTime()).toBeGreaterThanOrEqual(read.createdAt.getTime());

      const renamed = await registry.renameRegisteredModel(name, `${name}-renamed`);
      expect(renamed.name).toBe(`${name}-renamed`);
      expect((await registry.getRegisteredModel(`${name}-renamed`)).tags.stage).toBe('candidate');
      expect((await apiError(registry.getRegisteredModel(name))).errorCode).toBe(
        'RESOURCE_DOES_NOT_EXIST',
      );

      await registry.deleteRegisteredModel(`${name}-renamed`);
      await registry.deleteRegisteredModel(`${name}-ensured`);
      expect((await apiError(registry.getRegisteredModel(`${name}-renamed`))).errorCode).toBe(
        'RESOURCE_DOES_NOT_EXIST',
      );
    });

    describe('model versions', () => {
      const name = `${prefix}-versions`;
      beforeAll(async () => {
        await registry.createRegisteredModel(name);
      });

      it('registers a run artifact and a logged model, and waits for READY', async () => {
        const fromRun = await registry.createModelVersion(name, `runs:/${run.id}/model`, {
          runId: run.id,
          description: 'from the run',
          tags: { origin: 'run' },
        });
        expect(fromRun).toMatchObject({
          name,
          version: '1',
          source: `runs:/${run.id}/model`,
          runId: run.id,
          modelId: undefined,
          description: 'from the run',
          tags: { origin: 'run' },
          stage: 'None',
          aliases: [],
        });
        const ready = await registry.waitForModelVersion(name, '1', { pollIntervalMs: 50 });
        expect(ready.status).toBe('READY');

        const fromModel = await registry.createModelVersion(
          name,
          `models:/${loggedModel.modelId}`,
          { modelId: loggedModel.modelId, runId: run.id, tags: { origin: 'logged-model' } },
        );
        expect(fromModel).toMatchObject({
          name,
          version: '2',
          source: `models:/${loggedModel.modelId}`,
          modelId: loggedModel.modelId,
          runId: run.id,
          tags: { origin: 'logged-model' },
        });
        expect((await registry.waitForModelVersion(name, '2')).modelId).toBe(loggedModel.modelId);
        const third = await registry.createModelVersion(name, `models:/${loggedModel.modelId}`, {
          modelId: loggedModel.modelId,
        });
        expect(third.version).toBe('3');
        // The server takes the run from the logged model's source run.
        expect(third.runId).toBe(run.id);

        expect(await registry.getModelVersionDownloadUri(name, '2')).toBe(loggedModel.artifactUri);
        expect(await registry.getModelVersionDownloadUri(name, '1')).toBe(`runs:/${run.id}/model`);
      });

      it('updates, tags and deletes versions', async () => {
        const updated = await registry.updateModelVersion(name, '1', 'described again');
        expect(updated.description).toBe('described again');
        await registry.setModelVersionTag(name, '1', 'validated', 'true');
        await registry.setModelVersionTag(name, '1', 'origin', 'notebook');
        await registry.deleteModelVersionTag(name, '1', 'validated');
        const read = await registry.getModelVersion(name, '1');
        expect(read.tags).toEqual({ origin: 'notebook' });
        expect(read.description).toBe('described again');

        const extra = await registry.createModelVersion(name, `runs:/${run.id}/other`, {
          runId: run.id,
        });
        await registry.deleteModelVersion(name, extra.version);
        expect((await apiError(registry.getModelVersion(name, extra.version))).errorCode).toBe(
          'RESOURCE_DOES_NOT_EXIST',
        );
      });

      it('sets, moves, reads and deletes aliases', async () => {
        expect(await registry.getVersionByAlias(name, 'champion')).toBeUndefined();
        await registry.setAlias(name, 'champion', '1');
        await registry.setAlias(name, 'canary', '2');
        expect((await registry.getVersionByAlias(name, 'champion'))?.version).toBe('1');
        expect((await registry.getRegisteredModel(name)).aliases).toEqual({
          champion: '1',
          canary: '2',
        });

        await registry.setAlias(name, 'champion', '2');
        const moved = await registry.getVersionByAlias(name, 'champion');
        expect(moved?.version).toBe('2');
        expect([...(moved?.aliases ?? [])].sort()).toEqual(['canary', 'champion']);
        expect((await registry.getModelVersion(name, '1')).aliases).toEqual([]);

        await registry.deleteAlias(name, 'canary');
        expect(await registry.getVersionByAlias(name, 'canary')).toBeUndefined();
        expect((await registry.getRegisteredModel(name)).aliases).toEqual({ champion: '2' });
        // A missing model is an error, not a missing alias.
        expect(
          (await apiError(registry.getVersionByAlias(`${name}-absent`, 'champion'))).errorCode,
        ).toBe('RESOURCE_DOES_NOT_EXIST');
      });

      it('moves versions through the deprecated stages', async () => {
        const staged = await registry.transitionModelVersionStage(name, '1', 'Staging');
        expect(staged.stage).toBe('Staging');
        await registry.transitionModelVersionStage(name, '2', 'Production');
        const latestProduction = await registry.getLatestVersions(name, { stages: ['Production'] });
        expect(latestProduction.map((version) => version.version)).toEqual(['2']);
        const latest = await registry.getLatestVersions(name);
        expect(latest.map((version) => [version.version, version.stage]).sort()).toEqual([
          ['1', 'Staging'],
          ['2', 'Production'],
          ['3', 'None'],
        ]);
        await registry.transitionModelVersionStage(name, '3', 'Production', {
          archiveExistingVersions: true,
        });
        expect((await registry.getModelVersion(name, '2')).stage).toBe('Archived');
        const model = await registry.getRegisteredModel(name);
        expect(
          model.latestVersions.map((version) => [version.stage, version.version]).sort(),
        ).toEqual([
          ['Archived', '2'],
          ['Production', '3'],
          ['Staging', '1'],
        ]);
      });

      it('searches versions page after page, and asks for no more pages after a break', async () => {
        const sent = transport.requests();
        const versions = await collect(
          registry.searchModelVersions({ filter: `name = '${name}'`, pageSize: 1 }),
        );
        expect(versions.map((version) => version.version).sort()).toEqual(['1', '2', '3']);
        // One request per page, and one more that comes back empty or without a token.
        expect(transport.requests() - sent).toBeGreaterThanOrEqual(3);
        expect(transport.requests() - sent).toBeLessThanOrEqual(4);

        const beforeBreak = transport.requests();
        for await (const version of registry.searchModelVersions({
          filter: `name = '${name}'`,
          pageSize: 1,
        })) {
          expect(version.name).toBe(name);
          break;
        }
        expect(transport.requests() - beforeBreak).toBe(1);

        const byRun = await collect(
          registry.searchModelVersions({ filter: `run_id = '${run.id}'` }),
        );
        expect(byRun.map((version) => version.version).sort()).toEqual(['1', '2', '3']);
        const byModel = await collect(
          registry.searchModelVersions({ filter: `name = '${name}' AND version_number >= 2` }),
        );
        expect(byModel.map((version) => version.modelId)).toEqual([
          loggedModel.modelId,
          loggedModel.modelId,
        ]);
      });
    });

    it('searches registered models with a filter and order, one per page', async () => {
      const names = ['b', 'a', 'c'].map((letter) => `${prefix}-search-${letter}`);
      for (const name of names)
        await registry.createRegisteredModel(name, { tags: { group: prefix } });
      const sent = transport.requests();
      const found = await collect(
        registry.searchRegisteredModels({
          filter: `name LIKE '${prefix}-search-%'`,
          orderBy: ['name DESC'],
          pageSize: 1,
        }),
      );
      expect(found.map((model) => model.name)).toEqual([...names].sort().reverse());
      expect(found[0]?.tags).toEqual({ group: prefix });
      expect(transport.requests() - sent).toBeGreaterThanOrEqual(3);
      const byTag = await collect(
        registry.searchRegisteredModels({ filter: `tags.group = '${prefix}'`, pageSize: 2 }),
      );
      expect(byTag).toHaveLength(3);
    });

    it('stops on an aborted signal', async () => {
      const name = `${prefix}-abort`;
      await registry.createRegisteredModel(name);
      const reason = new Error('cancelled by the test');
      const aborted = AbortSignal.abort(reason);
      await expect(registry.getRegisteredModel(name, { signal: aborted })).rejects.toThrow();
      await expect(collect(registry.searchRegisteredModels({ signal: aborted }))).rejects.toThrow();
      await expect(registry.waitForModelVersion(name, '1', { signal: aborted })).rejects.toThrow();

      const controller = new AbortController();
      const seen: string[] = [];
      await expect(
        (async () => {
          for await (const model of registry.searchRegisteredModels({
            filter: `name LIKE '${prefix}-search-%'`,
            pageSize: 1,
            signal: controller.signal,
          })) {
            seen.push(model.name);
            controller.abort(reason);
          }
        })(),
      ).rejects.toBe(reason);
      expect(seen).toHaveLength(1);
    });

    it('refuses, before any request, names the server refuses too', async () => {
      const raw = createMlflowClient(baseTransport);
      const name = `${prefix}-rules`;
      await registry.createRegisteredModel(name);
      await registry.createModelVersion(name, `runs:/${run.id}/model`, { runId: run.id });

      const refusedNames = ['team/model', `${prefix}:x`, '..hidden'];
      for (const refused of refusedNames) {
        const sent = transport.requests();
        await expect(registry.createRegisteredModel(refused)).rejects.toSatisfy(isInvalidName);
        expect(transport.requests()).toBe(sent);
        const server = await apiError(
          raw.POST('/api/2.0/mlflow/registered-models/create', { body: { name: refused } }),
        );
        expect(server.errorCode, refused).toBe('INVALID_PARAMETER_VALUE');
      }

      for (const alias of ['latest', 'V2', 'has space', 'dot.ted']) {
        const sent = transport.requests();
        await expect(registry.setAlias(name, alias, '1')).rejects.toSatisfy(isInvalidName);
        expect(transport.requests()).toBe(sent);
        const server = await apiError(
          raw.POST('/api/2.0/mlflow/registered-models/alias', {
            body: { name, alias, version: '1' },
          }),
        );
        expect(server.errorCode, alias).toBe('INVALID_PARAMETER_VALUE');
      }

      for (const key of ['a//b', '../up', 'a$b']) {
        await expect(registry.setRegisteredModelTag(name, key, 'v')).rejects.toSatisfy(
          isInvalidName,
        );
        await expect(registry.setModelVersionTag(name, '1', key, 'v')).rejects.toSatisfy(
          isInvalidName,
        );
        const server = await apiError(
          raw.POST('/api/2.0/mlflow/registered-models/set-tag', {
            body: { name, key, value: 'v' },
          }),
        );
        expect(server.errorCode, key).toBe('INVALID_PARAMETER_VALUE');
      }
      await expect(registry.getModelVersion(name, 'one')).rejects.toSatisfy(isInvalidName);
      expect(
        (
          await apiError(
            raw.GET('/api/2.0/mlflow/model-versions/get', {
              params: { query: { name, version: 'one' } },
            }),
          )
        ).errorCode,
      ).toBe('INVALID_PARAMETER_VALUE');
      // What the client accepts, the server accepts.
      await registry.setAlias(name, 'latest-candidate', '1');
      await registry.setRegisteredModelTag(name, 'a/b c:d.e-f_g', 'v');
      expect((await registry.getRegisteredModel(name)).tags['a/b c:d.e-f_g']).toBe('v');
    });

    it('leaves a transport it was given open, and closes one it made', async () => {
      const own = createRegistryClient({ trackingUri: mlflow.uri, maxRetries: 0 });
      expect((await own.getRegisteredModel(`${prefix}-versions`)).name).toBe(`${prefix}-versions`);
      await own.close();
      await expect(own.getRegisteredModel(`${prefix}-versions`)).rejects.toThrow();

      const shared = createRegistryClient({ transport: baseTransport });
      await shared.close();
      expect((await registry.getRegisteredModel(`${prefix}-versions`)).name).toBe(
        `${prefix}-versions`,
      );
    });
  });
}

registryContract('mlflow-sqlite', 'SQLite');
registryContract('mlflow-postgres', 'PostgreSQL');
