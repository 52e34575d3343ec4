const markerPrefix = 'dagnostics.error:';

/** Options every DAGnostics error accepts. */
export interface DagnosticsErrorOptions {
  /** What went wrong and what to do about it, in one or two sentences. */
  message: string;
  /** The error that caused this one (a zod, undici or native error, say). */
  cause?: unknown;
  /** Whether repeating the same operation later may succeed. Defaults to `false`. */
  isRetryable?: boolean;
}

/**
 * Base class of every error thrown by a DAGnostics package.
 *
 * Use the static `isInstance()` of the class you expect instead of `instanceof`: it
 * works across duplicate installs and across the ESM and CJS builds, because it checks
 * a `Symbol.for` marker rather than a prototype. Each subclass declares its own stable
 * `errorName`; an instance carries the markers of its class and of every ancestor, so
 * `ParentError.isInstance(child)` is true while a sibling class rejects it.
 *
 * @example
 * ```ts
 * try { settings.resolve(input) } catch (error) {
 *   if (ConfigError.isInstance(error)) console.error(error.option, error.envVar);
 * }
 * ```
 */
export class DagnosticsError extends Error {
  /** Stable name of this class, used for `name` and for the marker symbol. */
  static readonly errorName: string = 'DagnosticsError';

  /** Machine-readable code, e.g. `CONFIG_INVALID`. Stable across releases. */
  readonly code: string;
  /** Whether repeating the same operation later may succeed. */
  readonly isRetryable: boolean;

  constructor(options: DagnosticsErrorOptions & { code?: string }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    const ctor = new.target as typeof DagnosticsError;
    this.name = ctor.errorName;
    this.code = options.code ?? 'DAGNOSTICS_ERROR';
    this.isRetryable = options.isRetryable ?? false;
    markClassChain(this, ctor);
  }

  /**
   * True when `error` is an instance of this class or of one of its subclasses, as
   * recognised by marker (no `instanceof`).
   */
  static isInstance<T extends abstract new (...args: never[]) => DagnosticsError>(
    this: T & { readonly errorName: string },
    error: unknown,
  ): error is InstanceType<T> {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass isInstance was called on; that is the point.
    return hasMarker(error, this.errorName);
  }

  /** A plain object for logs and JSON responses: name, code, message, retryability, cause. */
  toJSON(): Record<string, unknown> {
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this)) {
      if (typeof value !== 'function') fields[key] = value;
    }
    return {
      ...fields,
      name: this.name,
      code: this.code,
      message: this.message,
      isRetryable: this.isRetryable,
      ...(this.cause === undefined ? {} : { cause: describeCause(this.cause) }),
    };
  }
}

function markerFor(errorName: string): symbol {
  return Symbol.for(markerPrefix + errorName);
}

function markClassChain(instance: DagnosticsError, ctor: typeof DagnosticsError): void {
  let current: unknown = ctor;
  while (typeof current === 'function' && Object.hasOwn(current, 'errorName')) {
    const errorName = (current as typeof DagnosticsError).errorName;
    Object.defineProperty(instance, markerFor(errorName), { value: true, enumerable: false });
    current = Object.getPrototypeOf(current);
  }
}

function hasMarker(error: unknown, errorName: string): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[markerFor(errorName)] === true
  );
}

function describeCause(cause: unknown): unknown {
  if (cause instanceof Error) return { name: cause.name, message: cause.message };
  return cause;
}
