import { InvalidRegistryNameError } from '../errors';

/*
 * MLflow's registry rules (mlflow/utils/validation.py and the SQL store's columns), checked
 * here so that a name the server would refuse costs no request. Python's `\w` matches
 * Unicode letters, numbers and `_`, hence `\p{L}\p{N}_` below.
 */

/** Longest registered-model name: the `name` column of MLflow's SQL store (VARCHAR(256)). */
export const maxModelNameLength = 256;
/** Longest alias (MLflow's `MAX_REGISTERED_MODEL_ALIAS_LENGTH`). */
export const maxAliasLength = 255;
/** Longest tag key (MLflow's `MAX_MODEL_REGISTRY_TAG_KEY_LENGTH`). */
export const maxTagKeyLength = 250;
/**
 * Longest registered-model tag value: the `value` column of `registered_model_tags`
 * (VARCHAR(5000)); PostgreSQL and MySQL refuse longer values.
 */
export const maxRegisteredModelTagValueLength = 5000;
/** Longest model-version tag value (MLflow's `MAX_MODEL_REGISTRY_TAG_VALUE_LENGTH`). */
export const maxModelVersionTagValueLength = 100_000;

const aliasPattern = /^[\p{L}\p{N}_-]+$/u;
const versionAliasPattern = /^[vV]\p{Nd}+$/u;
const tagKeyPattern = /^[\p{L}\p{N}_/. :-]*$/u;
const versionPattern = /^[0-9]+$/;

const pathRule =
  'names may be treated as file paths and must not change when normalized (no ".", no leading "..", leading "/", "//", "/./" or "/../")';

/** POSIX path normalization as Python's `posixpath.normpath` does it. */
export function normalizePosixPath(path: string): string {
  if (path === '') return '.';
  const leadingSlashes =
    path.startsWith('//') && !path.startsWith('///') ? 2 : path.startsWith('/') ? 1 : 0;
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    const last = parts.at(-1);
    if (part !== '..' || (leadingSlashes === 0 && (last === undefined || last === '..'))) {
      parts.push(part);
    } else if (last !== undefined) {
      parts.pop();
    }
  }
  const normalized = '/'.repeat(leadingSlashes) + parts.join('/');
  return normalized === '' ? '.' : normalized;
}

/** MLflow's `path_not_unique`: the name would name another file once normalized. */
function isPathNotUnique(name: string): boolean {
  const normalized = normalizePosixPath(name);
  return (
    normalized !== name ||
    normalized === '.' ||
    normalized.startsWith('..') ||
    normalized.startsWith('/')
  );
}

function refuse(kind: string, value: string, rule: string): never {
  throw new InvalidRegistryNameError({ kind, value, rule });
}

/**
 * Checks a registered-model name: not blank, no `/` or `:`, not `.` nor starting with `..`,
 * at most 256 characters.
 *
 * @throws {InvalidRegistryNameError} with MLflow's rule in the message.
 */
export function validateModelName(name: string, kind = 'model name'): void {
  if (typeof name !== 'string' || name.trim() === '') {
    refuse(kind, String(name), 'a model name must not be empty or blank');
  }
  if (name.includes('/') || name.includes(':')) {
    refuse(kind, name, "model names cannot contain '/' or ':'");
  }
  if (isPathNotUnique(name)) refuse(kind, name, pathRule);
  if (name.length > maxModelNameLength) {
    refuse(kind, name, `model names are at most ${maxModelNameLength} characters`);
  }
}

/**
 * Checks an alias: 1 to 255 letters, digits, `_` or `-`. With `forSetting` (setting an
 * alias), also MLflow's reserved names: `latest` in any case and `v<digits>`, which name
 * versions in `models:/` URIs.
 *
 * @throws {InvalidRegistryNameError} with MLflow's rule in the message.
 */
export function validateAlias(alias: string, options: { forSetting?: boolean } = {}): void {
  if (typeof alias !== 'string' || alias === '') {
    refuse('alias', String(alias), 'an alias must not be empty');
  }
  if (!aliasPattern.test(alias)) {
    refuse(
      'alias',
      alias,
      'aliases may only contain letters, digits, underscores (_) and dashes (-)',
    );
  }
  if (alias.length > maxAliasLength) {
    refuse('alias', alias, `aliases are at most ${maxAliasLength} characters`);
  }
  if (options.forSetting !== true) return;
  if (alias.toLowerCase() === 'latest') {
    refuse('alias', alias, "'latest' (in any case) is reserved for the latest version");
  }
  if (versionAliasPattern.test(alias)) {
    refuse('alias', alias, "'v' followed by digits is reserved: it names a version");
  }
}

/**
 * Checks a registry tag key: 1 to 250 letters, digits, `_ - . : /` or spaces, and a
 * normalized path (no `..` start, leading `/`, `//`, `/./`).
 *
 * @throws {InvalidRegistryNameError} with MLflow's rule in the message.
 */
export function validateTagKey(key: string): void {
  if (typeof key !== 'string') refuse('tag key', String(key), 'a tag key must be a string');
  if (!tagKeyPattern.test(key)) {
    refuse(
      'tag key',
      key,
      'tag keys may only contain letters, digits, underscores (_), dashes (-), periods (.), spaces ( ), colons (:) and slashes (/)',
    );
  }
  if (isPathNotUnique(key)) refuse('tag key', key, pathRule);
  if (key.length > maxTagKeyLength) {
    refuse('tag key', key, `tag keys are at most ${maxTagKeyLength} characters`);
  }
}

/**
 * Checks a tag value's length: at most 5000 characters on a registered model, 100 000 on a
 * model version.
 *
 * @throws {InvalidRegistryNameError} with MLflow's rule in the message.
 */
export function validateTagValue(value: string, on: 'registered model' | 'model version'): void {
  if (typeof value !== 'string') refuse('tag value', String(value), 'a tag value must be a string');
  const limit =
    on === 'registered model' ? maxRegisteredModelTagValueLength : maxModelVersionTagValueLength;
  if (value.length > limit) {
    refuse(
      'tag value',
      `${value.slice(0, 40)}...`,
      `${on} tag values are at most ${limit} characters`,
    );
  }
}

/** Checks every key and value of a tag record. */
export function validateTags(
  tags: Readonly<Record<string, string>> | undefined,
  on: 'registered model' | 'model version',
): void {
  for (const [key, value] of Object.entries(tags ?? {})) {
    validateTagKey(key);
    validateTagValue(value, on);
  }
}

/**
 * Checks a version number: a string of ASCII digits such as `'3'`.
 *
 * @throws {InvalidRegistryNameError} with the rule in the message.
 */
export function validateVersion(version: string): void {
  if (typeof version !== 'string' || !versionPattern.test(version)) {
    refuse('version', String(version), "versions are strings of digits, e.g. '3'");
  }
}
