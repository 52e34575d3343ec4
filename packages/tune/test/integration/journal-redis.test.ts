import { randomUUID } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import {
  describeWithPrerequisite,
  describeWithService,
} from '../../../../scripts/test-env/services';
import { createRespClient } from '../../src/storage/journal/resp-client';
import { createJournalRedisStorage } from '../../src/storage/journal-redis-storage';
import { float, writeEveryOperation } from './fixtures/journal-study';
import {
  comparableOurs,
  comparablePython,
  pythonUnavailableReason,
  runPythonJournal,
} from './fixtures/journal-support';

describeWithService('redis', 'journal Redis storage', (redis) => {
  const prefixes: string[] = [];
  const newPrefix = () => {
    const prefix = `tune-journal-${randomUUID()}`;
    prefixes.push(prefix);
    return prefix;
  };
  afterAll(async () => {
    const client = createRespClient(redis.url);
    for (const prefix of prefixes) {
      const keys = (await client.command('KEYS', `${prefix}:*`)) as Buffer[];
      if (keys.length > 0) await client.command('DEL', ...keys);
    }
    await client.close();
  });

  it("uses Optuna's key layout: a log counter and one key per record", async () => {
    const prefix = newPrefix();
    const storage = createJournalRedisStorage(redis.url, { prefix });
    const studyId = await storage.createStudy(['minimize'], 'layout');
    await storage.createTrial(studyId);
    await storage.close();
    const client = createRespClient(redis.url);
    try {
      expect(String(await client.command('GET', `${prefix}:log_number`))).toBe('1');
      const first = JSON.parse(String(await client.command('GET', `${prefix}:log:0`)));
      expect(first).toMatchObject({ op_code: 0, study_name: 'layout', directions: [1] });
      expect(await client.command('GET', `${prefix}:log:2`)).toBeNull();
    } finally {
      await client.close();
    }
  });

  it('skips an unreadable last record with a warning, and fails on one followed by others', async () => {
    const prefix = newPrefix();
    const warnings: string[] = [];
    const storage = createJournalRedisStorage(redis.url, {
      prefix,
      onWarning: (message) => warnings.push(message),
    });
    const studyId = await storage.createStudy(['minimize'], 'garbage');
    const client = createRespClient(redis.url);
    try {
      await client.command('SET', `${prefix}:log:1`, '{"op_code":4,"wor');
      await client.command('SET', `${prefix}:log_number`, 1);
      expect(await storage.getAllTrials(studyId)).toEqual([]);
      expect(warnings).toHaveLength(1);

      await client.command('SET', `${prefix}:log:2`, '{"op_code":1,"worker_id":"w","study_id":0}');
      await client.command('SET', `${prefix}:log_number`, 2);
      await expect(storage.getAllStudies()).rejects.toThrow(/not JSON/);
    } finally {
      await client.close();
      await storage.close();
    }
  });

  describeWithPrerequisite(
    'against Python Optuna 5',
    "the venv Python with Optuna and the 'redis' package",
    pythonUnavailableReason(true),
    () => {
      it('writes a study that Optuna loads with the same trials', async () => {
        const prefix = newPrefix();
        await writeEveryOperation(createJournalRedisStorage(redis.url, { prefix }));
        const storage = createJournalRedisStorage(redis.url, { prefix });

        const optuna = comparablePython(
          runPythonJournal('journal_dump.py', ['--redis', redis.url, '--prefix', prefix]),
        );
        expect(optuna.map((study) => study.study_name)).toEqual(['ours-single', 'ours-multi']);
        expect(optuna[0]?.trials).toHaveLength(6);
        expect(optuna).toEqual(await comparableOurs(storage));
        await storage.close();
      });

      it('reads a study Optuna wrote, and Optuna reads what we add', async () => {
        const prefix = newPrefix();
        const written = comparablePython(
          runPythonJournal('journal_write.py', ['--redis', redis.url, '--prefix', prefix]),
        );
        const storage = createJournalRedisStorage(redis.url, { prefix });
        expect(await comparableOurs(storage)).toEqual(written);

        const single = await storage.getStudyIdFromName('python-single');
        const added = await storage.createTrial(single);
        await storage.setTrialParam(added, 'x', -2, float);
        await storage.setTrialStateValues(added, 'COMPLETE', [4]);
        const reread = comparablePython(
          runPythonJournal('journal_dump.py', ['--redis', redis.url, '--prefix', prefix]),
        );
        expect(reread).toEqual(await comparableOurs(storage));
        expect(reread[0]?.trials.at(-1)).toMatchObject({
          state: 'COMPLETE',
          values: [4],
          params: { x: -2 },
        });
        await storage.close();
      });
    },
  );
});
