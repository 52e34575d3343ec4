import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as core from '../index';
import { coreVersion } from '../version';
import { DagnosticsError } from './dagnostics-error';

type ErrorClass = typeof DagnosticsError;

// Every error class the package exports, found by walking the public surface, so a new
// class is covered as soon as it is exported.
const errorClasses = Object.values(core).filter(
  (value): value is ErrorClass =>
    typeof value === 'function' &&
    (value === DagnosticsError || value.prototype instanceof DagnosticsError),
);

function makeInstance(errorClass: ErrorClass): DagnosticsError {
  const Constructor = errorClass as unknown as new (
    options: Record<string, unknown>,
  ) => DagnosticsError;
  return new Constructor({
    message: 'test message',
    option: 'option',
    source: 'option',
    argument: 'argument',
    format: 'csv',
  });
}

describe('error classes', () => {
  it('are all exported and found', () => {
    expect(errorClasses.map((errorClass) => errorClass.errorName).sort()).toEqual(
      [
        'DagnosticsConfigError',
        'DagnosticsDataFormatError',
        'DagnosticsEmptyInputError',
        'DagnosticsError',
        'DagnosticsInvalidArgumentError',
      ].sort(),
    );
  });

  it.each(errorClasses)('$errorName declares its own stable name', (errorClass) => {
    expect(Object.hasOwn(errorClass, 'errorName')).toBe(true);
    expect(makeInstance(errorClass).name).toBe(errorClass.errorName);
  });

  it.each(errorClasses)(
    '$errorName.isInstance accepts its instances and rejects siblings',
    (errorClass) => {
      for (const other of errorClasses) {
        const instance = makeInstance(other);
        const isSubclass = other === errorClass || other.prototype instanceof errorClass;
        expect(
          errorClass.isInstance(instance),
          `${errorClass.errorName} vs ${other.errorName}`,
        ).toBe(isSubclass);
      }
      expect(errorClass.isInstance(new Error('plain'))).toBe(false);
      expect(errorClass.isInstance({ name: errorClass.errorName })).toBe(false);
      expect(errorClass.isInstance(null)).toBe(false);
    },
  );

  it('recognises an instance created by another copy of the package', () => {
    // A second install (or the CJS build next to the ESM one) has its own class objects
    // but the same marker symbols: simulate it with a structurally separate class.
    class ForeignConfigError extends Error {
      constructor() {
        super('from another copy');
        Object.defineProperty(this, Symbol.for('dagnostics.error:DagnosticsConfigError'), {
          value: true,
        });
        Object.defineProperty(this, Symbol.for('dagnostics.error:DagnosticsError'), {
          value: true,
        });
      }
    }
    const foreign = new ForeignConfigError();
    expect(core.ConfigError.isInstance(foreign)).toBe(true);
    expect(core.DagnosticsError.isInstance(foreign)).toBe(true);
    expect(core.DataFormatError.isInstance(foreign)).toBe(false);
  });

  it('keeps the cause and serialises machine-readable fields', () => {
    const cause = new TypeError('bad input');
    const error = new core.DataFormatError({
      message: 'line 3 is not JSON. Fix or remove the line.',
      format: 'jsonl',
      line: 3,
      cause,
    });
    expect(error.cause).toBe(cause);
    expect(error.toJSON()).toMatchObject({
      name: 'DagnosticsDataFormatError',
      code: 'DATA_FORMAT',
      format: 'jsonl',
      line: 3,
      isRetryable: false,
      cause: { name: 'TypeError', message: 'bad input' },
    });
    expect(error.stack).toContain('DagnosticsDataFormatError');
  });
});

describe('coreVersion', () => {
  it('equals the version in package.json', () => {
    const manifest = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    expect(coreVersion).toBe(manifest.version);
  });
});
