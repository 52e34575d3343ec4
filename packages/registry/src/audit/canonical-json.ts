/**
 * JSON with object keys sorted (by UTF-16 code units, as `Array.prototype.sort` orders
 * them) and no whitespace, so the same value always gives the same bytes to hash.
 * `undefined` object members are left out, as `JSON.stringify` does; arrays keep their order.
 *
 * @throws {TypeError} for values JSON cannot hold: non-finite numbers, bigints, functions,
 * symbols, or cycles.
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set());
}

function write(value: unknown, seen: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot hold ${value}`);
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
  }
  const object = value as object;
  if (seen.has(object)) throw new TypeError('canonical JSON cannot hold a cycle');
  seen.add(object);
  try {
    if (Array.isArray(object)) {
      return `[${object.map((item) => write(item === undefined ? null : item, seen)).join(',')}]`;
    }
    if (object instanceof Date) return JSON.stringify(object.toISOString());
    const members = Object.keys(object)
      .filter((key) => (object as Record<string, unknown>)[key] !== undefined)
      .sort()
      .map(
        (key) => `${JSON.stringify(key)}:${write((object as Record<string, unknown>)[key], seen)}`,
      );
    return `{${members.join(',')}}`;
  } finally {
    seen.delete(object);
  }
}
