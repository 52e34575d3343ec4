import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, InvalidArgumentError } from '@dagnostics/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type JournalWriter, openJournalWriter } from '../journal/journal-writer';
import type { BatchRecord, JournalMetric } from '../journal/records';
import { where } from '../search/filter-builder';
import { FilterSyntaxError } from '../search/filter-syntax-error';
import { orderBy } from '../search/order-by';
import { createLocalStore } from './local-store';

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'dagnostics-local-store-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function startRun(
  writer: JournalWriter,
  localRunId: string,
  options: { experimentName?: string; startTimeMs?: number; runName?: string } = {},
): Promise<number> {
  const seq = writer.nextSeq();
  await writer.append([
    {
      type: 'run-start',
      seq,
      localRunId,
      experimentName: options.experimentName ?? 'exp',
      ...(options.runName === undefined ? {} : { runName: options.runName }),
      startTimeMs: options.startTimeMs ?? 1000,
      tags: [{ key: 'mlflow.user', value: 'alice' }],
    },
  ]);
  return seq;
}

function batch(
  writer: JournalWriter,
  localRunId: string,
  content: Partial<Pick<BatchRecord, 'metrics' | 'params' | 'tags'>>,
): BatchRecord {
  return {
    type: 'batch',
    seq: writer.nextSeq(),
    localRunId,
    metrics: content.metrics ?? [],
    params: content.params ?? [],
    tags: content.tags ?? [],
  };
}

const metric = (
  key: string,
  value: JournalMetric['value'],
  timestampMs: number,
  step: number,
): JournalMetric => ({
  key,
  value,
  timestampMs,
  step,
});

