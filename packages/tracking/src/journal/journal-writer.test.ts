import * as fsPromises from 'node:fs/promises';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, InvalidArgumentError } from '@dagnostics/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JournalFileSystem } from './file-system';
import { JournalError } from './journal-error';
import { readJournal } from './journal-reader';
import { openJournalWriter } from './journal-writer';
import type { BatchRecord, JournalRecord } from './records';

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'dagnostics-journal-writer-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

type FileHandle = Awaited<ReturnType<typeof fsPromises.open>>;

/**
 * `node:fs/promises` with the handles it opens wrapped (per instance, never the module), so a
 * test can count fsyncs and writes or make them fail.
 */
function wrappedFileSystem(wrap: (handle: FileHandle) => void): JournalFileSystem {
  return {
    ...fsPromises,
    open: async (...args: Parameters<typeof fsPromises.open>) => {
      const handle = await fsPromises.open(...args);
      wrap(handle);
      return handle;
    },
  };
}

function countingFileSystem(): {
  fileSystem: JournalFileSystem;
  counts: { syncs: number; writes: number };
} {
  const counts = { syncs: 0, writes: 0 };
  const fileSystem = wrappedFileSystem((handle) => {
    const sync = handle.sync.bind(handle);
    const write = handle.write.bind(handle) as (...args: unknown[]) => Promise<unknown>;
    handle.sync = () => {
      counts.syncs += 1;
      return sync();
    };
    handle.write = ((...args: unknown[]) => {
      counts.writes += 1;
      return write(...args);
    }) as FileHandle['write'];
  });
  return { fileSystem, counts };
}

