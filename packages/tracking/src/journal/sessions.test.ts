import { type ChildProcess, spawn } from 'node:child_process';
import * as fsPromises from 'node:fs/promises';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JournalFileSystem } from './file-system';
import { JournalError } from './journal-error';
import { readJournal } from './journal-reader';
import { openJournalWriter } from './journal-writer';
import { pendingOperations } from './pending';
import type { JournalRecord } from './records';
import { adoptSession, listSessions } from './sessions';

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'dagnostics-sessions-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', resolve);
  });
}

/**
 * A real process that starts a session (journal and lock, as the writer leaves them), logs a run
 * whose start the server acknowledged and a batch it did not, and dies without closing.
 */
async function crashedSession(sessionId: string): Promise<number> {
  const script = `
    const fs = require('node:fs'), os = require('node:os'), path = require('node:path');
    const [folder, id] = process.argv.slice(1);
    const lines = [
      { type: 'session-start', version: 1, sessionId: id, pid: process.pid, hostname: os.hostname(), startedAtMs: Date.now() },
      { type: 'run-start', seq: 1, localRunId: 'run-a', experimentName: 'exp', startTimeMs: 1000, tags: [] },
      { type: 'ack', seq: 1, serverRunId: 'server-a', serverExperimentId: '7' },
      { type: 'batch', seq: 2, localRunId: 'run-a', metrics: [{ key: 'loss', value: 0.5, timestampMs: 1001, step: 0 }], params: [], tags: [] },
    ];
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, id + '.jsonl'), lines.map((line) => JSON.stringify(line) + '\\n').join(''));
    fs.writeFileSync(path.join(folder, id + '.lock'), JSON.stringify({ pid: process.pid, hostname: os.hostname(), startedAtMs: Date.now(), token: 'child' }));
  `;
  const child = spawn(process.execPath, ['-e', script, join(directory, 'journal'), sessionId], {
    stdio: 'inherit',
  });
  expect(await exited(child)).toBe(0);
  return child.pid as number;
}

async function writeForeignLock(sessionId: string): Promise<void> {
  const folder = join(directory, 'journal');
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, `${sessionId}.jsonl`), '');
  await writeFile(
    join(folder, `${sessionId}.lock`),
    JSON.stringify({ pid: process.pid, hostname: `not-${hostname()}`, startedAtMs: 1, token: 't' }),
  );
}

function settledOutcomes(results: PromiseSettledResult<unknown>[]): {
  won: number;
  lost: unknown[];
} {
  const lost = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
  return { won: results.length - lost.length, lost };
}

describe('listSessions', () => {
  it('tells alive, closed, dead and unknown sessions apart', async () => {
    const alive = await openJournalWriter({ directory, sessionId: 'alive' });
    const closed = await openJournalWriter({ directory, sessionId: 'closed' });
    await closed.close();
    const deadPid = await crashedSession('dead');
    await writeForeignLock('elsewhere');

    const sessions = await listSessions(directory);
    expect(sessions.map(({ sessionId, status }) => [sessionId, status])).toEqual([
      ['alive', 'alive'],
      ['closed', 'closed'],
      ['dead', 'dead'],
      ['elsewhere', 'unknown'],
    ]);
    expect(sessions[0]?.lock?.pid).toBe(process.pid);
    expect(sessions[2]?.lock).toMatchObject({ pid: deadPid, hostname: hostname() });
    expect(sessions[2]?.sizeBytes).toBeGreaterThan(0);
    expect(sessions[1]?.lock).toBeUndefined();
    await alive.close();
  });

  it('lists nothing for a directory without journals', async () => {
    expect(await listSessions(join(directory, 'nothing-here'))).toEqual([]);
  });

  it.skipIf(process.platform !== 'linux')(
    'counts a lock from before the last reboot as dead, whatever its pid',
    async () => {
      const folder = join(directory, 'journal');
      await mkdir(folder, { recursive: true });
      await writeFile(join(folder, 'rebooted.jsonl'), '');
      await writeFile(
        join(folder, 'rebooted.lock'),
        JSON.stringify({
          pid: process.pid,
          hostname: hostname(),
          startedAtMs: 1,
          token: 't',
          bootId: 'an-earlier-boot',
        }),
      );
      expect((await listSessions(directory))[0]?.status).toBe('dead');
    },
  );
});

