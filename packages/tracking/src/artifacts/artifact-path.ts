import { InvalidArgumentError } from '@dagnostics/core';

// MLflow's server URL-decodes an artifact path until it stops changing, so a name holding
// `%41` would be stored as `A`: such names cannot survive the trip and are refused here.
const percentEscape = /%[0-9a-fA-F]{2}/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds.
const controlCharacter = /[\u0000-\u001f\u007f]/;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `segment` cannot be one part of an artifact path on an MLflow server, or undefined. */
export function artifactSegmentProblem(segment: string): string | undefined {
  if (segment === '') return 'has an empty part ("//")';
  if (segment === '.' || segment === '..') return `has a "${segment}" part`;
  if (segment.includes('\\')) return 'contains "\\" (use "/" between folders)';
  if (segment.includes('#')) return 'contains "#", which MLflow refuses in artifact paths';
  if (controlCharacter.test(segment)) return 'contains a control character';
  if (loneSurrogate.test(segment)) return 'contains a lone UTF-16 surrogate';
  if (percentEscape.test(segment)) {
    return 'contains a %XX escape, which MLflow would decode into another name';
  }
  return undefined;
}

/**
 * Splits an artifact path given by the caller (`reports/2024`, relative to the artifact
 * root, `/` between folders; a trailing `/` is ignored) into its parts. Undefined or `''`
 * is the root itself.
 *
 * @throws {InvalidArgumentError} for an absolute path, a `..` or `.` part, an empty part,
 * or a name MLflow cannot store (see {@link artifactSegmentProblem}).
 */
export function artifactPathSegments(path: string | undefined, argument: string): string[] {
  if (path === undefined) return [];
  if (typeof path !== 'string') {
    throw new InvalidArgumentError({
      message: `${argument} must be a string; got ${typeof path}.`,
      argument,
    });
  }
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') {
    if (path === '') return [];
    throw absolute(path, argument);
  }
  if (trimmed.startsWith('/') || /^[A-Za-z]:/.test(trimmed)) throw absolute(path, argument);
  const segments = trimmed.split('/');
  for (const segment of segments) {
    const problem = artifactSegmentProblem(segment);
    if (problem !== undefined) {
      throw new InvalidArgumentError({
        message: `The artifact path "${path}" ${problem}. Give a relative path such as "reports/summary.txt".`,
        argument,
      });
    }
  }
  return segments;
}

function absolute(path: string, argument: string): InvalidArgumentError {
  return new InvalidArgumentError({
    message: `The artifact path "${path}" is absolute; artifact paths are relative to the run's or model's artifact root, e.g. "reports/summary.txt".`,
    argument,
  });
}

/** The parts joined with `/`, each percent-encoded for a URL path (spaces, `?`, unicode...). */
export function encodeArtifactSegments(segments: readonly string[]): string {
  return segments.map(encodeURIComponent).join('/');
}
