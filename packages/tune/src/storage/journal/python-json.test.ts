import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePythonJson, encodePythonJson } from './python-json';

describe('Python-compatible JSON', () => {
  it('writes non-finite numbers as Python does and reads them back', () => {
    const text = encodePythonJson({
      a: Number.NaN,
      b: [Number.POSITIVE_INFINITY, -Infinity],
      c: 1.5,
    });

    expect(text).toBe('{"a":NaN,"b":[Infinity,-Infinity],"c":1.5}');
    expect(decodePythonJson(text)).toEqual({ a: Number.NaN, b: [Infinity, -Infinity], c: 1.5 });
  });

  it('leaves the words NaN and Infinity inside strings alone', () => {
    const value = { 'NaN key': 'Infinity and NaN', quote: 'say "NaN"\\', n: Number.NaN };

    expect(decodePythonJson(encodePythonJson(value))).toEqual(value);
  });

  it('never turns a user string into a number, whatever it holds', () => {
    const value = { a: '\u0000nf0NaN', b: '\u0000nf1Infinity', c: Number.NaN, d: '\u0000NaN' };

    expect(decodePythonJson(encodePythonJson(value))).toEqual(value);
  });

  it("uses Python's default separators when spaced", () => {
    expect(encodePythonJson({ choices: ['a', null, true] }, true)).toBe(
      '{"choices": ["a", null, true]}',
    );
  });

  it('rejects text that is not JSON', () => {
    expect(() => decodePythonJson('{"op_code": 4, "worker')).toThrow(SyntaxError);
    expect(() => decodePythonJson('NaNa')).toThrow(SyntaxError);
  });

  it('round-trips any JSON value with doubles, non-finite ones included', () => {
    const leaf = fc.oneof(
      fc.double(),
      fc.string(),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom('NaN', 'Infinity', '\u0000NaN'),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('node')),
        fc.dictionary(fc.string(), tie('node')),
      ),
    })).node;
    fc.assert(
      fc.property(value, (input) => {
        expect(decodePythonJson(encodePythonJson(input))).toEqual(input);
      }),
    );
  });
});