describe('adoptSession', () => {
  it('lets exactly one of many concurrent adopters take a dead session', async () => {
    for (let round = 0; round < 5; round += 1) {
      const sessionId = `dead-${round}`;
      const deadPid = await crashedSession(sessionId);
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, () => adoptSession(directory, sessionId)),
      );
      const { won, lost } = settledOutcomes(results);
      expect(won).toBe(1);
      for (const error of lost) {
        expect(JournalError.isInstance(error), String(error)).toBe(true);
        expect(error).toMatchObject({ code: 'JOURNAL_LOCKED' });
      }
      const winner = results.find((result) => result.status === 'fulfilled');
      const adopted = winner?.status === 'fulfilled' ? winner.value : undefined;
      expect(adopted?.previousOwner?.pid).toBe(deadPid);
      const lock = JSON.parse(
        await readFile(join(directory, 'journal', `${sessionId}.lock`), 'utf8'),
      );
      expect(lock).toEqual(adopted?.lock);
      expect(lock.pid).toBe(process.pid);
    }
    // No claim or temporary files are left behind.
    const names = await readdir(join(directory, 'journal'));
    expect(names.filter((name) => !/\.(jsonl|lock)$/.test(name))).toEqual([]);
  });

  it('does not let a slow adopter that read the dead lock take the session after another adopted it', async () => {
    await crashedSession('slow');
    let signalRead: () => void = () => undefined;
    const slowHasReadTheLock = new Promise<void>((resolve) => {
      signalRead = resolve;
    });
    let releaseClaim: () => void = () => undefined;
    const claimReleased = new Promise<void>((resolve) => {
      releaseClaim = resolve;
    });
    const slowFileSystem: JournalFileSystem = {
      ...fsPromises,
      readFile: (async (...args: Parameters<typeof fsPromises.readFile>) => {
        const content = await fsPromises.readFile(...args);
        if (String(args[0]).endsWith('.lock')) signalRead();
        return content;
      }) as JournalFileSystem['readFile'],
      writeFile: (async (...args: Parameters<typeof fsPromises.writeFile>) => {
        if (String(args[0]).includes('.claim-')) await claimReleased;
        return fsPromises.writeFile(...args);
      }) as JournalFileSystem['writeFile'],
    };
    const slow = adoptSession(directory, 'slow', { fileSystem: slowFileSystem }).catch(
      (error: unknown) => error,
    );
    await slowHasReadTheLock;
    const fast = await adoptSession(directory, 'slow');
    releaseClaim();
    expect(await slow).toMatchObject({ code: 'JOURNAL_LOCKED' });
    const lock = JSON.parse(await readFile(join(directory, 'journal', 'slow.lock'), 'utf8'));
    expect(lock.token).toBe(fast.lock.token);
  });

  it('lets exactly one of several processes adopt a dead session', async () => {
    await crashedSession('contested');
    const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
    const goFile = join(directory, 'go');
    const script = `
      import { existsSync } from 'node:fs';
      const { adoptSession } = await import('./src/journal/index.ts');
      const [directory, goFile] = process.argv.slice(1);
      process.stdout.write('ready\\n');
      while (!existsSync(goFile)) await new Promise((resolve) => setTimeout(resolve, 1));
      try {
        const adopted = await adoptSession(directory, 'contested');
        process.stdout.write(JSON.stringify({ ok: true, pid: process.pid, token: adopted.lock.token }) + '\\n');
      } catch (error) {
        process.stdout.write(JSON.stringify({ ok: false, code: error.code }) + '\\n');
      }
    `;
    const children = Array.from({ length: 3 }, () =>
      spawn(
        process.execPath,
        [
          '--conditions=@dagnostics/source',
          '--import',
          'tsx',
          '--input-type=module',
          '-e',
          script,
          directory,
          goFile,
        ],
        { cwd: packageRoot, stdio: ['ignore', 'pipe', 'inherit'] },
      ),
    );
    const outputs = children.map((child) => {
      let text = '';
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk;
      });
      return { read: () => text, exit: exited(child) };
    });
    while (!outputs.every((output) => output.read().includes('ready'))) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await writeFile(goFile, '');
    await Promise.all(outputs.map((output) => output.exit));
    const answers = outputs.map(
      (output) =>
        JSON.parse(output.read().split('\n')[1] as string) as {
          ok: boolean;
          code?: string;
          token?: string;
        },
    );
    expect(answers.filter((answer) => answer.ok)).toHaveLength(1);
    expect(answers.filter((answer) => !answer.ok).map((answer) => answer.code)).toEqual([
      'JOURNAL_LOCKED',
      'JOURNAL_LOCKED',
    ]);
    const lock = JSON.parse(await readFile(join(directory, 'journal', 'contested.lock'), 'utf8'));
    expect(lock.token).toBe(answers.find((answer) => answer.ok)?.token);
  }, 60_000);

  it('lets exactly one of many concurrent adopters take a closed session', async () => {
    const writer = await openJournalWriter({ directory, sessionId: 'closed' });
    await writer.close();
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => adoptSession(directory, 'closed')),
    );
    expect(settledOutcomes(results).won).toBe(1);
    expect((await listSessions(directory))[0]?.status).toBe('alive');
  });

  it('refuses alive, unknown and missing sessions', async () => {
    const alive = await openJournalWriter({ directory, sessionId: 'alive' });
    await expect(adoptSession(directory, 'alive')).rejects.toMatchObject({
      code: 'JOURNAL_LOCKED',
    });
    await writeForeignLock('elsewhere');
    const foreign = await adoptSession(directory, 'elsewhere').catch((error: unknown) => error);
    expect(foreign).toMatchObject({ code: 'JOURNAL_LOCKED' });
    expect((foreign as Error).message).toMatch(/cannot tell/);
    await expect(adoptSession(directory, 'missing')).rejects.toMatchObject({ operation: 'adopt' });
    await alive.close();
  });

  it('hands the session to a writer that continues it, so its pending records can be replayed and acknowledged', async () => {
    await crashedSession('recover');
    const refused = await openJournalWriter({ directory, sessionId: 'recover' }).catch(
      (error: unknown) => error,
    );
    expect((refused as Error).message).toMatch(/adoptSession/);

    const adopted = await adoptSession(directory, 'recover');
    const before = await readJournal(adopted.journalPath);
    const { operations, runIds } = pendingOperations(before.records);
    expect(operations.map((operation) => [operation.type, operation.seq])).toEqual([['batch', 2]]);
    expect(runIds.get('run-a')).toEqual({ serverRunId: 'server-a', serverExperimentId: '7' });

    const writer = await openJournalWriter({ directory, adopted });
    expect(writer.nextSeq()).toBe(3);
    await writer.appendLazy([{ type: 'ack', seq: 2 }]);
    await writer.close();

    const after = await readJournal(adopted.journalPath);
    expect(pendingOperations(after.records).operations).toEqual([]);
    const starts = after.records.filter(
      (record): record is JournalRecord & { type: 'session-start' } =>
        record.type === 'session-start',
    );
    expect(starts.map((record) => record.pid)).toEqual([adopted.previousOwner?.pid, process.pid]);
    expect((await listSessions(directory))[0]?.status).toBe('closed');
  });

  it('refuses to write for an adoption whose lock another process replaced since', async () => {
    await crashedSession('stolen');
    const adopted = await adoptSession(directory, 'stolen');
    await writeFile(adopted.lockPath, JSON.stringify({ ...adopted.lock, token: 'someone-else' }));
    await expect(openJournalWriter({ directory, adopted })).rejects.toMatchObject({
      code: 'JOURNAL_LOCKED',
    });
  });
});