describe('createLocalStore', () => {
  it('reads a run back like MLflow: latest metrics, first params, last tags, inputs, status', async () => {
    const writer = await openJournalWriter({ directory });
    await startRun(writer, 'run-1', { runName: 'first-name', startTimeMs: 1000 });
    await writer.append([
      batch(writer, 'run-1', {
        metrics: [
          metric('loss', 0.9, 10, 0),
          metric('loss', 0.5, 5, 2),
          metric('loss', 0.7, 20, 1),
          metric('acc', 0.3, 10, 1),
          metric('acc', 0.8, 10, 1),
          metric('acc', 0.6, 10, 1),
          metric('up', Number.POSITIVE_INFINITY, 1, 0),
        ],
        params: [{ key: 'lr', value: '0.1' }],
        tags: [{ key: 'team', value: 'search' }],
      }),
      batch(writer, 'run-1', {
        params: [{ key: 'lr', value: '0.2' }],
        tags: [
          { key: 'team', value: 'ranking' },
          { key: 'mlflow.runName', value: 'renamed' },
        ],
      }),
      {
        type: 'inputs',
        seq: writer.nextSeq(),
        localRunId: 'run-1',
        datasets: [
          {
            name: 'train',
            digest: 'd1',
            sourceType: 'local',
            source: '/t',
            tags: [{ key: 'mlflow.data.context', value: 'training' }],
          },
          {
            name: 'train',
            digest: 'd1',
            sourceType: 'local',
            source: '/t',
            tags: [{ key: 'mlflow.data.context', value: 'again' }],
          },
        ],
      },
      {
        type: 'run-end',
        seq: writer.nextSeq(),
        localRunId: 'run-1',
        status: 'FAILED',
        endTimeMs: 2000,
      },
    ]);
    await writer.close();

    const run = await createLocalStore({ directory }).getRun('run-1');
    expect(run).toEqual({
      info: {
        runId: 'run-1',
        runName: 'renamed',
        experimentName: 'exp',
        status: 'FAILED',
        startTimeMs: 1000,
        endTimeMs: 2000,
        userId: 'alice',
        sessionId: writer.sessionId,
      },
      data: {
        metrics: [
          metric('acc', 0.8, 10, 1),
          metric('loss', 0.5, 5, 2),
          metric('up', Number.POSITIVE_INFINITY, 1, 0),
        ],
        params: [{ key: 'lr', value: '0.1' }],
        tags: [
          { key: 'mlflow.runName', value: 'renamed' },
          { key: 'mlflow.user', value: 'alice' },
          { key: 'team', value: 'ranking' },
        ],
      },
      inputs: {
        datasetInputs: [
          {
            dataset: { name: 'train', digest: 'd1', sourceType: 'local', source: '/t' },
            tags: [{ key: 'mlflow.data.context', value: 'training' }],
          },
        ],
      },
    });
  });

  it('returns metric histories ordered by timestamp, then step, without exact duplicates', async () => {
    const writer = await openJournalWriter({ directory });
    await startRun(writer, 'run-1');
    await writer.append([
      batch(writer, 'run-1', {
        metrics: [
          metric('loss', 0.7, 20, 1),
          metric('loss', 0.5, 5, 2),
          metric('loss', 0.9, 10, 0),
          metric('loss', 0.4, 10, 0),
        ],
      }),
      batch(writer, 'run-1', { metrics: [metric('loss', 0.5, 5, 2)] }),
    ]);
    await writer.close();
    const store = createLocalStore({ directory });
    expect(await store.getMetricHistory('run-1', 'loss')).toEqual([
      metric('loss', 0.5, 5, 2),
      metric('loss', 0.4, 10, 0),
      metric('loss', 0.9, 10, 0),
      metric('loss', 0.7, 20, 1),
    ]);
    expect(await store.getMetricHistory('run-1', 'nothing')).toEqual([]);
  });

  it('answers from every session, including a run resumed in a later session', async () => {
    const first = await openJournalWriter({ directory });
    await startRun(first, 'shared', { experimentName: 'a', startTimeMs: 100 });
    await startRun(first, 'only-first', { experimentName: 'b', startTimeMs: 200 });
    await first.close();
    const second = await openJournalWriter({ directory });
    await second.append([
      batch(second, 'shared', { metrics: [metric('m', 1, 1, 0)] }),
      batch(second, 'unknown-run', { metrics: [metric('m', 2, 1, 0)] }),
    ]);
    await second.close();

    const store = createLocalStore({ directory });
    expect((await store.getRun('shared')).data.metrics).toEqual([metric('m', 1, 1, 0)]);
    expect(await store.listExperiments()).toEqual([
      { name: 'a', runCount: 1, creationTimeMs: 100, lastUpdateTimeMs: 100 },
      { name: 'b', runCount: 1, creationTimeMs: 200, lastUpdateTimeMs: 200 },
    ]);
  });

  it('searches with a filter string or a built filter, orders, and pages', async () => {
    const writer = await openJournalWriter({ directory });
    const accuracies = [0.5, 0.9, Number.NaN, 0.7, undefined, 0.9];
    for (const [index, accuracy] of accuracies.entries()) {
      const localRunId = `run-${index}`;
      await startRun(writer, localRunId, {
        startTimeMs: 1000 + index,
        experimentName: index === 1 ? 'other' : 'exp',
      });
      if (accuracy !== undefined)
        await writer.append([
          batch(writer, localRunId, { metrics: [metric('acc', accuracy, 1, 0)] }),
        ]);
    }
    await writer.close();
    const store = createLocalStore({ directory });
    const ids = async (options: Parameters<typeof store.searchRuns>[0]) =>
      (await store.searchRuns(options)).runs.map((run) => run.info.runId);

    expect(await ids({})).toEqual(['run-5', 'run-4', 'run-3', 'run-2', 'run-1', 'run-0']);
    expect(await ids({ filter: 'metrics.acc > 0.6' })).toEqual(['run-5', 'run-3', 'run-1']);
    expect(await ids({ filter: where.metric('acc').gt(0.6), experimentNames: ['exp'] })).toEqual([
      'run-5',
      'run-3',
    ]);
    expect(await ids({ orderBy: [orderBy.metric('acc', 'DESC')] })).toEqual([
      'run-5',
      'run-1',
      'run-3',
      'run-0',
      'run-2',
      'run-4',
    ]);
    expect(await ids({ orderBy: ['metrics.acc ASC'] })).toEqual([
      'run-0',
      'run-3',
      'run-5',
      'run-1',
      'run-2',
      'run-4',
    ]);
    expect(await ids({ filter: where.attribute('run_id').in(['run-0', 'run-4']) })).toEqual([
      'run-4',
      'run-0',
    ]);

    const first = await store.searchRuns({ orderBy: ['start_time ASC'], maxResults: 4 });
    expect(first.runs.map((run) => run.info.runId)).toEqual(['run-0', 'run-1', 'run-2', 'run-3']);
    expect(first.nextPageToken).toBeTypeOf('string');
    const second = await store.searchRuns({
      orderBy: ['start_time ASC'],
      maxResults: 4,
      pageToken: first.nextPageToken as string,
    });
    expect(second).toMatchObject({ nextPageToken: undefined });
    expect(second.runs.map((run) => run.info.runId)).toEqual(['run-4', 'run-5']);

    const iterated: string[] = [];
    for await (const run of store.iterateRuns({ maxResults: 1, filter: 'metrics.acc >= 0.5' }))
      iterated.push(run.info.runId);
    expect(iterated).toEqual(['run-5', 'run-3', 'run-1', 'run-0']);
  });

  it('rejects bad search options with typed errors', async () => {
    const store = createLocalStore({ directory });
    await expect(store.searchRuns({ filter: 'metrics.a LIKE 1' })).rejects.toSatisfy(
      (error: unknown) => FilterSyntaxError.isInstance(error),
    );
    await expect(store.searchRuns({ orderBy: ['metrics.a', 'metrics.a DESC'] })).rejects.toThrow(
      /twice/,
    );
    await expect(store.searchRuns({ maxResults: 0 })).rejects.toMatchObject({
      argument: 'maxResults',
    });
    await expect(store.searchRuns({ maxResults: 50_001 })).rejects.toMatchObject({
      argument: 'maxResults',
    });
    await expect(store.searchRuns({ pageToken: 'not-a-token' })).rejects.toMatchObject({
      argument: 'pageToken',
    });
    expect(() => createLocalStore({ directory: '' })).toThrow(ConfigError);
  });

  it('says which operations the server acknowledged', async () => {
    const writer = await openJournalWriter({ directory });
    const startSeq = await startRun(writer, 'run-1');
    const first = batch(writer, 'run-1', { metrics: [metric('m', 1, 1, 0)] });
    const second = batch(writer, 'run-1', { metrics: [metric('m', 2, 2, 1)] });
    await writer.append([first, second]);
    const store = createLocalStore({ directory });
    expect(await store.syncState('run-1')).toMatchObject({
      serverRunId: undefined,
      pendingCount: 3,
      isSynced: false,
    });

    await writer.appendLazy([
      { type: 'ack', seq: startSeq, serverRunId: 'abc', serverExperimentId: '4' },
      { type: 'ack', seq: first.seq },
    ]);
    const state = await store.syncState('run-1');
    expect(state).toEqual({
      localRunId: 'run-1',
      serverRunId: 'abc',
      serverExperimentId: '4',
      operations: [
        { sessionId: writer.sessionId, seq: startSeq, type: 'run-start', acknowledged: true },
        { sessionId: writer.sessionId, seq: first.seq, type: 'batch', acknowledged: true },
        { sessionId: writer.sessionId, seq: second.seq, type: 'batch', acknowledged: false },
      ],
      pendingCount: 1,
      isSynced: false,
    });
    await writer.appendLazy([{ type: 'ack', seq: second.seq }]);
    expect(await store.syncState('run-1')).toMatchObject({ pendingCount: 0, isSynced: true });
    await writer.close();
  });

  it('sees new records, and re-reads nothing while the files are unchanged', async () => {
    const writer = await openJournalWriter({ directory });
    await startRun(writer, 'run-1');
    const store = createLocalStore({ directory });
    const before = await store.getRun('run-1');
    expect(await store.getRun('run-1')).toBe(before);

    await writer.append([batch(writer, 'run-1', { metrics: [metric('m', 3, 1, 0)] })]);
    const after = await store.getRun('run-1');
    expect(after).not.toBe(before);
    expect(after.data.metrics).toEqual([metric('m', 3, 1, 0)]);
    await writer.close();
  });

  it('reads a journal whose writer is in the middle of a line', async () => {
    const writer = await openJournalWriter({ directory });
    await startRun(writer, 'run-1');
    await writeFile(writer.path, '{"type":"batch","seq":2,"local', { flag: 'a' });
    expect((await createLocalStore({ directory }).getRun('run-1')).info.runId).toBe('run-1');
    await writer.close();
  });

  it('has nothing for a directory without journals, and rejects unknown run ids', async () => {
    const store = createLocalStore({ directory: join(directory, 'empty') });
    expect(await store.listExperiments()).toEqual([]);
    expect(await store.searchRuns()).toEqual({ runs: [], nextPageToken: undefined });
    for (const call of [
      () => store.getRun('nope'),
      () => store.getMetricHistory('nope', 'm'),
      () => store.syncState('nope'),
    ]) {
      const error = await call().catch((caught: unknown) => caught);
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST', argument: 'localRunId' });
    }
  });

  it('surfaces a damaged journal as a JournalError naming the file and line', async () => {
    const writer = await openJournalWriter({ directory });
    await startRun(writer, 'run-1');
    await writer.close();
    await writeFile(writer.path, 'garbage\n{"type":"ack","seq":1}\n', { flag: 'a' });
    await expect(createLocalStore({ directory }).searchRuns()).rejects.toMatchObject({
      name: 'DagnosticsJournalError',
      code: 'JOURNAL_CORRUPT',
      line: 3,
      path: writer.path,
    });
  });
});
