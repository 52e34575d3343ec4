import { DvcFileFormatError } from './errors';
import { comparePythonStrings, pythonJsonString } from './python-json';

/** One file of a directory output, as listed in its `.dir` manifest. */
export interface DirManifestEntry {
  /** md5 of the file's bytes. */
  md5: string;
  /** Path relative to the directory, `/`-separated. */
  relpath: string;
}

/**
 * The exact bytes of a DVC 3 `.dir` manifest: the entries sorted by `relpath` in code point
 * order, serialised like Python's `json.dumps(entries, sort_keys=True)` (`", "` and `": "`
 * separators, non-ASCII escaped), UTF-8 encoded. Its md5 plus `.dir` is the directory's oid.
 */
export function serializeDirManifest(entries: readonly DirManifestEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => comparePythonStrings(a.relpath, b.relpath));
  const items = sorted.map(
    (entry) =>
      `{"md5": ${pythonJsonString(entry.md5)}, "relpath": ${pythonJsonString(entry.relpath)}}`,
  );
  return Buffer.from(`[${items.join(', ')}]`, 'utf8');
}

const md5Pattern = /^[0-9a-f]{32}$/;

/**
 * Reads a `.dir` manifest written by DVC or by {@link serializeDirManifest}. `source` names
 * the file in errors.
 *
 * @throws DvcFileFormatError when it is not a JSON list of `{md5, relpath}` objects.
 */
export function parseDirManifest(bytes: Uint8Array, source: string): DirManifestEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (cause) {
    throw new DvcFileFormatError({ message: 'the .dir manifest is not JSON', path: source, cause });
  }
  if (!Array.isArray(parsed)) {
    throw new DvcFileFormatError({ message: 'the .dir manifest is not a list', path: source });
  }
  return parsed.map((item: unknown, index) => {
    const record = item as Record<string, unknown> | null;
    const md5 = record?.md5;
    const relpath = record?.relpath;
    if (typeof md5 !== 'string' || !md5Pattern.test(md5) || typeof relpath !== 'string') {
      throw new DvcFileFormatError({
        message: `entry ${index} is not {"md5": <32 hex>, "relpath": <string>}`,
        path: source,
      });
    }
    if (relpath === '' || relpath.startsWith('/') || relpath.split('/').includes('..')) {
      throw new DvcFileFormatError({
        message: `entry ${index} has an unsafe relpath ${JSON.stringify(relpath)}`,
        path: source,
      });
    }
    return { md5, relpath };
  });
}
