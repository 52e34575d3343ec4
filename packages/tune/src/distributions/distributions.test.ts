import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidSearchSpaceError } from '../errors';
import type { CategoricalChoice, Distribution } from '../types';
import {
  assertCompatible,
  categoricalDistribution,
  contains,
  distributionFromJson,
  distributionsEqual,
  distributionToJson,
  floatDistribution,
  intDistribution,
  isSingle,
  pythonFloatRepr,
  singleValue,
  toExternal,
  toInternal,
} from './index';

interface Spec {
  kind: 'float' | 'int' | 'categorical';
  low?: number;
  high?: number;
  log?: boolean;
  step?: number | null;
  choices?: CategoricalChoice[];
}

interface GoldenCase {
  spec: Spec;
  json: string;
  high: number | null;
  single: boolean;
  contains: [number, boolean][];
}

const golden = JSON.parse(
  readFileSync(new URL('./__fixtures__/distributions.json', import.meta.url), 'utf8'),
) as { cases: GoldenCase[] };

function build(spec: Spec): Distribution {
  if (spec.kind === 'categorical') return categoricalDistribution('p', spec.choices ?? []);
  const options = { log: spec.log ?? false, step: spec.step ?? null };
  return spec.kind === 'float'
    ? floatDistribution('p', spec.low as number, spec.high as number, options)
    : intDistribution('p', spec.low as number, spec.high as number, {
        log: options.log,
        step: options.step ?? 1,
      });
}

describe('distributions match Optuna 5', () => {
  for (const entry of golden.cases) {
    it(`${entry.json}`, () => {
      const distribution = build(entry.spec);
      expect(distributionToJson(distribution)).toBe(entry.json);
      if (entry.high !== null) expect((distribution as { high: number }).high).toBe(entry.high);
      expect(isSingle(distribution)).toBe(entry.single);
      for (const [probe, expected] of entry.contains) {
        expect(contains(distribution, probe), `contains(${probe})`).toBe(expected);
      }
      expect(distributionsEqual(distributionFromJson(entry.json), distribution)).toBe(true);
    });
  }
});

describe('pythonFloatRepr', () => {
  it('writes floats as Python repr does', () => {
    expect(pythonFloatRepr(0)).toBe('0.0');
    expect(pythonFloatRepr(-0)).toBe('-0.0');
    expect(pythonFloatRepr(1e-5)).toBe('1e-05');
    expect(pythonFloatRepr(0.0001)).toBe('0.0001');
    expect(pythonFloatRepr(1.5e16)).toBe('1.5e+16');
    expect(pythonFloatRepr(1e15)).toBe('1000000000000000.0');
    expect(pythonFloatRepr(1.2345e-300)).toBe('1.2345e-300');
    expect(pythonFloatRepr(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(pythonFloatRepr(Number.NaN)).toBe('NaN');
  });

  it('round-trips every double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        expect(Number(pythonFloatRepr(value))).toBe(value);
      }),
    );
  });
});

