import type { MlflowClient } from '@dagnostics/tracking';

/** What the registry's calls share: the typed MLflow client over one transport. */
export interface RegistryContext {
  readonly client: MlflowClient;
}

/** openapi-fetch's options for a call's signal. */
export function withSignal(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal === undefined ? {} : { signal };
}

/** MLflow's `[{ key, value }]` from a record. */
export function toKeyValues(
  tags: Readonly<Record<string, string>> | undefined,
): { key: string; value: string }[] {
  return Object.entries(tags ?? {}).map(([key, value]) => ({ key, value }));
}

/** Throws when a 200 answer lacks the record it should carry. */
export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) {
    throw new TypeError(`MLflow answered without ${what}; is this an MLflow server?`);
  }
  return value;
}
