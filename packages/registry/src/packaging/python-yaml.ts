import { stringify } from 'yaml';

/**
 * YAML text as PyYAML's `yaml.safe_dump(data, default_flow_style=False)` writes it, which is
 * how MLflow writes `MLmodel`, `conda.yaml` and `python_env.yaml`: YAML 1.1 quoting (so
 * `'3.11'` and timestamps are quoted), single quotes, sequences not indented under their
 * key, and long scalars folded the way PyYAML folds them: at a single space once the line
 * has passed 80 columns, continued two columns deeper than the line's key.
 */

/** PyYAML's `best_width`. */
const bestWidth = 80;
const entryPattern = /^( *)(- |[^\s'"][^:]*: )(.+)$/;

function foldScalar(scalar: string, startColumn: number, indent: number): string {
  const quoted = scalar.length >= 2 && scalar.startsWith("'") && scalar.endsWith("'");
  const text = quoted ? scalar.slice(1, -1).replaceAll("''", "'") : scalar;
  let column = startColumn + (quoted ? 1 : 0);
  let out = quoted ? "'" : '';
  let index = 0;
  while (index < text.length) {
    if (text[index] === ' ') {
      let end = index;
      while (text[end] === ' ') end += 1;
      const single = end === index + 1;
      if (single && column > bestWidth && index !== 0 && end !== text.length) {
        out += `\n${' '.repeat(indent)}`;
        column = indent;
      } else {
        out += text.slice(index, end);
        column += end - index;
      }
      index = end;
    } else {
      const character = text[index] as string;
      const written = quoted && character === "'" ? "''" : character;
      out += written;
      column += written.length;
      index += 1;
    }
  }
  return quoted ? `${out}'` : out;
}

function foldLine(line: string): string {
  if (line.length <= bestWidth) return line;
  const match = entryPattern.exec(line);
  if (match === null) return line;
  const [, leading = '', prefix = '', scalar = ''] = match;
  if (scalar.startsWith('"') || scalar.startsWith('|') || scalar.startsWith('>')) return line;
  return `${leading}${prefix}${foldScalar(scalar, leading.length + prefix.length, leading.length + 2)}`;
}

/**
 * `data` (plain objects, arrays, strings, numbers, booleans, null) as PyYAML's `safe_dump`
 * writes it. Keys are sorted unless `sortKeys` is false (MLflow's `python_env.yaml`).
 */
export function pythonYamlDump(data: unknown, options: { sortKeys?: boolean } = {}): string {
  const text = stringify(data, {
    version: '1.1',
    sortMapEntries: options.sortKeys ?? true,
    indentSeq: false,
    singleQuote: true,
    lineWidth: 0,
    nullStr: 'null',
  });
  return text.split('\n').map(foldLine).join('\n');
}
