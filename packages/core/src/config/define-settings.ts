import type { z } from 'zod';
import { ConfigError } from '../errors';
import { envParsers } from './env-parsers';

/** How one setting is read from the environment when the caller does not pass it. */
export interface EnvBinding {
  /** The variable's name, e.g. `MLFLOW_TRACKING_URI`. */
  name: string;
  /** Turns the text into the setting's value. Defaults to the text as it is. */
  parse?: (raw: string) => unknown;
  /** Never print the value in an error message (passwords, tokens). */
  secret?: boolean;
}

/** The environment to read from; `process.env` unless a test or caller passes another. */
export type EnvironmentSource = Readonly<Record<string, string | undefined>>;

/** A factory's settings: a strict zod schema plus the environment variables behind some keys. */
export interface SettingsDefinition<Schema extends z.ZodObject> {
  /** Name used in messages, usually the factory (`createTracker`). */
  readonly owner: string;
  /** The zod schema, built on first use (nothing is built at import time). */
  schema(): Schema;
  /**
   * Validates `input`, filling keys the caller left undefined from their environment
   * variables (read now, not at import). Throws `ConfigError` naming the option and the
   * variable when a value is invalid or a key is unknown.
   */
  resolve(
    input?: Partial<z.input<Schema>>,
    options?: { env?: EnvironmentSource },
  ): z.output<Schema>;
}

/**
 * Declares the settings of a `createX(settings)` factory.
 *
 * @example
 * ```ts
 * const trackerSettings = defineSettings({
 *   owner: 'createTracker',
 *   schema: () => z.object({ trackingUri: z.url(), timeoutMs: z.number().int().positive().default(120_000) }),
 *   env: {
 *     trackingUri: 'MLFLOW_TRACKING_URI',
 *     timeoutMs: { name: 'MLFLOW_HTTP_REQUEST_TIMEOUT', parse: envParsers.secondsToMs },
 *   },
 * });
 * const settings = trackerSettings.resolve({ timeoutMs: 5_000 });
 * ```
 */
export function defineSettings<Schema extends z.ZodObject>(definition: {
  owner: string;
  schema: () => Schema;
  env?: Partial<Record<keyof z.input<Schema> & string, string | EnvBinding>>;
}): SettingsDefinition<Schema> {
  let cached: Schema | undefined;
  const schema = (): Schema => {
    cached ??= definition.schema().strict() as Schema;
    return cached;
  };
  const bindings = new Map<string, EnvBinding>();
  for (const [key, binding] of Object.entries(definition.env ?? {})) {
    if (binding === undefined) continue;
    bindings.set(key, typeof binding === 'string' ? { name: binding } : (binding as EnvBinding));
  }

  return {
    owner: definition.owner,
    schema,
    resolve(input = {}, options = {}) {
      const env = options.env ?? process.env;
      const merged: Record<string, unknown> = { ...(input as Record<string, unknown>) };
      const fromEnv = new Map<string, string>();
      for (const [key, binding] of bindings) {
        if (merged[key] !== undefined) continue;
        const raw = env[binding.name];
        if (raw === undefined || raw === '') continue;
        merged[key] = (binding.parse ?? envParsers.string)(raw);
        fromEnv.set(key, raw);
      }
      const result = schema().safeParse(merged);
      if (result.success) return result.data;
      throw toConfigError(
        definition.owner,
        result.error,
        Object.keys(schema().shape),
        bindings,
        fromEnv,
      );
    },
  };
}

function toConfigError(
  owner: string,
  error: z.ZodError,
  knownOptions: string[],
  bindings: Map<string, EnvBinding>,
  fromEnv: Map<string, string>,
): ConfigError {
  // A misspelt key usually explains the other problems too, so it is reported first.
  const issue = error.issues.find((item) => item.code === 'unrecognized_keys') ?? error.issues[0];
  const others =
    error.issues.length > 1 ? ` (${error.issues.length - 1} more problem(s) in error.cause)` : '';
  if (issue?.code === 'unrecognized_keys') {
    const option = issue.keys[0] ?? '';
    return new ConfigError({
      message: `${owner}: unknown setting "${issue.keys.join('", "')}". Known settings: ${knownOptions.join(', ')}. Check the spelling.${others}`,
      option,
      source: 'option',
      cause: error,
    });
  }
  const option = String(issue?.path[0] ?? '');
  const binding = bindings.get(option);
  const raw = fromEnv.get(option);
  const detail = issue?.message ?? 'invalid value';
  const where =
    raw !== undefined && binding !== undefined
      ? ` from ${binding.name}=${binding.secret ? '<redacted>' : JSON.stringify(raw)}`
      : '';
  const fix =
    binding === undefined
      ? `Pass a valid { ${option} } to ${owner}.`
      : `Pass a valid { ${option} } to ${owner} or set ${binding.name}.`;
  return new ConfigError({
    message: `${owner}: invalid setting "${option}"${where}: ${detail}. ${fix}${others}`,
    option,
    ...(binding === undefined ? {} : { envVar: binding.name }),
    source: raw !== undefined ? 'env' : 'option',
    cause: error,
  });
}
