import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openJournalWriter } from '../journal/journal-writer';
import type { JournalKeyValue, JournalMetric } from '../journal/records';
import { describeWithMlflowPeer, runPythonPeer } from '../search/__fixtures__/mlflow-peer';
import { createLocalStore, type LocalStore } from './local-store';
import type { LocalRun } from './types';

type MetricSpec = [key: string, value: number | 'NaN', timestampMs: number, step: number];
type Pair = [key: string, value: string];

interface RunSpec {
  name: string;
  experiment: string;
  startTimeMs: number;
  endTimeMs?: number;
  status?: 'FINISHED' | 'FAILED' | 'KILLED';
  tags: Pair[];
  batches: { metrics?: MetricSpec[]; params?: Pair[]; tags?: Pair[] }[];
  datasets?: { name: string; digest: string; source: string; context: string }[];
}

interface Query {
  experiments?: string[];
  filter?: string;
  orderBy?: string[];
  maxResults?: number;
}

interface PeerRun {
  runName: string;
  status: string;
  userId: string;
  endTimeMs: number | null;
  metrics: [string, number | 'NaN', number, number][];
  params: Record<string, string>;
  tags: Record<string, string>;
}

interface PeerAnswer {
  runs: Record<string, PeerRun>;
  histories: [number | 'NaN', number, number][][];
  queries: ({ ok: true; names: string[] } | { ok: false; error: string })[];
}

// The latest-metric cases: a higher step logged earlier, equal (step, timestamp) with several
// values, exact duplicates, and NaN against a real value in both orders.
const runs: RunSpec[] = [
  {
    name: 'r-alpha-1',
    experiment: 'alpha',
    startTimeMs: 1000,
    endTimeMs: 9000,
    status: 'FINISHED',
    tags: [
      ['mlflow.user', 'alice'],
      ['team', 'search'],
    ],
    batches: [
      {
        metrics: [
          ['loss', 0.9, 10, 0],
          ['loss', 0.5, 5, 2],
          ['loss', 0.7, 20, 1],
          ['acc', 0.3, 10, 1],
          ['acc', 0.8, 10, 1],
          ['acc', 0.6, 10, 1],
          ['tie', 5, 1, 0],
          ['tie', 5, 1, 0],
          ['nan-first', 'NaN', 1, 0],
          ['nan-first', -1, 1, 0],
          ['nan-last', -1, 1, 0],
          ['nan-last', 'NaN', 1, 0],
        ],
        params: [
          ['lr', '0.1'],
          ['optimizer', 'adam'],
        ],
      },
      {
        metrics: [['loss', 0.5, 5, 2]],
        tags: [
          ['team', 'ranking'],
          ['mlflow.runName', 'alpha-1-renamed'],
        ],
      },
    ],
    datasets: [
      { name: 'train', digest: 'd1', source: '/data/train', context: 'training' },
      { name: 'eval', digest: 'd2', source: '/data/eval', context: 'validation' },
    ],
  },
  {
    name: 'r-alpha-2',
    experiment: 'alpha',
    startTimeMs: 2000,
    tags: [['mlflow.user', 'bob']],
    batches: [
      {
        metrics: [['acc', 0.95, 5, 0]],
        params: [
          ['lr', '0.2'],
          ['optimizer', 'Adam'],
        ],
      },
    ],
    datasets: [{ name: 'train', digest: 'd1', source: '/data/train', context: 'training' }],
  },
  {
    name: 'r-alpha-3',
    experiment: 'alpha',
    startTimeMs: 3000,
    endTimeMs: 3500,
    status: 'FAILED',
    tags: [
      ['mlflow.user', 'alice'],
      ['team', 'search'],
    ],
    batches: [{ metrics: [['acc', 'NaN', 1, 0]], params: [['optimizer', 'sgd']] }],
  },
  {
    name: 'r-beta-1',
    experiment: 'beta',
    startTimeMs: 4000,
    endTimeMs: 4500,
    status: 'FINISHED',
    tags: [['mlflow.user', 'carol']],
    batches: [{ metrics: [['acc', 0.5, 1, 0]], params: [['lr', '0.05']] }],
  },
  {
    name: 'r-alpha-4',
    experiment: 'alpha',
    startTimeMs: 5000,
    endTimeMs: 6000,
    status: 'KILLED',
    tags: [
      ['mlflow.user', 'bob'],
      ['note', 'x'],
    ],
    batches: [],
  },
  {
    name: 'r-alpha-5',
    experiment: 'alpha',
    startTimeMs: 6000,
    tags: [['mlflow.user', 'alice']],
    batches: [{ metrics: [['acc', 0.8, 1, 0]] }],
  },
];