function systemError(code: string): Error {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

function batch(seq: number, localRunId: string, metricCount = 1, keyLength = 8): BatchRecord {
  return {
    type: 'batch',
    seq,
    localRunId,
    metrics: Array.from({ length: metricCount }, (_, index) => ({
      key: `${'k'.repeat(keyLength)}${index}`,
      value: index / 3,
      timestampMs: 1_700_000_000_000 + index,
      step: index,
    })),
    params: [],
    tags: [],
  };
}

describe('openJournalWriter', () => {
  it('creates the journal, its lock and a session-start record without credentials', async () => {
    const before = Date.now();
    const writer = await openJournalWriter({
      directory,
      sessionId: 'session-1',
      trackingUri: 'https://user:secret@mlflow.example.com/',
    });
    expect(writer.sessionId).toBe('session-1');
    expect(writer.path).toBe(join(directory, 'journal', 'session-1.jsonl'));
    const lock = JSON.parse(await readFile(join(directory, 'journal', 'session-1.lock'), 'utf8'));
    expect(lock).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(lock.startedAtMs).toBeGreaterThanOrEqual(before);

    const { records } = await readJournal(writer.path);
    expect(records).toEqual([
      {
        type: 'session-start',
        version: 1,
        sessionId: 'session-1',
        pid: process.pid,
        hostname: hostname(),
        startedAtMs: expect.any(Number),
        trackingUri: 'https://mlflow.example.com/',
      },
    ]);
    expect(await readFile(writer.path, 'utf8')).not.toContain('secret');

    await writer.close();
    await expect(stat(join(directory, 'journal', 'session-1.lock'))).rejects.toThrow(/ENOENT/);
  });

  it('numbers records 1, 2, 3 and reads them back, NaN and infinities included', async () => {
    const writer = await openJournalWriter({ directory });
    expect([writer.nextSeq(), writer.nextSeq(), writer.nextSeq()]).toEqual([1, 2, 3]);
    const record: BatchRecord = {
      type: 'batch',
      seq: writer.nextSeq(),
      localRunId: 'run',
      metrics: [
        { key: 'nan', value: Number.NaN, timestampMs: 1, step: 0 },
        { key: 'up', value: Number.POSITIVE_INFINITY, timestampMs: 1, step: 0 },
        { key: 'down', value: '-Infinity', timestampMs: 1, step: 0 },
      ],
      params: [{ key: 'p', value: 'é😀\n"' }],
      tags: [],
    };
    await writer.append([record]);
    await writer.close();
    const text = await readFile(writer.path, 'utf8');
    expect(text).toContain('"value":"NaN"');
    expect(text).toContain('"value":"Infinity"');
    const { records } = await readJournal(writer.path);
    expect(records[1]).toEqual({
      ...record,
      metrics: [
        { key: 'nan', value: Number.NaN, timestampMs: 1, step: 0 },
        { key: 'up', value: Number.POSITIVE_INFINITY, timestampMs: 1, step: 0 },
        { key: 'down', value: Number.NEGATIVE_INFINITY, timestampMs: 1, step: 0 },
      ],
    });
  });

  it('fsyncs once per append, in one write, and never for appendLazy', async () => {
    const { fileSystem, counts } = countingFileSystem();
    const writer = await openJournalWriter({ directory, fileSystem });
    counts.syncs = 0;
    counts.writes = 0;
    await writer.append([batch(writer.nextSeq(), 'run')]);
    await writer.append(Array.from({ length: 500 }, () => batch(writer.nextSeq(), 'run', 20)));
    await writer.append([batch(writer.nextSeq(), 'run'), batch(writer.nextSeq(), 'run')]);
    expect(counts).toEqual({ syncs: 3, writes: 3 });
    await writer.appendLazy([{ type: 'ack', seq: 1 }]);
    await writer.appendLazy([
      { type: 'ack', seq: 2 },
      { type: 'ack', seq: 3 },
    ]);
    expect(counts).toEqual({ syncs: 3, writes: 5 });
    await writer.append([]);
    expect(counts).toEqual({ syncs: 3, writes: 5 });
    await writer.close();
    expect(counts.syncs).toBe(4);
    expect((await readJournal(writer.path)).records).toHaveLength(1 + 1 + 500 + 2 + 3);
  });

  it('never interleaves concurrent appends, even when the disk takes each write in small pieces', async () => {
    // Short writes of at most 4 KiB with a pause between: without serialization, the pieces of
    // concurrent calls would mix.
    const fileSystem = wrappedFileSystem((handle) => {
      const write = handle.write.bind(handle) as (
        buffer: Buffer,
        offset: number,
        length: number,
      ) => Promise<{ bytesWritten: number }>;
      handle.write = (async (buffer: Buffer, offset: number, length: number) => {
        await new Promise((resolve) => setImmediate(resolve));
        return write(buffer, offset, Math.min(length, 4096));
      }) as FileHandle['write'];
    });
    const writer = await openJournalWriter({ directory, fileSystem });
    const calls = Array.from({ length: 40 }, (_, call) =>
      Array.from({ length: 5 }, () => batch(writer.nextSeq(), `call-${call}`, 40, 60)),
    );
    await Promise.all(
      calls.map((records, call) =>
        call % 3 === 0 ? writer.appendLazy(records) : writer.append(records),
      ),
    );
    await writer.close();

    const { records, tornTail } = await readJournal(writer.path);
    expect(tornTail).toBe(false);
    const operations = records.slice(1) as BatchRecord[];
    expect(operations).toHaveLength(200);
    for (let index = 0; index < operations.length; index += 5) {
      const group = operations.slice(index, index + 5);
      const localRunId = group[0]?.localRunId as string;
      expect(group.map((record) => record.localRunId)).toEqual(Array(5).fill(localRunId));
      expect(group).toEqual(calls[Number(localRunId.slice('call-'.length))]);
    }
    // Calls were queued in call order, so they land in call order.
    expect(operations.map((record) => record.seq)).toEqual(
      Array.from({ length: 200 }, (_, index) => index + 1),
    );
  });

  it('rejects an invalid record and writes nothing of the call', async () => {
    const writer = await openJournalWriter({ directory });
    const sizeBefore = (await stat(writer.path)).size;
    const invalid = {
      ...batch(writer.nextSeq(), 'run'),
      metrics: [{ key: 'm', value: 1, timestampMs: 1.5, step: 0 }],
    };
    const error = await writer
      .append([batch(writer.nextSeq(), 'run'), invalid])
      .catch((caught: unknown) => caught);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).message).toMatch(
      /records\[1\].*metrics\.0\.timestampMs/,
    );
    expect((await stat(writer.path)).size).toBe(sizeBefore);
    await writer.close();
  });

  it('rolls back a write that fails for a full disk, says what to do, and goes on', async () => {
    let failNext = false;
    const fileSystem = wrappedFileSystem((handle) => {
      const write = handle.write.bind(handle) as (
        buffer: Buffer,
        offset: number,
        length: number,
      ) => Promise<{ bytesWritten: number }>;
      handle.write = (async (buffer: Buffer, offset: number, length: number) => {
        if (!failNext) return write(buffer, offset, length);
        failNext = false;
        await write(buffer, offset, Math.floor(length / 2));
        throw systemError('ENOSPC');
      }) as FileHandle['write'];
    });
    const writer = await openJournalWriter({ directory, fileSystem });
    const sizeBefore = (await stat(writer.path)).size;
    failNext = true;
    const error = await writer
      .append([batch(writer.nextSeq(), 'run', 50)])
      .catch((caught: unknown) => caught);
    expect(JournalError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'JOURNAL_IO',
      operation: 'write',
      systemCode: 'ENOSPC',
      isRetryable: true,
      path: writer.path,
    });
    expect((error as JournalError).message).toMatch(
      /no space left.*Free disk space.*Nothing of this call was written/s,
    );
    expect((await stat(writer.path)).size).toBe(sizeBefore);

    const next = batch(writer.nextSeq(), 'run');
    await writer.append([next]);
    await writer.close();
    const { records, tornTail } = await readJournal(writer.path);
    expect(tornTail).toBe(false);
    expect(records.slice(1)).toEqual([next]);
  });

  it('stops trusting the journal after a failed fsync', async () => {
    let failSync = false;
    const fileSystem = wrappedFileSystem((handle) => {
      const sync = handle.sync.bind(handle);
      handle.sync = () => (failSync ? Promise.reject(systemError('EIO')) : sync());
    });
    const writer = await openJournalWriter({ directory, fileSystem });
    await writer.append([batch(writer.nextSeq(), 'run')]);
    failSync = true;
    const failure = await writer
      .append([batch(writer.nextSeq(), 'run')])
      .catch((caught: unknown) => caught);
    expect(failure).toMatchObject({
      code: 'JOURNAL_CLOSED',
      systemCode: 'EIO',
      isRetryable: false,
    });
    expect((failure as Error).message).toMatch(/can no longer be trusted.*accepts no more records/);
    failSync = false;
    await expect(writer.append([batch(writer.nextSeq(), 'run')])).rejects.toBe(failure);
    await writer.close();
  });

  it('reports a permission problem with what to do about it', async () => {
    const fileSystem: JournalFileSystem = {
      ...fsPromises,
      mkdir: (() => Promise.reject(systemError('EACCES'))) as JournalFileSystem['mkdir'],
    };
    const error = await openJournalWriter({ directory, fileSystem }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({
      name: 'DagnosticsJournalError',
      operation: 'open',
      systemCode: 'EACCES',
      path: join(directory, 'journal'),
    });
    expect((error as Error).message).toMatch(/permission denied.*writable/);
  });

  it('refuses a session that a running process holds', async () => {
    const writer = await openJournalWriter({ directory, sessionId: 'busy' });
    const error = await openJournalWriter({ directory, sessionId: 'busy' }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ code: 'JOURNAL_LOCKED', operation: 'lock' });
    expect((error as Error).message).toMatch(`locked by pid ${process.pid}`);
    await writer.close();
  });

  it('continues a closed session after its last seq, dropping a torn last line first', async () => {
    const first = await openJournalWriter({ directory, sessionId: 'resumed' });
    const early = [
      batch(first.nextSeq(), 'run'),
      batch(first.nextSeq(), 'run'),
      batch(first.nextSeq(), 'run'),
    ];
    await first.append(early);
    await first.close();
    await writeFile(first.path, '{"type":"batch","seq":4,"localRu', { flag: 'a' });

    const second = await openJournalWriter({ directory, sessionId: 'resumed' });
    expect(second.nextSeq()).toBe(4);
    const late = batch(5, 'run');
    await second.append([late]);
    await second.close();

    const { records, tornTail } = await readJournal(second.path);
    expect(tornTail).toBe(false);
    expect(records.map((record) => record.type)).toEqual([
      'session-start',
      'batch',
      'batch',
      'batch',
      'session-start',
      'batch',
    ]);
    expect(records.slice(1, 4)).toEqual(early);
    expect(records[5]).toEqual(late);
  });

  it('stops opening on an aborted signal and leaves no lock', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(
      openJournalWriter({ directory, sessionId: 'aborted', signal: controller.signal }),
    ).rejects.toThrow('stop');
    await expect(stat(join(directory, 'journal', 'aborted.lock'))).rejects.toThrow(/ENOENT/);
  });

  it('rejects appends after close, and close twice is fine', async () => {
    const writer = await openJournalWriter({ directory });
    const pending = writer.append([batch(writer.nextSeq(), 'run')]);
    const closing = writer.close();
    await expect(writer.append([batch(writer.nextSeq(), 'run')])).rejects.toMatchObject({
      code: 'JOURNAL_CLOSED',
    });
    await pending;
    await closing;
    await writer.close();
    expect((await readJournal(writer.path)).records).toHaveLength(2);
  });

  it('rejects unknown settings and session ids that are not file names', async () => {
    await expect(
      openJournalWriter({ directory, sessionID: 'x' } as unknown as { directory: string }),
    ).rejects.toSatisfy((error: unknown) => ConfigError.isInstance(error));
    await expect(openJournalWriter({ directory, sessionId: '../escape' })).rejects.toSatisfy(
      (error: unknown) => InvalidArgumentError.isInstance(error),
    );
  });
});

// Keeps the type import honest: every record type can be appended.
const everyRecordType: JournalRecord['type'][] = [
  'session-start',
  'run-start',
  'batch',
  'inputs',
  'run-end',
  'ack',
];
it('appends every record type', async () => {
  const writer = await openJournalWriter({ directory });
  const records: JournalRecord[] = [
    {
      type: 'run-start',
      seq: writer.nextSeq(),
      localRunId: 'r',
      experimentName: 'e',
      startTimeMs: 1,
      tags: [],
    },
    batch(writer.nextSeq(), 'r'),
    {
      type: 'inputs',
      seq: writer.nextSeq(),
      localRunId: 'r',
      datasets: [{ name: 'd', digest: 'x', sourceType: 'local', source: '/d', tags: [] }],
    },
    { type: 'run-end', seq: writer.nextSeq(), localRunId: 'r', status: 'FINISHED', endTimeMs: 2 },
    { type: 'ack', seq: 1, serverRunId: 's', serverExperimentId: '1' },
  ];
  await writer.append(records);
  await writer.close();
  const read = (await readJournal(writer.path)).records;
  expect(read.map((record) => record.type)).toEqual(everyRecordType);
  expect(read.slice(1)).toEqual(records);
});
