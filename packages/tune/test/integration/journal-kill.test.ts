/**
 * Four worker processes share one study (a journal file, then Redis); one is SIGKILLed in
 * the middle of a trial. The survivors fail its trial through heartbeats, and nothing is
 * lost or counted twice.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  describeWithPrerequisite,
  describeWithService,
} from '../../../../scripts/test-env/services';
import {
  failReasonSystemAttrKey,
  type JournalStorage,
} from '../../src/storage/journal/journal-storage';
import { createRespClient } from '../../src/storage/journal/resp-client';
import { createJournalFileStorage } from '../../src/storage/journal-file-storage';
import { createJournalRedisStorage } from '../../src/storage/journal-redis-storage';
import {
  comparableOurs,
  comparablePython,
  type FixtureProcess,
  killRunningFixtures,
  pythonUnavailableReason,
  runPythonJournal,
  startFixture,
} from './fixtures/journal-support';

afterAll(killRunningFixtures);

const workerCount = 4;
const victim = 1;

interface Outcome {
  created: number[];
  failedBySurvivors: number[];
  killedTrialId: number;
}

async function runWorkers(
  storage: JournalStorage,
  backend: { backend: 'file' | 'redis'; target: string; prefix?: string },
): Promise<Outcome> {
  await storage.createStudy(['minimize'], 'kill');
  const settings = {
    ...backend,
    studyName: 'kill',
    trials: 8,
    sleepMs: 150,
    heartbeatMs: 100,
    graceMs: 1_000,
    drainMs: 8_000,
  };
  // The victim's trials last longer, so that it is surely mid-trial when killed.
  const workers: FixtureProcess[] = Array.from({ length: workerCount }, (_, index) =>
    startFixture(
      'journal-worker.ts',
      index === victim ? { ...settings, sleepMs: 800, seed: index } : { ...settings, seed: index },
    ),
  );
  // Killed in its second trial, after the parameter was stored and while it sleeps.
  const killed = workers[victim] as FixtureProcess;
  const running = await killed.waitFor(
    (event) =>
      event.event === 'running' && killed.events.filter((e) => e.event === 'created').length === 2,
  );
  killed.kill();
  const exits = await Promise.all(workers.map((worker) => worker.exited));

  expect(exits[victim]?.signal).toBe('SIGKILL');
  exits.forEach((exit, index) => {
    if (index !== victim) expect(exit, exit.stderr).toMatchObject({ code: 0 });
  });
  const created = workers.flatMap((worker) =>
    worker.events
      .filter((event) => event.event === 'created')
      .map((event) => event.trialId as number),
  );
  // Stale trials are failed inside `optimize` (before each new trial) or by the drain
  // loop; only the drain loop's show up here.
  const failedBySurvivors = workers.flatMap((worker) =>
    worker.events
      .filter((event) => event.event === 'failed-stale')
      .flatMap((event) => event.trialIds as number[]),
  );
  const victimCreated = killed.events.filter((event) => event.event === 'created');
  expect(victimCreated.at(-1)?.trialId).toBe(running.trialId);
  return { created, failedBySurvivors, killedTrialId: running.trialId as number };
}

async function expectConsistent(storage: JournalStorage, outcome: Outcome): Promise<void> {
  const studyId = await storage.getStudyIdFromName('kill');
  const trials = await storage.getAllTrials(studyId);

  expect(new Set(outcome.created).size).toBe(outcome.created.length);
  expect(trials.map((trial) => trial.trialId).sort((a, b) => a - b)).toEqual(
    [...outcome.created].sort((a, b) => a - b),
  );
  expect(trials.map((trial) => trial.number)).toEqual(trials.map((_, index) => index));
  expect(trials).toHaveLength((workerCount - 1) * 8 + 2);
  expect(outcome.failedBySurvivors.every((id) => id === outcome.killedTrialId)).toBe(true);
  const failed = trials.filter((trial) => trial.state === 'FAIL');
  expect(failed.map((trial) => trial.trialId)).toEqual([outcome.killedTrialId]);
  expect(failed[0]?.systemAttrs[failReasonSystemAttrKey]).toMatch(/no heartbeat/);
  expect(failed[0]?.params.x).toEqual(expect.any(Number));
  expect(
    trials.filter((trial) => trial.state !== 'FAIL').every((trial) => trial.state === 'COMPLETE'),
  ).toBe(true);
}

describe('SIGKILLed worker on a shared journal file', () => {
  let directory: string;
  let path: string;
  let storage: JournalStorage;
  let outcome: Outcome;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'tune-journal-kill-'));
    path = join(directory, 'kill.log');
    storage = createJournalFileStorage(path);
    outcome = await runWorkers(storage, { backend: 'file', target: path });
  }, 60_000);
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('loses no trial, counts none twice and fails only the killed one', async () => {
    await expectConsistent(storage, outcome);
  });

  describeWithPrerequisite(
    'in Python',
    'the venv Python with Optuna',
    pythonUnavailableReason(),
    () => {
      it('opens in Optuna with the same trials', async () => {
        const optuna = comparablePython(runPythonJournal('journal_dump.py', ['--file', path]));
        expect(optuna).toEqual(await comparableOurs(storage));
      });
    },
  );
});

describeWithService('redis', 'SIGKILLed worker on a shared Redis journal', (redis) => {
  const prefix = `tune-kill-${randomUUID()}`;
  let storage: JournalStorage;
  let outcome: Outcome;
  beforeAll(async () => {
    storage = createJournalRedisStorage(redis.url, { prefix });
    outcome = await runWorkers(storage, { backend: 'redis', target: redis.url, prefix });
  }, 60_000);
  afterAll(async () => {
    await storage.close();
    const client = createRespClient(redis.url);
    const keys = (await client.command('KEYS', `${prefix}:*`)) as Buffer[];
    if (keys.length > 0) await client.command('DEL', ...keys);
    await client.close();
  });

  it('loses no trial, counts none twice and fails only the killed one', async () => {
    await expectConsistent(storage, outcome);
  });

  describeWithPrerequisite(
    'in Python',
    "the venv Python with Optuna and the 'redis' package",
    pythonUnavailableReason(true),
    () => {
      it('opens in Optuna with the same trials', async () => {
        const optuna = comparablePython(
          runPythonJournal('journal_dump.py', ['--redis', redis.url, '--prefix', prefix]),
        );
        expect(optuna).toEqual(await comparableOurs(storage));
      });
    },
  );
});