const histories = ['loss', 'acc', 'tie', 'nan-first', 'nan-last'].map((key) => ({
  run: 'r-alpha-1',
  key,
}));

const queries: Query[] = [
  {},
  { experiments: ['alpha'] },
  { experiments: ['beta', 'alpha'], filter: 'metrics.acc >= 0.5' },
  { filter: 'metrics.acc > 0.5' },
  { filter: 'metrics.acc != 0.5' },
  { filter: 'metrics.acc = 0.8' },
  { filter: 'metrics.loss <= 0.5 AND params.lr = "0.1"' },
  { filter: "params.optimizer = 'adam'" },
  { filter: "params.optimizer LIKE 'a%'" },
  { filter: "params.optimizer ILIKE 'a%'" },
  { filter: "params.optimizer != 'adam'" },
  { filter: "params.lr LIKE '0._'" },
  { filter: "tags.team = 'ranking'" },
  { filter: "tags.team != 'search'" },
  { filter: "attributes.status = 'RUNNING'" },
  { filter: "attributes.status != 'FINISHED'" },
  { filter: "attributes.run_name LIKE 'r-alpha-_'" },
  { filter: "attributes.run_name = 'alpha-1-renamed'" },
  { filter: "attributes.user_id = 'bob'" },
  { filter: 'attributes.start_time >= 3000' },
  { filter: 'attributes.end_time < 5000' },
  { filter: 'end_time > 0' },
  { filter: "datasets.context = 'validation'" },
  { filter: "datasets.name = 'train'" },
  { filter: "datasets.digest != 'd1'" },
  { filter: "datasets.name IN ('eval', 'other')" },
  { filter: "datasets.context NOT IN ('training')" },
  { orderBy: ['metrics.acc DESC'] },
  { orderBy: ['metrics.acc ASC'] },
  { orderBy: ['metrics.acc'], filter: "tags.team != 'x'" },
  { orderBy: ['params.lr ASC'] },
  { orderBy: ['params.lr DESC'] },
  { orderBy: ['tags.team DESC', 'metrics.acc ASC'] },
  { orderBy: ['attributes.end_time ASC'] },
  { orderBy: ['attributes.end_time DESC'] },
  { orderBy: ['attributes.run_name DESC'] },
  { orderBy: ['start_time ASC'] },
  { orderBy: ['attributes.status ASC'] },
  { orderBy: ['attributes.user_id DESC', 'metrics.loss ASC'] },
  { orderBy: ['metrics.acc DESC'], maxResults: 2 },
];

