import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readGolden } from '../../test/support/golden';
import {
  formatPythonFloat,
  PythonFloat,
  type PythonJsonValue,
  pythonJsonDumps,
} from './python-json';

interface Fixture {
  float_reprs: [number, string][];
  json_dumps: [unknown, string, string][];
}

const { cases } = readGolden<Fixture>(
  new URL('./__fixtures__/onnx-classifier.json', import.meta.url),
);

describe('formatPythonFloat', () => {
  it("writes floats as Python's repr does", () => {
    expect(cases.float_reprs.length).toBeGreaterThan(50);
    for (const [value, repr] of cases.float_reprs) {
      expect(formatPythonFloat(value), repr).toBe(repr);
    }
  });

  it('reads back to the same double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        expect(Object.is(Number(formatPythonFloat(value)), value)).toBe(true);
      }),
    );
  });
});

describe('pythonJsonDumps', () => {
  const values: PythonJsonValue[] = [
    { name: 'café ☃ 😀', 'tab\t': ['\u0001', '\u007f', '"q"'] },
    {
      inputs: {
        X: [[new PythonFloat(1), new PythonFloat(-0)], []],
        empty: {},
        flags: [true, false, null],
      },
    },
  ];

  it('writes what json.dumps writes, on one line and indented', () => {
    values.forEach((value, index) => {
      const [, compact, indented] = cases.json_dumps[index] as [unknown, string, string];
      expect(pythonJsonDumps(value)).toBe(compact);
      expect(pythonJsonDumps(value, { indent: 2 })).toBe(indented);
    });
  });

  it('is JSON that parses back to the values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 5 })),
        fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
        (rows, indent) => {
          const text = pythonJsonDumps(
            rows.map((row) => row.map((value) => new PythonFloat(value))),
            indent === undefined ? {} : { indent },
          );
          expect(JSON.parse(text)).toEqual(rows);
        },
      ),
    );
  });
});
