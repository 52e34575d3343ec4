import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTemporaryDirectory } from '../../../test/support/temporary-directory';
import { createFileTransport, createLineageEmitter, type RunEvent } from '../index';

const directory = useTemporaryDirectory('dagnostics-lineage-');

describe('createFileTransport', () => {
  it('appends one parseable JSON line per event, creating the folder', async () => {
    const path = join(directory(), 'nested', 'events.jsonl');
    const transport = createFileTransport({ path, fsync: true }, { env: {} });
    const lineage = createLineageEmitter({ transport, namespace: 'churn' }, { env: {} });
    const runs = await Promise.all([lineage.start('a'), lineage.start('b'), lineage.start('c')]);
    await Promise.all(runs.map((run) => run.complete()));

    const lines = (await readFile(path, 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    const events = lines.map((line) => JSON.parse(line) as RunEvent);
    expect(events).toHaveLength(6);
    for (const run of runs) {
      expect(
        events.filter((event) => event.run.runId === run.runId).map((event) => event.eventType),
      ).toEqual(['START', 'COMPLETE']);
    }
  });

  it('appends to an existing file instead of replacing it', async () => {
    const path = join(directory(), 'append.jsonl');
    const first = createLineageEmitter(
      { transport: createFileTransport({ path }, { env: {} }) },
      { env: {} },
    );
    await first.start('one');
    const second = createLineageEmitter(
      { transport: createFileTransport({ path }, { env: {} }) },
      { env: {} },
    );
    await second.start('two');
    const names = (await readFile(path, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as RunEvent).job.name);
    expect(names).toEqual(['one', 'two']);
  });

  it('takes its path from OPENLINEAGE__TRANSPORT__LOG_FILE_PATH, else openlineage.jsonl', () => {
    const path = join(directory(), 'from-env.jsonl');
    expect(
      createFileTransport({}, { env: { OPENLINEAGE__TRANSPORT__LOG_FILE_PATH: path } }).path,
    ).toBe(path);
    expect(createFileTransport({}, { env: {} }).path).toBe('openlineage.jsonl');
  });
});
