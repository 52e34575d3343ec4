import { appendFile, lstat, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithPrerequisite } from '../../../../scripts/test-env/services';
import { journalLockPath } from '../../src/storage/journal/file-lock';
import { createJournalFileStorage } from '../../src/storage/journal-file-storage';
import { float, writeEveryOperation } from './fixtures/journal-study';
import {
  comparableOurs,
  comparablePython,
  killRunningFixtures,
  pythonUnavailableReason,
  runPythonJournal,
  startFixture,
} from './fixtures/journal-support';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'tune-journal-file-'));
});
afterAll(async () => {
  killRunningFixtures();
  await rm(directory, { recursive: true, force: true });
});

describeWithPrerequisite(
  'journal file storage and Python Optuna 5',
  'the venv Python with Optuna',
  pythonUnavailableReason(),
  () => {
    it('writes a journal that Optuna loads with the same studies and trials', async () => {
      const path = join(directory, 'ours.log');
      await writeEveryOperation(createJournalFileStorage(path));

      const optuna = comparablePython(runPythonJournal('journal_dump.py', ['--file', path]));
      const ours = await comparableOurs(createJournalFileStorage(path));

      expect(optuna.map((study) => study.study_name)).toEqual(['ours-single', 'ours-multi']);
      expect(optuna[0]?.trials.map((trial) => trial.state)).toEqual([
        'COMPLETE',
        'PRUNED',
        'FAIL',
        'RUNNING',
        'WAITING',
        'COMPLETE',
      ]);
      expect(optuna[0]?.trials[0]?.params).toEqual({
        x: -1.5,
        lr: 0.1,
        q: 0,
        n: 1,
        width: 1,
        even: 0,
        kind: 'adam',
      });
      expect(optuna[0]?.trials[1]?.intermediate_values).toEqual({ '0': 0.5, '5': 'nan' });
      expect(optuna[0]?.trials[5]?.values).toEqual(['inf']);
      expect(optuna).toEqual(ours);
    });

    it('reads a journal Optuna wrote, and Optuna reads what we append to it', async () => {
      const path = join(directory, 'python.log');
      const written = comparablePython(runPythonJournal('journal_write.py', ['--file', path]));
      const storage = createJournalFileStorage(path);

      expect(await comparableOurs(storage)).toEqual(written);
      expect(written[0]?.trials.map((trial) => trial.state)).toEqual([
        'COMPLETE',
        'COMPLETE',
        'PRUNED',
        'FAIL',
        'COMPLETE',
        'RUNNING',
      ]);

      // Optuna enqueued trial 5 and its ask() claimed it; a claim from us now loses.
      const single = await storage.getStudyIdFromName('python-single');
      const [enqueued] = await storage.getAllTrials(single, ['RUNNING']);
      const enqueuedId = enqueued?.trialId ?? -1;
      await expect(storage.setTrialStateValues(enqueuedId, 'RUNNING')).resolves.toBe(false);
      await storage.setTrialStateValues(enqueuedId, 'COMPLETE', [7]);
      const added = await storage.createTrial(single);
      await storage.setTrialParam(added, 'x', 2, float);
      await storage.setTrialStateValues(added, 'COMPLETE', [4]);

      const reread = comparablePython(runPythonJournal('journal_dump.py', ['--file', path]));
      expect(reread).toEqual(await comparableOurs(storage));
      expect(
        reread[0]?.trials.slice(-2).map((trial) => [trial.number, trial.state, trial.values]),
      ).toEqual([
        [5, 'COMPLETE', [7]],
        [6, 'COMPLETE', [4]],
      ]);
    });

    it('recovers a torn last line: ignored while torn, cut off by the next writer, readable by Optuna', async () => {
      const path = join(directory, 'torn.log');
      const warnings: string[] = [];
      const storage = createJournalFileStorage(path, {
        onWarning: (message) => warnings.push(message),
      });
      const studyId = await storage.createStudy(['minimize'], 'torn');
      await storage.createTrial(studyId);
      // What a writer SIGKILLed in the middle of its write leaves behind.
      await appendFile(path, '{"op_code":4,"worker_id":"dead","study_id":0,"datetime_st');

      expect(await storage.getAllTrials(studyId)).toHaveLength(1);
      const pythonBefore = comparablePython(runPythonJournal('journal_dump.py', ['--file', path]));
      expect(pythonBefore[0]?.trials).toHaveLength(1);

      await storage.createTrial(studyId);
      const text = await readFile(path, 'utf8');
      expect(text).not.toContain('"dead"');
      expect(text.endsWith('\n')).toBe(true);
      expect(warnings.filter((message) => message.includes('torn last line'))).toHaveLength(1);
      const pythonAfter = comparablePython(runPythonJournal('journal_dump.py', ['--file', path]));
      expect(pythonAfter[0]?.trials.map((trial) => trial.number)).toEqual([0, 1]);
    });
  },
);

it.each(['symlink', 'open'] as const)(
  'breaks a %s lock left by a SIGKILLed holder after the grace period',
  async (lock) => {
    const path = join(directory, `stale-${lock}.log`);
    const warnings: string[] = [];
    const storage = createJournalFileStorage(path, {
      lock,
      gracePeriodMs: 1_000,
      onWarning: (message) => warnings.push(message),
    });
    await storage.createStudy(['minimize'], 'stale');
    const holder = startFixture('journal-lock-holder.ts', { path, lock });
    await holder.waitFor((event) => event.event === 'locked');
    holder.kill();
    expect((await holder.exited).signal).toBe('SIGKILL');
    // The dead holder's lock is still there.
    await expect(lstat(journalLockPath(path))).resolves.toBeDefined();

    const started = performance.now();
    const studyId = await storage.getStudyIdFromName('stale');
    await storage.createTrial(studyId);
    const waitedMs = performance.now() - started;

    expect(waitedMs).toBeGreaterThanOrEqual(900);
    expect(waitedMs).toBeLessThan(10_000);
    expect(warnings.some((message) => message.includes('dead process'))).toBe(true);
    expect(await storage.getAllTrials(studyId)).toHaveLength(1);
  },
);

it.each(['symlink', 'open'] as const)(
  'keeps every record when several processes append at once (%s lock)',
  async (lock) => {
    const path = join(directory, `concurrent-${lock}.log`);
    const storage = createJournalFileStorage(path, { lock });
    const studyId = await storage.createStudy(['minimize'], 'concurrent');
    const writers = 4;
    const count = 40;
    const processes = Array.from({ length: writers }, (_, writer) =>
      startFixture('journal-appender.ts', { path, lock, studyName: 'concurrent', writer, count }),
    );
    const exits = await Promise.all(processes.map((process) => process.exited));

    expect(exits.map((exit) => exit.code)).toEqual(Array(writers).fill(0));
    const { userAttrs } = await storage.getStudy(studyId);
    expect(Object.keys(userAttrs)).toHaveLength(writers * count);
    for (let writer = 0; writer < writers; writer += 1) {
      for (let index = 0; index < count; index += 1) {
        expect(userAttrs[`writer-${writer}-${index}`]).toBe(index);
      }
    }
    const lines = (await readFile(path, 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(1 + writers * count);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  },
  60_000,
);