async function writeJournals(directory: string): Promise<void> {
  // Two sessions, as two tracker processes would leave them.
  const writers = [await openJournalWriter({ directory }), await openJournalWriter({ directory })];
  for (const [index, run] of runs.entries()) {
    const writer = writers[index % 2] as (typeof writers)[number];
    const pairs = (entries: Pair[] = []): JournalKeyValue[] =>
      entries.map(([key, value]) => ({ key, value }));
    await writer.append([
      {
        type: 'run-start',
        seq: writer.nextSeq(),
        localRunId: run.name,
        experimentName: run.experiment,
        runName: run.name,
        startTimeMs: run.startTimeMs,
        tags: pairs(run.tags),
      },
    ]);
    for (const batch of run.batches) {
      const metrics: JournalMetric[] = (batch.metrics ?? []).map(
        ([key, value, timestampMs, step]) => ({
          key,
          value,
          timestampMs,
          step,
        }),
      );
      await writer.append([
        {
          type: 'batch',
          seq: writer.nextSeq(),
          localRunId: run.name,
          metrics,
          params: pairs(batch.params),
          tags: pairs(batch.tags),
        },
      ]);
    }
    if (run.datasets !== undefined) {
      await writer.append([
        {
          type: 'inputs',
          seq: writer.nextSeq(),
          localRunId: run.name,
          datasets: run.datasets.map((dataset) => ({
            name: dataset.name,
            digest: dataset.digest,
            sourceType: 'local',
            source: dataset.source,
            tags: [{ key: 'mlflow.data.context', value: dataset.context }],
          })),
        },
      ]);
    }
    if (run.status !== undefined) {
      await writer.append([
        {
          type: 'run-end',
          seq: writer.nextSeq(),
          localRunId: run.name,
          status: run.status,
          endTimeMs: run.endTimeMs as number,
        },
      ]);
    }
  }
  await Promise.all(writers.map((writer) => writer.close()));
}

const encode = (value: number): number | 'NaN' => (Number.isNaN(value) ? 'NaN' : value);

function describeLocalRun(run: LocalRun): Omit<PeerRun, 'userId'> & { userId: string | undefined } {
  return {
    runName: run.info.runName as string,
    status: run.info.status,
    userId: run.info.userId,
    endTimeMs: run.info.endTimeMs ?? null,
    metrics: run.data.metrics.map((metric) => [
      metric.key,
      encode(metric.value),
      metric.timestampMs,
      metric.step,
    ]),
    params: Object.fromEntries(run.data.params.map((param) => [param.key, param.value])),
    tags: Object.fromEntries(run.data.tags.map((tag) => [tag.key, tag.value])),
  };
}

describeWithMlflowPeer("the local store against MLflow's SQL store", () => {
  const script = fileURLToPath(new URL('./__fixtures__/mlflow-sqlite-store.py', import.meta.url));
  let directory: string;
  let store: LocalStore;
  let peer: PeerAnswer;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'dagnostics-local-store-peer-'));
    [peer] = await Promise.all([
      runPythonPeer<PeerAnswer>(script, { runs, histories, queries }),
      writeJournals(directory),
    ]);
    store = createLocalStore({ directory });
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('returns the same run: latest metrics, params, tags, name, status', async () => {
    for (const run of runs) {
      const local = describeLocalRun(await store.getRun(run.name));
      const mlflow = peer.runs[run.name] as PeerRun;
      expect(local, run.name).toEqual({
        ...mlflow,
        metrics: [...mlflow.metrics].sort(([left], [right]) => (left < right ? -1 : 1)),
      });
    }
  });

  it('returns metric histories in the same order', async () => {
    for (const [index, history] of histories.entries()) {
      const local = await store.getMetricHistory(history.run, history.key);
      expect(
        local.map((point) => [encode(point.value), point.timestampMs, point.step]),
        history.key,
      ).toEqual(peer.histories[index]);
    }
  });

  it('finds and orders the same runs for every filter and order', async () => {
    for (const [index, query] of queries.entries()) {
      const answer = peer.queries[index];
      expect(answer?.ok, `${JSON.stringify(query)}: ${JSON.stringify(answer)}`).toBe(true);
      const names: string[] = [];
      for await (const run of store.iterateRuns({
        ...(query.experiments === undefined ? {} : { experimentNames: query.experiments }),
        ...(query.filter === undefined ? {} : { filter: query.filter }),
        ...(query.orderBy === undefined ? {} : { orderBy: query.orderBy }),
        ...(query.maxResults === undefined ? {} : { maxResults: query.maxResults }),
      })) {
        names.push(run.info.runId);
      }
      expect(names, JSON.stringify(query)).toEqual(answer?.ok === true ? answer.names : undefined);
    }
  });
});
