import { appendFile, mkdtemp, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StorageError } from '../../errors';
import { createJournalFileBackend } from './file-backend';
import { journalLockPath } from './file-lock';
import type { JournalLog } from './journal-log';

const record = (n: number): JournalLog => ({
  op_code: 0,
  worker_id: 'w',
  study_name: `s${n}`,
  directions: [1],
});

describe('journal file backend', () => {
  let directory: string;
  let path: string;
  let warnings: string[];
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'journal-file-'));
    path = join(directory, 'journal.log');
    warnings = [];
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });
  const backend = (options = {}) =>
    createJournalFileBackend(path, { onWarning: (message) => warnings.push(message), ...options });

  it('appends compact JSON lines and reads them incrementally by byte offset', async () => {
    const journal = backend();
    await journal.append([record(0), record(1)]);
    const first = await journal.readFrom(0);
    await journal.append([record(2)]);
    const second = await journal.readFrom(first.nextOffset);

    expect(first.logs.map((log) => log.study_name)).toEqual(['s0', 's1']);
    expect(second.logs.map((log) => log.study_name)).toEqual(['s2']);
    const text = await readFile(path, 'utf8');
    expect(second.nextOffset).toBe(Buffer.byteLength(text));
    expect(text.split('\n')[0]).toBe(
      '{"op_code":0,"worker_id":"w","study_name":"s0","directions":[1]}',
    );
  });

  it('leaves a torn last line for later and reads it once completed', async () => {
    const journal = backend();
    await journal.append([record(0)]);
    await appendFile(path, '{"op_code":0,"worker_id":"w","study_na');
    const torn = await journal.readFrom(0);
    await appendFile(path, 'me":"late","directions":[1]}\n');
    const completed = await journal.readFrom(torn.nextOffset);

    expect(torn.logs).toHaveLength(1);
    expect(completed.logs.map((log) => log.study_name)).toEqual(['late']);
    expect(warnings).toEqual([]);
  });

  it('skips a garbage last line with one warning, and fails on one followed by records', async () => {
    const journal = backend();
    await journal.append([record(0)]);
    await appendFile(path, 'not json\n');
    expect((await journal.readFrom(0)).logs).toHaveLength(1);
    expect((await journal.readFrom(0)).logs).toHaveLength(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/not JSON/);

    await appendFile(path, '{"op_code":1,"worker_id":"w","study_id":0}\n');
    await expect(journal.readFrom(0)).rejects.toSatisfy((error: unknown) =>
      StorageError.isInstance(error),
    );
  });

  it.each([
    ['a torn last line', '{"op_code":0,"wor'],
    ['a garbage last line', '{"op_code":0,"wor}\n'],
  ])('cuts off %s before appending, so the file stays readable', async (_name, tail) => {
    const journal = backend();
    await journal.append([record(0)]);
    await appendFile(path, tail);
    await journal.append([record(1)]);
    const { logs } = await journal.readFrom(0);

    expect(logs.map((log) => log.study_name)).toEqual(['s0', 's1']);
    expect(warnings.some((message) => message.startsWith('Removing'))).toBe(true);
  });

  it.each(['symlink', 'open'] as const)(
    'breaks a %s lock left unchanged for the grace period',
    async (lock) => {
      await writeFile(path, '');
      if (lock === 'symlink') await symlink(path, journalLockPath(path));
      else await writeFile(journalLockPath(path), '');
      const old = new Date(Date.now() - 60_000);
      await utimes(path, old, old);
      await utimes(journalLockPath(path), old, old);
      const started = performance.now();
      await backend({ lock, gracePeriodMs: 300 }).append([record(0)]);
      const waitedMs = performance.now() - started;

      expect(waitedMs).toBeGreaterThanOrEqual(300);
      expect(waitedMs).toBeLessThan(3_000);
      expect(warnings.some((message) => /dead process/.test(message))).toBe(true);
      expect((await backend().readFrom(0)).logs).toHaveLength(1);
      await expect(readFile(journalLockPath(path))).rejects.toThrow(/ENOENT/);
    },
  );

  it('waits for a held lock to be released instead of breaking it', async () => {
    await writeFile(journalLockPath(path), '');
    const release = setTimeout(() => void rm(journalLockPath(path)), 250);
    const started = performance.now();
    await backend({ lock: 'open', gracePeriodMs: 5_000 }).append([record(0)]);
    clearTimeout(release);

    expect(performance.now() - started).toBeGreaterThanOrEqual(200);
    expect(warnings).toEqual([]);
    expect((await backend().readFrom(0)).logs).toHaveLength(1);
  });

  it('reports a journal shorter than what was read as a StorageError', async () => {
    const journal = backend();
    await journal.append([record(0)]);
    const { nextOffset } = await journal.readFrom(0);
    await writeFile(path, '');

    await expect(journal.readFrom(nextOffset)).rejects.toSatisfy((error: unknown) =>
      StorageError.isInstance(error),
    );
  });
});
