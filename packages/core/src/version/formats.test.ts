import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useTemporaryDirectory } from '../../test/support/temporary-directory';
import {
  comparePythonStrings,
  DvcFileFormatError,
  formatDvcFile,
  gitignoreEntry,
  hashFile,
  objectPath,
  parseDirManifest,
  parseDvcFile,
  pythonJsonString,
  serializeDirManifest,
} from './index';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const temporary = useTemporaryDirectory('dagnostics-version-formats-');

// Golden values from DVC's and dvc-data's own test suites (reference/data-deploy.md §1.8).
describe('hashFile', () => {
  it.each([
    ['foo', 'acbd18db4cc2f85cedef654fccc4a4d8'],
    ['bar', '37b51d194a7513e45b56f6524f2d51f2'],
    ['foo\n', 'd3b07384d113edec49eaa6238ad5ff00'],
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
  ])('hashes %j as DVC 3 does', async (content, expected) => {
    const path = join(temporary(), `golden-${expected}`);
    await writeFile(path, content);
    expect(await hashFile(path)).toEqual({ md5: expected, size: content.length });
  });

  it('keeps CRLF bytes as they are (md5, not legacy md5-dos2unix)', async () => {
    const path = join(temporary(), 'crlf.txt');
    await writeFile(path, 'x\r\n');
    expect((await hashFile(path)).md5).toBe('cb30fc9cec9a2d04ef49b22e2066c264');
  });

  it('streams a file larger than its read chunk', async () => {
    const bytes = Buffer.alloc(2.5 * 1024 * 1024 + 7);
    for (let index = 0; index < bytes.length; index += 1) bytes[index] = (index * 31) % 251;
    const path = join(temporary(), 'large.bin');
    await writeFile(path, bytes);
    expect(await hashFile(path)).toEqual({
      md5: createHash('md5').update(bytes).digest('hex'),
      size: bytes.length,
    });
  });
});

describe('serializeDirManifest', () => {
  it('reproduces the dvc-data golden manifests', () => {
    const foo = { md5: md5('foo'), relpath: 'foo' };
    const bar = { md5: md5('bar'), relpath: 'bar' };
    const manifest = serializeDirManifest([foo, bar]);
    expect(manifest.toString()).toBe(
      '[{"md5": "37b51d194a7513e45b56f6524f2d51f2", "relpath": "bar"}, {"md5": "acbd18db4cc2f85cedef654fccc4a4d8", "relpath": "foo"}]',
    );
    expect(createHash('md5').update(manifest).digest('hex')).toBe(
      '5ea40360f5b4ec688df672a4db9c17d1',
    );
    const other = serializeDirManifest([
      { md5: md5('baz\n'), relpath: 'baz' },
      { md5: md5('bar\n'), relpath: 'bar' },
    ]);
    expect(createHash('md5').update(other).digest('hex')).toBe('1f69c66028c35037e8bf67e5bc4ceb6a');
  });

  it('escapes non-ASCII and sorts by code point as Python does', () => {
    const empty = 'd41d8cd98f00b204e9800998ecf8427e';
    // Expected text printed by Python 3.11: json.dumps(entries, sort_keys=True).
    expect(
      serializeDirManifest([
        { md5: empty, relpath: 'a"b\\c\t😀' },
        { md5: empty, relpath: 'Zürich/naïve-δ.txt' },
      ]).toString(),
    ).toBe(
      '[{"md5": "d41d8cd98f00b204e9800998ecf8427e", "relpath": "Z\\u00fcrich/na\\u00efve-\\u03b4.txt"}, {"md5": "d41d8cd98f00b204e9800998ecf8427e", "relpath": "a\\"b\\\\c\\t\\ud83d\\ude00"}]',
    );
    const order = ['😀', '\ue000', 'a/c', 'a-b', 'a/b/c.txt', 'Z'].sort(comparePythonStrings);
    // Python: sorted(['a/c', 'a/b/c.txt', 'a-b', '\ue000', '😀', 'Z'])
    expect(order).toEqual(['Z', 'a-b', 'a/b/c.txt', 'a/c', '\ue000', '😀']);
  });

  it('round-trips through parseDirManifest', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ unit: 'grapheme', minLength: 1 }), { minLength: 1 }),
        (names) => {
          const entries = names
            .filter((name) => !name.includes('/') && name !== '..')
            .map((relpath) => ({ md5: md5(relpath), relpath }));
          const parsed = parseDirManifest(serializeDirManifest(entries), 'test.dir');
          expect(new Set(parsed.map((entry) => entry.relpath))).toEqual(
            new Set(entries.map((entry) => entry.relpath)),
          );
        },
      ),
    );
  });

  it('rejects manifests that are not a list of {md5, relpath} or escape the folder', () => {
    for (const bad of ['{}', 'not json', '[{"md5": "x", "relpath": "a"}]']) {
      expect(() => parseDirManifest(Buffer.from(bad), 'bad.dir')).toThrow(DvcFileFormatError);
    }
    const escaping = `[{"md5": "${md5('')}", "relpath": "../outside"}]`;
    expect(() => parseDirManifest(Buffer.from(escaping), 'bad.dir')).toThrow(/unsafe relpath/);
  });
});

