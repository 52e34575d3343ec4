import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readGolden } from '../../test/support/golden';
import { InvalidRegistryNameError } from '../errors';
import {
  normalizePosixPath,
  validateAlias,
  validateModelName,
  validateTagKey,
  validateTagValue,
  validateVersion,
} from './validation';

interface Case {
  value: string;
  refused: boolean;
}

/** Accept/refuse decisions of MLflow 3's own validators (scripts/python/golden/gen_registry_validation.py). */
const golden = readGolden<{
  modelName: Case[];
  aliasForSetting: Case[];
  aliasForReading: Case[];
  tagKey: Case[];
  registeredModelTagValue: Case[];
  modelVersionTagValue: Case[];
}>(new URL('./__fixtures__/mlflow-validation.json', import.meta.url)).cases;

function refusal(check: () => void): InvalidRegistryNameError | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    if (InvalidRegistryNameError.isInstance(error)) return error;
    throw error;
  }
}

function short(value: string): string {
  return value.length > 30 ? `${value.slice(0, 10)}… (${value.length} characters)` : value;
}

function expectSameAsMlflow(cases: Case[], check: (value: string) => void): void {
  for (const { value, refused } of cases) {
    const error = refusal(() => check(value));
    expect(error !== undefined, `${JSON.stringify(short(value))} refused`).toBe(refused);
  }
}

describe('registry name rules, as MLflow decides them', () => {
  it('model names: not blank, no / or :, not "." or "..…", at most 256 characters', () => {
    expect(golden.modelName.filter((entry) => entry.refused).length).toBeGreaterThan(5);
    expectSameAsMlflow(golden.modelName, (value) => validateModelName(value));
  });

  it('aliases when setting: letters, digits, _ and -, 255 at most, not latest nor v<digits>', () => {
    expectSameAsMlflow(golden.aliasForSetting, (value) =>
      validateAlias(value, { forSetting: true }),
    );
  });

  it('aliases when reading or deleting: the reserved names are only refused when setting', () => {
    expectSameAsMlflow(golden.aliasForReading, (value) => validateAlias(value));
  });

  it('tag keys: MLflow characters, a normalized path, at most 250 characters', () => {
    expectSameAsMlflow(golden.tagKey, (value) => validateTagKey(value));
  });

  it('tag values: 5000 characters on a registered model, 100 000 on a version', () => {
    expectSameAsMlflow(golden.registeredModelTagValue, (value) =>
      validateTagValue(value, 'registered model'),
    );
    expectSameAsMlflow(golden.modelVersionTagValue, (value) =>
      validateTagValue(value, 'model version'),
    );
  });

  it('versions are strings of digits', () => {
    for (const accepted of ['1', '42', '007'])
      expect(refusal(() => validateVersion(accepted))).toBeUndefined();
    for (const refused of ['', 'v1', '1.0', '-1', ' 1', 'latest', 'champion']) {
      expect(refusal(() => validateVersion(refused))?.kind).toBe('version');
    }
  });

  it("carries the value, its kind and MLflow's rule in words", () => {
    const error = refusal(() => validateModelName('team/model'));
    expect(error).toMatchObject({
      kind: 'model name',
      value: 'team/model',
      code: 'INVALID_REGISTRY_NAME',
    });
    expect(error?.message).toContain("cannot contain '/' or ':'");
    expect(refusal(() => validateAlias('Latest', { forSetting: true }))?.rule).toContain(
      'reserved',
    );
    expect(refusal(() => validateAlias('v7', { forSetting: true }))?.rule).toContain(
      'names a version',
    );
    expect(refusal(() => validateTagKey('a//b'))?.rule).toContain('normalized');
    expect(refusal(() => validateModelName('x', 'new model name'))).toBeUndefined();
    expect(refusal(() => validateModelName('', 'new model name'))?.kind).toBe('new model name');
  });
});

describe('normalizePosixPath (Python posixpath.normpath)', () => {
  it('matches normpath on known paths', () => {
    const known: [string, string][] = [
      ['', '.'],
      ['a/b', 'a/b'],
      ['a//b', 'a/b'],
      ['a/./b/', 'a/b'],
      ['a/../b', 'b'],
      ['../a', '../a'],
      ['../../a/..', '../..'],
      ['/../a', '/a'],
      ['//a', '//a'],
      ['///a//b', '/a/b'],
      ['a/..', '.'],
    ];
    for (const [path, normalized] of known) expect(normalizePosixPath(path), path).toBe(normalized);
  });

  it('is idempotent and never leaves "." or empty parts', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', '.', '..', ''), { maxLength: 8 }), (parts) => {
        const once = normalizePosixPath(parts.join('/'));
        expect(normalizePosixPath(once)).toBe(once);
        if (once !== '.') expect(once.split('/').slice(1)).not.toContain('.');
        const relative = once.replace(/^\/+/, '');
        if (relative !== '') expect(relative.split('/')).not.toContain('');
      }),
    );
  });
});
