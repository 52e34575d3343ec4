/**
 * JSON as Python's `json` module writes and reads it by default: non-finite numbers are the
 * bare tokens `NaN`, `Infinity` and `-Infinity` (JavaScript's `JSON.stringify` would turn
 * them into `null`, losing a NaN objective or intermediate value).
 */

/**
 * Encodes `value` like Python's `json.dumps`: compact (`separators=(',', ':')`, what the
 * journal file writes) by default, or with Python's default `', '` and `': '` when `spaced`.
 */
export function encodePythonJson(value: unknown, spaced = false): string {
  const comma = spaced ? ', ' : ',';
  const colon = spaced ? ': ' : ':';
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'number':
      if (Number.isNaN(value)) return 'NaN';
      if (value === Number.POSITIVE_INFINITY) return 'Infinity';
      if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
      if (Object.is(value, -0)) return '-0.0';
      return JSON.stringify(value);
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((item: unknown) => encodePythonJson(item, spaced)).join(comma)}]`;
      }
      const members: string[] = [];
      for (const [key, member] of Object.entries(value)) {
        if (member === undefined) continue;
        members.push(`${JSON.stringify(key)}${colon}${encodePythonJson(member, spaced)}`);
      }
      return `{${members.join(comma)}}`;
    }
    default:
      throw new TypeError(`cannot encode a ${typeof value} as JSON`);
  }
}

const nonFiniteTokens: ReadonlyMap<string, number> = new Map([
  ['-Infinity', Number.NEGATIVE_INFINITY],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['NaN', Number.NaN],
]);

// Replaces each bare non-finite token outside strings with a JSON string `"\u0000<tag><token>"`.
// The tag is chosen so that no string of the text holds it, so a user string never
// turns into a number.
function replaceNonFiniteTokens(text: string, tag: string): string {
  let result = '';
  let index = 0;
  let inString = false;
  while (index < text.length) {
    const character = text[index] as string;
    if (inString) {
      result += character;
      if (character === '\\') {
        result += text[index + 1] ?? '';
        index += 2;
        continue;
      }
      if (character === '"') inString = false;
      index += 1;
      continue;
    }
    if (character === '"') {
      inString = true;
      result += character;
      index += 1;
      continue;
    }
    const token = [...nonFiniteTokens.keys()].find((name) => text.startsWith(name, index));
    if (token !== undefined) {
      result += `"\\u0000${tag}${token}"`;
      index += token.length;
      continue;
    }
    result += character;
    index += 1;
  }
  return result;
}

/**
 * Parses JSON text that Python's `json.dumps` may have written (with `NaN`, `Infinity`,
 * `-Infinity`). Throws a `SyntaxError` on anything else that is not JSON.
 */
export function decodePythonJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (!/NaN|Infinity/.test(text)) throw error;
  }
  let counter = 0;
  while (text.includes(`\\u0000nf${counter}`)) counter += 1;
  const tag = `nf${counter}`;
  const prefix = `\u0000${tag}`;
  return JSON.parse(replaceNonFiniteTokens(text, tag), (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith(prefix)
      ? (nonFiniteTokens.get(value.slice(prefix.length)) ?? value)
      : value,
  );
}
