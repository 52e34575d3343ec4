import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidArgumentError } from '../../errors';
import { validateJsonLines } from './index';

const Row = () => z.object({ id: z.int(), name: z.string() });

const directory = mkdtempSync(join(tmpdir(), 'validate-json-lines-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function temporaryFile(name: string, content: string | Uint8Array): string {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
}

describe('validateJsonLines', () => {
  it('reports every bad line with its line number and keeps the good ones', async () => {
    const text = [
      '{"id": 1, "name": "a"}',
      '',
      '{"id": 2, "name": ',
      '[1, 2]',
      '{"id": "3", "name": "c"}',
      '{"id": 4, "name": "d"}',
      '{"id": 5, "na',
    ].join('\n');
    const result = await validateJsonLines(text, Row());
    expect(result.rowCount).toBe(6);
    expect(result.validRowCount).toBe(2);
    expect(result.validRows).toEqual([
      { id: 1, name: 'a' },
      { id: 4, name: 'd' },
    ]);
    expect(result.failureCases).toHaveLength(4);
    expect(result.failureCases[0]).toEqual({
      column: null,
      check: 'malformed_json',
      checkIndex: null,
      failureCase: expect.stringMatching(/^line 3: not valid JSON \(/),
      rowIndex: 1,
      line: 3,
    });
    expect(result.failureCases[1]).toEqual({
      column: null,
      check: 'not_an_object',
      checkIndex: null,
      failureCase: 'line 4: an array, not an object',
      rowIndex: 2,
      line: 4,
    });
    expect(result.failureCases[2]).toEqual({
      column: 'id',
      check: 'invalid_type',
      checkIndex: 0,
      failureCase: '3',
      rowIndex: 3,
      line: 5,
    });
    expect(result.failureCases[3]).toEqual({
      column: null,
      check: 'truncated',
      checkIndex: null,
      failureCase: expect.stringMatching(/^line 7: last line cut short/),
      rowIndex: 5,
      line: 7,
    });
  });

  it('accepts a valid last line without a line end, CRLF and a byte order mark', async () => {
    const result = await validateJsonLines(
      '\uFEFF{"id": 1, "name": "a"}\r\n{"id": 2, "name": "b"}',
      Row(),
    );
    expect(result).toMatchObject({
      success: true,
      rowCount: 2,
      validRowCount: 2,
      failureCases: [],
    });
  });

  it('reports invalid UTF-8 bytes on their line, from bytes and from a streamed file', async () => {
    const encoder = new TextEncoder();
    const bytes = new Uint8Array([
      ...encoder.encode('{"id": 1, "name": "a"}\n{"id": 2, "name": "'),
      0xff,
      0xfe,
      ...encoder.encode('"}\n{"id": 3, "name": "c"}\n'),
    ]);
    const expected = [
      {
        column: null,
        check: 'invalid_utf8',
        checkIndex: null,
        failureCase: 'line 2: bytes that are not valid UTF-8',
        rowIndex: 1,
        line: 2,
      },
    ];
    for (const source of [bytes, { path: temporaryFile('bad.jsonl', bytes) }]) {
      const result = await validateJsonLines(source, Row());
      expect(result.failureCases).toEqual(expected);
      expect(result.validRows).toEqual([
        { id: 1, name: 'a' },
        { id: 3, name: 'c' },
      ]);
    }
  });

  it('streams a 100k-line file within a few seconds', async () => {
    const lines = Array.from({ length: 100_000 }, (_, index) =>
      index % 1000 === 999
        ? `{"id": "bad", "name": "n${index}"}`
        : `{"id": ${index}, "name": "n${index}"}`,
    );
    const path = temporaryFile('large.jsonl', `${lines.join('\n')}\n`);
    const started = performance.now();
    const result = await validateJsonLines({ path }, Row(), { keepValidRows: false });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.rowCount).toBe(100_000);
    expect(result.validRowCount).toBe(99_900);
    expect(result.failureCases[0]).toEqual({
      column: 'id',
      check: 'invalid_type',
      checkIndex: 0,
      failureCase: 'bad',
      rowIndex: 999,
      line: 1000,
    });
  });

  it('rejects a source of another shape with InvalidArgumentError', async () => {
    await expect(validateJsonLines(42 as unknown as string, Row())).rejects.toSatisfy((error) =>
      InvalidArgumentError.isInstance(error),
    );
  });
});