describe('comparePythonStrings and pythonJsonString', () => {
  it('orders by code point', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        const left = [...a].map((character) => character.codePointAt(0) as number);
        const right = [...b].map((character) => character.codePointAt(0) as number);
        let expected = 0;
        for (let index = 0; index < Math.min(left.length, right.length); index += 1) {
          if (left[index] !== right[index]) {
            expected = (left[index] as number) - (right[index] as number);
            break;
          }
        }
        if (expected === 0) expected = left.length - right.length;
        expect(Math.sign(comparePythonStrings(a, b))).toBe(Math.sign(expected));
      }),
    );
  });

  it('writes ASCII-only JSON that parses back to the same string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const literal = pythonJsonString(value);
        expect(literal).toMatch(/^[\x20-\x7e]*$/);
        expect(JSON.parse(literal)).toBe(value);
      }),
    );
  });
});

describe('.dvc files', () => {
  it('writes a file output as dvc add does', () => {
    expect(
      formatDvcFile({
        outs: [{ md5: 'acbd18db4cc2f85cedef654fccc4a4d8', size: 3, hash: 'md5', path: 'foo' }],
      }),
    ).toBe('outs:\n- md5: acbd18db4cc2f85cedef654fccc4a4d8\n  size: 3\n  hash: md5\n  path: foo\n');
  });

  it('writes a folder output with nfiles', () => {
    expect(
      formatDvcFile({
        outs: [
          {
            md5: '5ea40360f5b4ec688df672a4db9c17d1.dir',
            size: 6,
            nfiles: 2,
            hash: 'md5',
            path: 'data',
          },
        ],
      }),
    ).toBe(
      'outs:\n- md5: 5ea40360f5b4ec688df672a4db9c17d1.dir\n  size: 6\n  nfiles: 2\n  hash: md5\n  path: data\n',
    );
  });

  // Quoting observed from dvc 3.67.1 (ruamel.yaml) for these names.
  it.each([
    ['Zürich', 'Zürich'],
    ['123', "'123'"],
    ['a b', 'a b'],
    ['true', "'true'"],
    ['#x', "'#x'"],
    ['x:y', 'x:y'],
    ['-d', '-d'],
    ["it's", "it's"],
    ['a[1]*.txt', 'a[1]*.txt'],
  ])('writes the path %j as %s and reads it back', (path, written) => {
    const text = formatDvcFile({ outs: [{ md5: md5(path), size: 1, hash: 'md5', path }] });
    expect(text).toContain(`  path: ${written}\n`);
    expect(parseDvcFile(text, 'x.dvc').outs[0]?.path).toBe(path);
  });

  it('reads isexec and keeps the key order stable', () => {
    const text =
      'outs:\n- md5: acbd18db4cc2f85cedef654fccc4a4d8\n  size: 3\n  isexec: true\n  hash: md5\n  path: run.sh\n';
    const file = parseDvcFile(text, 'run.sh.dvc');
    expect(file.outs[0]).toEqual({
      md5: 'acbd18db4cc2f85cedef654fccc4a4d8',
      size: 3,
      isexec: true,
      hash: 'md5',
      path: 'run.sh',
    });
    expect(formatDvcFile(file)).toBe(text);
  });

  it.each([
    [
      'legacy DVC 2 output',
      'outs:\n- md5: acbd18db4cc2f85cedef654fccc4a4d8\n  size: 3\n  path: foo\n',
      2,
    ],
    ['unknown key', 'outs:\n- md5: acbd18db4cc2f85cedef654fccc4a4d8\n  cache: false\n', 3],
    ['stage file', 'cmd: python train.py\n', 1],
    ['bad md5', 'outs:\n- md5: nope\n  size: 3\n  hash: md5\n  path: foo\n', 2],
    ['empty', '', undefined],
  ])('rejects a %s with the line', (_, text, line) => {
    let caught: unknown;
    try {
      parseDvcFile(text, 'bad.dvc');
    } catch (error) {
      caught = error;
    }
    expect(DvcFileFormatError.isInstance(caught)).toBe(true);
    expect((caught as DvcFileFormatError).line).toBe(line);
    expect((caught as DvcFileFormatError).path).toBe('bad.dvc');
  });
});

describe('paths', () => {
  it('places objects as DVC 3 does', () => {
    expect(objectPath('/r/.dvc/cache', '5ea40360f5b4ec688df672a4db9c17d1.dir')).toBe(
      '/r/.dvc/cache/files/md5/5e/a40360f5b4ec688df672a4db9c17d1.dir',
    );
  });

  it('escapes gitignore pattern characters as dvc does', () => {
    expect(gitignoreEntry('data')).toBe('/data');
    expect(gitignoreEntry('#x')).toBe('/\\#x');
    expect(gitignoreEntry('a[1]*.txt')).toBe('/a\\[1\\]\\*.txt');
  });
});
