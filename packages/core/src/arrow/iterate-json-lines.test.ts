import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTemporaryDirectory } from '../../test/support/temporary-directory';
import { DataFormatError } from '../errors';
import { iterateJsonLines } from './index';

const temporaryDirectory = useTemporaryDirectory('dagnostics-iterate-jsonl-');

async function collect(path: string, signal?: AbortSignal): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for await (const row of iterateJsonLines(path, { signal })) rows.push(row);
  return rows;
}

describe('iterateJsonLines', () => {
  it('streams objects across chunk boundaries, multi-byte characters included', async () => {
    const path = join(temporaryDirectory(), 'large.jsonl');
    const count = 20_000;
    const lines = Array.from({ length: count }, (_, index) =>
      JSON.stringify({ index, text: `ž🚀${'x'.repeat(index % 50)}` }),
    );
    await writeFile(path, `\uFEFF${lines.join('\r\n')}`);
    let seen = 0;
    for await (const row of iterateJsonLines(path)) {
      expect(row.index).toBe(seen);
      expect(row.text).toBe(`ž🚀${'x'.repeat(seen % 50)}`);
      seen++;
    }
    expect(seen).toBe(count);
  });

  it('skips blank lines and reports a bad line by number after yielding the good ones', async () => {
    const path = join(temporaryDirectory(), 'bad.jsonl');
    await writeFile(path, '{"a":1}\n\n{"a":2}\nnot json\n{"a":3}\n');
    const rows: unknown[] = [];
    let caught: unknown;
    try {
      for await (const row of iterateJsonLines(path)) rows.push(row);
    } catch (error) {
      caught = error;
    }
    expect(rows).toEqual([{ a: 1 }, { a: 2 }]);
    expect(DataFormatError.isInstance(caught)).toBe(true);
    expect(caught).toMatchObject({ format: 'jsonl', line: 4 });
  });

  it('stops when the signal aborts', async () => {
    const path = join(temporaryDirectory(), 'abort.jsonl');
    await writeFile(path, '{"a":1}\n{"a":2}\n{"a":3}\n');
    const controller = new AbortController();
    const rows: unknown[] = [];
    const reason = new Error('stop');
    await expect(
      (async () => {
        for await (const row of iterateJsonLines(path, { signal: controller.signal })) {
          rows.push(row);
          controller.abort(reason);
        }
      })(),
    ).rejects.toBe(reason);
    expect(rows).toEqual([{ a: 1 }]);
    await expect(collect(path, controller.signal)).rejects.toBe(reason);
  });

  it('rejects with the file-system error for a missing file', async () => {
    await expect(collect(join(temporaryDirectory(), 'missing.jsonl'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });

  it('reads an empty file as no rows', async () => {
    const path = join(temporaryDirectory(), 'empty.jsonl');
    await writeFile(path, '');
    expect(await collect(path)).toEqual([]);
  });
});
