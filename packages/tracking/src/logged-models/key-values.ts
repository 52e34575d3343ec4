import { toStoredValue } from '../tracker/validation';

/** Params and tags as MLflow's `{key, value}` pairs, values turned into the text MLflow stores. */
export function toKeyValues(
  kind: 'param' | 'tag',
  values: Readonly<Record<string, unknown>> | undefined,
): { key: string; value: string }[] {
  return Object.entries(values ?? {}).map(([key, value]) => ({
    key,
    value: toStoredValue(kind, key, value),
  }));
}

/** `items` in consecutive slices of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}

/** `{ signal }` for an openapi-fetch call, or nothing. */
export function withSignal(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal === undefined ? {} : { signal };
}
