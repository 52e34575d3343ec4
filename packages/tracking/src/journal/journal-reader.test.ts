import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JournalError } from './journal-error';
import { readJournal } from './journal-reader';
import { openJournalWriter } from './journal-writer';
import type { JournalRecord } from './records';

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'dagnostics-journal-reader-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const sessionStart = JSON.stringify({
  type: 'session-start',
  version: 1,
  sessionId: 's',
  pid: 1,
  hostname: 'h',
  startedAtMs: 1,
});
const runStart = JSON.stringify({
  type: 'run-start',
  seq: 1,
  localRunId: 'r',
  experimentName: 'e',
  startTimeMs: 1,
  tags: [],
});
const ack = JSON.stringify({ type: 'ack', seq: 1 });

async function readLines(lines: string[] | string): Promise<unknown> {
  const path = join(directory, 'journal.jsonl');
  await writeFile(path, typeof lines === 'string' ? lines : `${lines.join('\n')}\n`);
  return readJournal(path).catch((error: unknown) => error);
}

describe('readJournal', () => {
  it('drops a torn last line cut at any byte, and only that line', async () => {
    const writer = await openJournalWriter({ directory });
    await writer.append([
      {
        type: 'run-start',
        seq: writer.nextSeq(),
        localRunId: 'r',
        experimentName: 'e',
        startTimeMs: 1,
        tags: [],
      },
    ]);
    await writer.append([
      {
        type: 'batch',
        seq: writer.nextSeq(),
        localRunId: 'r',
        metrics: [{ key: 'loss', value: Number.NaN, timestampMs: 2, step: 1 }],
        params: [{ key: 'note', value: 'é😀 multi-byte' }],
        tags: [],
      },
    ]);
    await writer.close();
    const bytes = await readFile(writer.path);
    const complete = await readJournal(writer.path);
    expect(complete.tornTail).toBe(false);
    expect(complete.completeBytes).toBe(bytes.length);
    const lastLineStart = bytes.lastIndexOf(0x0a, bytes.length - 2) + 1;
    const allButLast = complete.records.slice(0, -1);

    const cutPath = join(directory, 'cut.jsonl');
    for (let cut = lastLineStart; cut < bytes.length; cut += 1) {
      await writeFile(cutPath, bytes.subarray(0, cut));
      const result = await readJournal(cutPath);
      expect(result.records, `cut at ${cut}`).toEqual(allButLast);
      expect(result.tornTail, `cut at ${cut}`).toBe(cut > lastLineStart);
      expect(result.completeBytes, `cut at ${cut}`).toBe(lastLineStart);
    }
  });

  it('names the line of damage in the middle of the file', async () => {
    const error = await readLines([sessionStart, runStart, '{"type": "batch", "seq": 2', ack]);
    expect(JournalError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'JOURNAL_CORRUPT', operation: 'parse', line: 3 });
    expect((error as Error).message).toMatch(
      /Line 3 of .*journal\.jsonl is damaged: the line is not JSON.*lines 1 to 2/,
    );
  });

  it('rejects a complete line that is JSON but not a valid record, saying where', async () => {
    const badMetric = JSON.stringify({
      type: 'batch',
      seq: 2,
      localRunId: 'r',
      metrics: [{ key: 'm', value: 'high', timestampMs: 1, step: 0 }],
      params: [],
      tags: [],
    });
    const error = await readLines([sessionStart, runStart, badMetric]);
    expect(error).toMatchObject({ code: 'JOURNAL_CORRUPT', line: 3 });
    expect((error as Error).message).toContain('metrics.0.value');
  });

  it('treats a damaged last line that ends in a newline as damage, not as a torn write', async () => {
    expect(await readLines([sessionStart, runStart, '{"type":'])).toMatchObject({
      line: 3,
      code: 'JOURNAL_CORRUPT',
    });
  });

  it('rejects invalid UTF-8 in a complete line', async () => {
    const path = join(directory, 'journal.jsonl');
    await writeFile(
      path,
      Buffer.concat([
        Buffer.from(`${sessionStart}\n{"x":"`),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('"}\n'),
      ]),
    );
    await expect(readJournal(path)).rejects.toMatchObject({ line: 2, code: 'JOURNAL_CORRUPT' });
  });

  it('asks for an upgrade for a newer format version', async () => {
    const newer = sessionStart.replace('"version":1', '"version":2');
    expect(await readLines([newer])).toMatchObject({
      code: 'JOURNAL_UNSUPPORTED_VERSION',
      line: 1,
    });
  });

  it('requires the journal to start with a session-start record', async () => {
    const error = await readLines([runStart]);
    expect(error).toMatchObject({ code: 'JOURNAL_CORRUPT', line: 1 });
    expect((error as Error).message).toMatch(/session-start/);
  });

  it('skips blank lines and reads an empty file as no records', async () => {
    const result = (await readLines([sessionStart, '', runStart])) as { records: JournalRecord[] };
    expect(result.records.map((record) => record.type)).toEqual(['session-start', 'run-start']);
    expect(await readLines('')).toEqual({ records: [], tornTail: false, completeBytes: 0 });
  });

  it('reports a missing file as a JournalError', async () => {
    const path = join(directory, 'missing.jsonl');
    await expect(readJournal(path)).rejects.toMatchObject({
      name: 'DagnosticsJournalError',
      operation: 'read',
      systemCode: 'ENOENT',
      path,
    });
  });
});
