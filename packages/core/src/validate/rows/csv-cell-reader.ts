import type { z } from 'zod';

// Zod 4 describes a schema by a plain `_zod.def` object; only the fields read here are typed.
interface ZodNode {
  _zod?: { def?: { type?: string; innerType?: ZodNode } };
  safeParse?: (value: unknown) => { success: boolean };
}

const wrapperTypes = new Set([
  'optional',
  'nullable',
  'default',
  'prefault',
  'catch',
  'readonly',
  'nonoptional',
]);

/** Turns one CSV cell into the value the schema's key expects; `undefined` leaves the key out. */
export type CellReader = (text: string | null) => unknown;

/**
 * A reader for the cells of `column`: text is read as a number, boolean or bigint when the
 * schema's key (under optional, nullable, default… wrappers) is one and the text reads as
 * one, and kept as text otherwise so that zod reports it with its value. A null cell is
 * `null` when the key accepts null, else missing.
 */
export function csvCellReader(schema: z.ZodObject, column: string): CellReader {
  const node = (schema.shape as Record<string, ZodNode | undefined>)[column];
  if (node === undefined) return (text) => text ?? undefined;
  const nullValue = node.safeParse?.(null).success === true ? null : undefined;
  let inner: ZodNode | undefined = node;
  while (inner?._zod?.def?.type !== undefined && wrapperTypes.has(inner._zod.def.type)) {
    inner = inner._zod.def.innerType;
  }
  const read = readerFor(inner?._zod?.def?.type);
  return (text) => (text === null ? nullValue : read(text));
}

function readerFor(type: string | undefined): (text: string) => unknown {
  switch (type) {
    case 'number':
      return (text) => {
        const value = text.trim() === '' ? Number.NaN : Number(text);
        return Number.isNaN(value) ? text : value;
      };
    case 'boolean':
      return (text) => {
        const lower = text.trim().toLowerCase();
        return lower === 'true' ? true : lower === 'false' ? false : text;
      };
    case 'bigint':
      return (text) => (/^\s*[+-]?\d+\s*$/.test(text) ? BigInt(text.trim()) : text);
    default:
      return (text) => text;
  }
}
