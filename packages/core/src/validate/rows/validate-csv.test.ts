import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidArgumentError } from '../../errors';
import { validateCsv } from './index';

const Row = () =>
  z.object({
    id: z.int(),
    name: z.string(),
    score: z.number().nullable(),
    active: z.boolean().optional(),
  });

const directory = mkdtempSync(join(tmpdir(), 'validate-csv-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const lineFailure = (check: string, line: number, rowIndex: number, failureCase: string) => ({
  column: null,
  check,
  checkIndex: null,
  failureCase,
  rowIndex,
  line,
});

describe('validateCsv', () => {
  it('reads cells as the schema types them and keeps valid records', async () => {
    const result = await validateCsv('id,name,score,active\n1,a,0.5,TRUE\n2,b,NA,\n', Row());
    expect(result).toMatchObject({
      success: true,
      rowCount: 2,
      validRowCount: 2,
      failureCases: [],
    });
    expect(result.validRows).toEqual([
      { id: 1, name: 'a', score: 0.5, active: true },
      { id: 2, name: 'b', score: null },
    ]);
  });

  it('reports wrong types, ragged records and a truncated last record cell by cell', async () => {
    const text = [
      'id,name,score,active',
      'x,a,1,true',
      '2,b,1,true,extra',
      '3,c',
      '4,"multi',
      'line",2,false',
      '5,e,abc,maybe',
      '6,f',
    ].join('\n');
    const result = await validateCsv(text, Row());
    expect(result.rowCount).toBe(6);
    expect(result.validRows).toEqual([{ id: 4, name: 'multi\nline', score: 2, active: false }]);
    expect(result.failureCases).toEqual([
      {
        column: 'id',
        check: 'invalid_type',
        checkIndex: 0,
        failureCase: 'x',
        rowIndex: 0,
        line: 2,
      },
      lineFailure('ragged_row', 3, 1, 'line 3: 5 fields where the header has 4'),
      lineFailure('ragged_row', 4, 2, 'line 4: 2 fields where the header has 4'),
      {
        column: 'score',
        check: 'invalid_type',
        checkIndex: 2,
        failureCase: 'abc',
        rowIndex: 4,
        line: 7,
      },
      {
        column: 'active',
        check: 'invalid_type',
        checkIndex: 3,
        failureCase: 'maybe',
        rowIndex: 4,
        line: 7,
      },
      lineFailure(
        'truncated',
        8,
        5,
        'line 8: last record cut short, 2 fields where the header has 4',
      ),
    ]);
  });

  it('reports a quote left open at the end as truncated, after the good records', async () => {
    const result = await validateCsv('id,name,score\n1,a,1\n\n2,"b,2\n3,c,3\n', Row());
    expect(result.validRows).toEqual([{ id: 1, name: 'a', score: 1 }]);
    expect(result.failureCases).toEqual([
      lineFailure(
        'truncated',
        4,
        1,
        expect.stringMatching(/^line 4: a quote opened here is never closed/) as unknown as string,
      ),
    ]);
  });

  it('reports a quoting error inside the file as malformed_csv and reads on', async () => {
    const result = await validateCsv('id,name,score\n1,a"b"c,1\n2,b,2\n', Row());
    expect(result.validRows).toEqual([{ id: 2, name: 'b', score: 2 }]);
    expect(result.failureCases).toEqual([
      lineFailure('malformed_csv', 2, 0, expect.stringMatching(/^line 2: /) as unknown as string),
    ]);
  });

  it('reports records on lines with invalid UTF-8, from a file', async () => {
    const encoder = new TextEncoder();
    const bytes = new Uint8Array([
      ...encoder.encode('id,name,score\n1,a,1\n2,'),
      0xc3,
      0x28,
      ...encoder.encode(',2\n3,c,3\n'),
    ]);
    const path = join(directory, 'bad.csv');
    writeFileSync(path, bytes);
    const result = await validateCsv({ path }, Row());
    expect(result.failureCases).toEqual([
      lineFailure('invalid_utf8', 3, 1, 'line 3: bytes that are not valid UTF-8'),
    ]);
    expect(result.validRows).toEqual([
      { id: 1, name: 'a', score: 1 },
      { id: 3, name: 'c', score: 3 },
    ]);
  });

  it('names columns after the schema without a header', async () => {
    const result = await validateCsv('1;a;;\n2;b;3;false\n', Row(), {
      header: false,
      delimiter: ';',
    });
    expect(result.validRows).toEqual([
      { id: 1, name: 'a', score: null },
      { id: 2, name: 'b', score: 3, active: false },
    ]);
  });

  it('streams a large file with CRLF line ends and keeps line numbers across chunks', async () => {
    const lines = ['\uFEFFid,name,score'];
    for (let index = 0; index < 30_000; index++) {
      lines.push(index === 25_000 ? `${index},"two\r\nlines",oops` : `${index},n${index},${index}`);
    }
    const path = join(directory, 'large.csv');
    writeFileSync(path, `${lines.join('\r\n')}\r\n`);
    const result = await validateCsv({ path }, Row(), { keepValidRows: false });
    expect(result.rowCount).toBe(30_000);
    expect(result.validRowCount).toBe(29_999);
    expect(result.failureCases).toEqual([
      {
        column: 'score',
        check: 'invalid_type',
        checkIndex: 2,
        failureCase: 'oops',
        rowIndex: 25_000,
        line: 25_002,
      },
    ]);
    const multiLine = await validateCsv('id,name,score\r\n1,"a\r\nb",2\r\n', Row());
    expect(multiLine.validRows).toEqual([{ id: 1, name: 'a\r\nb', score: 2 }]);
  });

  it('rejects a source of another shape with InvalidArgumentError', async () => {
    await expect(validateCsv(42 as unknown as string, Row())).rejects.toSatisfy((error) =>
      InvalidArgumentError.isInstance(error),
    );
  });
});
