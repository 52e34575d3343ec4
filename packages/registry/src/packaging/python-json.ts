/**
 * JSON text as Python's `json.dumps` writes it (MLflow writes `input_example.json` and
 * `serving_input_example.json` with it): `", "` and `": "` separators on one line, or
 * `indent` spaces per level with `","` line ends; floats in Python's `repr` (`1.0`,
 * `1e-05`, `1.5e+16`), so that the files match MLflow's byte for byte.
 */

/** A number Python holds as a float: written `1.0`, never `1`. */
export class PythonFloat {
  constructor(readonly value: number) {}
}

/** A value {@link pythonJsonDumps} writes. */
export type PythonJsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | PythonFloat
  | readonly PythonJsonValue[]
  | { readonly [key: string]: PythonJsonValue };

/**
 * A float as Python's `repr` writes it: the shortest digits that read back to the same
 * double (as JavaScript's), in fixed notation for decimal exponents from -4 to 15 and in
 * scientific notation with a signed two-digit-or-more exponent otherwise; `NaN`,
 * `Infinity` and `-Infinity` as `json.dumps` writes them.
 */
export function formatPythonFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const sign = value < 0 ? '-' : '';
  // toExponential() without digits gives the shortest round-trip digits, as repr does.
  const [mantissa = '', exponentText = '0'] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const magnitude = String(Math.abs(exponent)).padStart(2, '0');
    return `${sign}${digits[0]}${fraction}e${exponent < 0 ? '-' : '+'}${magnitude}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1);
  return `${sign}${whole}.${fraction === '' ? '0' : fraction}`;
}

function quote(text: string): string {
  // json.dumps escapes DEL and every non-ASCII character (ensure_ascii); JSON.stringify does not.
  return JSON.stringify(text).replace(
    /[\u007f-\uffff]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function dump(value: PythonJsonValue, indent: number | undefined, depth: number): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    return Number.isInteger(value) ? value.toFixed(0) : formatPythonFloat(value);
  }
  if (typeof value === 'string') return quote(value);
  if (value instanceof PythonFloat) return formatPythonFloat(value.value);
  const entries: string[] = Array.isArray(value)
    ? value.map((item: PythonJsonValue) => dump(item, indent, depth + 1))
    : Object.entries(value).map(([key, item]) => `${quote(key)}: ${dump(item, indent, depth + 1)}`);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) return `${open}${close}`;
  if (indent === undefined) return `${open}${entries.join(', ')}${close}`;
  const inner = `\n${' '.repeat(indent * (depth + 1))}`;
  return `${open}${inner}${entries.join(`,${inner}`)}\n${' '.repeat(indent * depth)}${close}`;
}

/**
 * `value` as Python's `json.dumps(value)` (or `json.dumps(value, indent=indent)`) writes it.
 * Integral JavaScript numbers are written as integers; wrap a float in {@link PythonFloat}
 * to have it written as Python writes floats.
 */
export function pythonJsonDumps(value: PythonJsonValue, options: { indent?: number } = {}): string {
  return dump(value, options.indent, 0);
}