describe('distributionFromJson', () => {
  it('reads the deprecated classes and the abbreviated form', () => {
    expect(
      distributionFromJson(
        '{"name": "UniformDistribution", "attributes": {"low": 0.0, "high": 2.0}}',
      ),
    ).toEqual({ kind: 'float', low: 0, high: 2, log: false, step: null });
    expect(
      distributionFromJson(
        '{"name": "LogUniformDistribution", "attributes": {"low": 1e-3, "high": 1.0}}',
      ),
    ).toEqual({ kind: 'float', low: 1e-3, high: 1, log: true, step: null });
    expect(
      distributionFromJson(
        '{"name": "DiscreteUniformDistribution", "attributes": {"low": 0.0, "high": 1.0, "q": 0.25}}',
      ),
    ).toEqual({ kind: 'float', low: 0, high: 1, log: false, step: 0.25 });
    expect(
      distributionFromJson(
        '{"name": "IntUniformDistribution", "attributes": {"low": 0, "high": 9, "step": 3}}',
      ),
    ).toEqual({ kind: 'int', low: 0, high: 9, log: false, step: 3 });
    expect(
      distributionFromJson(
        '{"name": "IntLogUniformDistribution", "attributes": {"low": 1, "high": 9}}',
      ),
    ).toEqual({ kind: 'int', low: 1, high: 9, log: true, step: 1 });
    expect(distributionFromJson({ type: 'categorical', choices: ['a', 1] })).toEqual({
      kind: 'categorical',
      choices: ['a', 1],
    });
    expect(distributionFromJson('{"type": "int", "low": 1, "high": 5}')).toEqual({
      kind: 'int',
      low: 1,
      high: 5,
      log: false,
      step: 1,
    });
    expect(
      distributionFromJson(
        '{"name": "CategoricalDistribution", "attributes": {"choices": [NaN, Infinity]}}',
      ),
    ).toEqual({ kind: 'categorical', choices: [Number.NaN, Number.POSITIVE_INFINITY] });
    expect(() => distributionFromJson('{"name": "Nope", "attributes": {}}')).toThrow(/Unknown/);
  });

  it('round-trips generated distributions', () => {
    const distribution = fc.oneof(
      fc
        .tuple(
          fc.double({ min: -1e6, max: 1e6, noNaN: true }),
          fc.double({ min: 0, max: 1e6, noNaN: true }),
        )
        .map(([low, width]) => floatDistribution('p', low, low + width)),
      fc
        .tuple(fc.integer({ min: -1000, max: 1000 }), fc.nat(1000), fc.integer({ min: 1, max: 50 }))
        .map(([low, width, step]) => intDistribution('p', low, low + width, { step })),
      fc
        .array(fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)), {
          minLength: 1,
        })
        .map((choices) => categoricalDistribution('p', choices)),
    );
    fc.assert(
      fc.property(distribution, (value) => {
        expect(distributionsEqual(distributionFromJson(distributionToJson(value)), value)).toBe(
          true,
        );
      }),
    );
  });
});

describe('representations', () => {
  it('maps categorical choices to indices and back, NaN included', () => {
    const distribution = categoricalDistribution('c', ['a', null, Number.NaN, true]);
    expect(toInternal(distribution, null)).toBe(1);
    expect(toInternal(distribution, Number.NaN)).toBe(2);
    expect(toExternal(distribution, 3)).toBe(true);
    expect(() => toInternal(distribution, 'z')).toThrow(RangeError);
    expect(() => toExternal(distribution, 4)).toThrow(RangeError);
  });

  it('truncates ints, refuses NaN and non-positive log values', () => {
    const ints = intDistribution('n', 1, 10, { log: true });
    expect(toExternal(ints, 3.7)).toBe(3);
    expect(() => toInternal(ints, 0)).toThrow(/log/);
    expect(() => toInternal(floatDistribution('x', 0, 1), Number.NaN)).toThrow(RangeError);
  });

  it('gives the single value', () => {
    expect(singleValue(floatDistribution('x', 0.5, 0.9, { step: 1 }))).toBe(0.5);
    expect(singleValue(categoricalDistribution('c', ['only']))).toBe('only');
  });

  it('keeps log int ranges single only when low equals high', () => {
    expect(isSingle(intDistribution('n', 1, 2, { log: true }))).toBe(false);
  });
});

describe('validation and compatibility', () => {
  it('names the parameter and the rule', () => {
    try {
      floatDistribution('lr', 1, 0);
      expect.unreachable();
    } catch (error) {
      expect(InvalidSearchSpaceError.isInstance(error)).toBe(true);
      expect((error as InvalidSearchSpaceError).param).toBe('lr');
      expect((error as Error).message).toContain('"lr"');
    }
    expect(() => floatDistribution('x', Number.NaN, 1)).toThrow(/finite/);
    expect(() => intDistribution('n', 0, 10, { step: 1.5 })).toThrow(/integer/);
    expect(() => categoricalDistribution('c', [{} as unknown as string])).toThrow(/null, boolean/);
  });

  it('allows range changes but not kind, log or choice changes', () => {
    const x = floatDistribution('x', 0, 1);
    expect(() =>
      assertCompatible('x', x, floatDistribution('x', -1, 5, { step: 0.5 })),
    ).not.toThrow();
    expect(() => assertCompatible('x', x, floatDistribution('x', 1, 5, { log: true }))).toThrow(
      /log/,
    );
    expect(() => assertCompatible('x', x, intDistribution('x', 0, 1))).toThrow(/float, now int/);
    const c = categoricalDistribution('c', ['a', 'b']);
    expect(() => assertCompatible('c', c, categoricalDistribution('c', ['a', 'b']))).not.toThrow();
    expect(() => assertCompatible('c', c, categoricalDistribution('c', ['b', 'a']))).toThrow(
      InvalidSearchSpaceError,
    );
  });
});
