/**
 * Orders strings as Python does (by Unicode code point). JavaScript's default sort compares
 * UTF-16 code units, which puts characters above U+FFFF before U+E000..U+FFFF.
 */
export function comparePythonStrings(left: string, right: string): number {
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index += 1) {
    const a = left.charCodeAt(index);
    const b = right.charCodeAt(index);
    if (a !== b) return codePointRank(a) - codePointRank(b);
  }
  return left.length - right.length;
}

// At the first differing unit of two well-formed strings, moving surrogates above the rest of
// the BMP gives code point order.
function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

const shortEscapes: Record<number, string> = {
  34: '\\"',
  92: '\\\\',
  10: '\\n',
  13: '\\r',
  9: '\\t',
  8: '\\b',
  12: '\\f',
};

/**
 * A JSON string literal as Python's `json.dumps` writes it with its default
 * `ensure_ascii=True`: every character outside printable ASCII as a lower-case `\uXXXX`
 * (UTF-16 surrogate pairs above U+FFFF).
 */
export function pythonJsonString(value: string): string {
  let out = '"';
  for (let index = 0; index < value.length; index += 1) {
    const unit = value.charCodeAt(index);
    const short = shortEscapes[unit];
    if (short !== undefined) out += short;
    else if (unit < 0x20 || unit > 0x7e) out += `\\u${unit.toString(16).padStart(4, '0')}`;
    else out += value[index];
  }
  return `${out}"`;
}
