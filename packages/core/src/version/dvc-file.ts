import { DvcFileFormatError } from './errors';

/** One entry of a `.dvc` file's `outs` list, as `dvc add` writes it in DVC 3. */
export interface DvcOutput {
  /** md5 of the file, or of the `.dir` manifest followed by `.dir` for a directory. */
  md5: string;
  /** Size in bytes (for a directory, the sum over its files). */
  size: number;
  /** Number of files, for a directory only. */
  nfiles?: number;
  /** Whether the file is executable (written only when true). */
  isexec?: boolean;
  /** Always `md5` for DVC 3 outputs; legacy 2.x outputs (no `hash:` key) are rejected. */
  hash: 'md5';
  /** `/`-separated path relative to the `.dvc` file's folder. */
  path: string;
}

/** The parsed content of a `.dvc` file. */
export interface DvcFile {
  /** The outputs it tracks (one for files written by `dvc add`). */
  outs: DvcOutput[];
}

const reservedWords =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N)$/;
const numberLike =
  /^(?:[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const leadingIndicators = ',[]{}#&*!|>\'"%@`';

// Whether ruamel would write this string without quotes (block context, YAML 1.2).
function canBePlain(value: string): boolean {
  if (value === '' || value.trim() !== value) return false;
  if (reservedWords.test(value) || numberLike.test(value)) return false;
  if (leadingIndicators.includes(value[0] as string)) return false;
  if ('-?:'.includes(value[0] as string) && (value.length === 1 || value[1] === ' ')) return false;
  if (value.includes(': ') || value.includes(' #') || value.endsWith(':')) return false;
  return !needsDoubleQuotes(value);
}

// Control characters, DEL and the byte order mark can only be written double-quoted.
function needsDoubleQuotes(value: string): boolean {
  for (let index = 0; index < value.length; index += 1) {
    const unit = value.charCodeAt(index);
    if (unit < 0x20 || unit === 0x7f || unit === 0xfeff) return true;
  }
  return false;
}

function yamlScalar(value: string): string {
  if (canBePlain(value)) return value;
  if (!needsDoubleQuotes(value)) return `'${value.replaceAll("'", "''")}'`;
  return JSON.stringify(value);
}

/**
 * The bytes of a `.dvc` file as `dvc add` writes them: YAML block style, keys in DVC's order
 * (`md5`, `size`, `nfiles`, `isexec`, `hash`, `path`), strings quoted only where YAML
 * needs it.
 */
export function formatDvcFile(file: DvcFile): string {
  let text = 'outs:\n';
  for (const out of file.outs) {
    text += `- md5: ${out.md5}\n  size: ${out.size}\n`;
    if (out.nfiles !== undefined) text += `  nfiles: ${out.nfiles}\n`;
    if (out.isexec === true) text += '  isexec: true\n';
    text += `  hash: ${out.hash}\n  path: ${yamlScalar(out.path)}\n`;
  }
  return text;
}

function parseScalar(raw: string, source: string, line: number): string {
  const text = raw.trim();
  if (text.startsWith("'")) {
    if (!text.endsWith("'") || text.length < 2) {
      throw new DvcFileFormatError({ message: 'unterminated quoted string', path: source, line });
    }
    return text.slice(1, -1).replaceAll("''", "'");
  }
  if (text.startsWith('"')) {
    try {
      return JSON.parse(text) as string;
    } catch (cause) {
      throw new DvcFileFormatError({
        message: 'unsupported double-quoted string',
        path: source,
        line,
        cause,
      });
    }
  }
  const comment = text.indexOf(' #');
  return comment === -1 ? text : text.slice(0, comment).trimEnd();
}

const md5Value = /^[0-9a-f]{32}(?:\.dir)?$/;

function toOutput(
  fields: Map<string, { value: string; line: number }>,
  source: string,
  line: number,
): DvcOutput {
  const get = (key: string) => fields.get(key);
  const fail = (message: string, at = line): never => {
    throw new DvcFileFormatError({ message, path: source, line: at });
  };
  const md5 = get('md5');
  const path = get('path');
  const hash = get('hash');
  const size = get('size');
  if (path === undefined) fail('an output has no path');
  if (md5 === undefined || !md5Value.test(md5.value)) {
    fail('an output has no md5 of 32 hex digits', md5?.line);
  }
  if (hash?.value !== 'md5') {
    fail(
      'only DVC 3 outputs (hash: md5) are supported; re-add legacy DVC 2 data with dvc 3',
      hash?.line,
    );
  }
  const integer = (entry: { value: string; line: number } | undefined, key: string) => {
    if (entry === undefined) return undefined;
    if (!/^[0-9]+$/.test(entry.value)) fail(`${key} is not a non-negative integer`, entry.line);
    return Number(entry.value);
  };
  const output: DvcOutput = {
    md5: (md5 as { value: string }).value,
    size: integer(size, 'size') ?? fail('an output has no size'),
    hash: 'md5',
    path: (path as { value: string }).value,
  };
  const nfiles = integer(get('nfiles'), 'nfiles');
  if (nfiles !== undefined) output.nfiles = nfiles;
  const isexec = get('isexec');
  if (isexec !== undefined) {
    if (isexec.value !== 'true' && isexec.value !== 'false') {
      fail('isexec is not true or false', isexec.line);
    }
    if (isexec.value === 'true') output.isexec = true;
  }
  return output;
}

const outputKeys = new Set(['md5', 'size', 'nfiles', 'isexec', 'hash', 'path']);

/**
 * Reads a `.dvc` file in the shape `dvc add` writes (a top-level `outs` list of flat
 * mappings). It is deliberately strict: keys it does not understand (`cache`, `remote`,
 * `files`, stage `deps`, ...) are an error rather than silently ignored. `source` names the
 * file in errors.
 *
 * @throws DvcFileFormatError naming the line of the first problem.
 */
export function parseDvcFile(text: string, source: string): DvcFile {
  const outs: DvcOutput[] = [];
  let inOuts = false;
  let current: Map<string, { value: string; line: number }> | undefined;
  let currentLine = 0;
  const flush = () => {
    if (current !== undefined) outs.push(toOutput(current, source, currentLine));
    current = undefined;
  };
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index += 1) {
    const lineNumber = index + 1;
    const raw = lines[index] as string;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    if (!raw.startsWith(' ') && !raw.startsWith('-')) {
      flush();
      if (raw.trimEnd() !== 'outs:') {
        throw new DvcFileFormatError({
          message: `unsupported top-level entry ${JSON.stringify(raw.trim())}; only "outs:" is read`,
          path: source,
          line: lineNumber,
        });
      }
      inOuts = true;
      continue;
    }
    const match = /^(?: {0,2}- | {2,})([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?$/.exec(raw);
    if (!inOuts || match === null) {
      throw new DvcFileFormatError({
        message: 'expected "- key: value" or "  key: value" inside outs',
        path: source,
        line: lineNumber,
      });
    }
    const key = match[1] as string;
    const value = match[2];
    if (raw.trimStart().startsWith('- ')) {
      flush();
      current = new Map();
      currentLine = lineNumber;
    }
    if (current === undefined || value === undefined || !outputKeys.has(key)) {
      throw new DvcFileFormatError({
        message: `unsupported output key ${JSON.stringify(key)}`,
        path: source,
        line: lineNumber,
      });
    }
    if (current.has(key)) {
      throw new DvcFileFormatError({
        message: `duplicate key ${key}`,
        path: source,
        line: lineNumber,
      });
    }
    current.set(key, { value: parseScalar(value, source, lineNumber), line: lineNumber });
  }
  flush();
  if (outs.length === 0) {
    throw new DvcFileFormatError({ message: 'no outputs', path: source });
  }
  return { outs };
}
