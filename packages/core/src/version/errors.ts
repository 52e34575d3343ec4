import { DagnosticsError } from '../errors';

/**
 * A cache object's bytes no longer hash to the md5 its name promises (a disk fault, or a
 * file edited through a hard link). DVC would delete such an object when it finds it; run
 * `addToCache` again on intact data, or `pull` the object from a remote, to repair it.
 */
export class CacheObjectCorruptedError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsCacheObjectCorruptedError';

  /** The object id: the expected md5, with `.dir` for a directory manifest. */
  readonly oid: string;
  /** Absolute path of the corrupted object file. */
  readonly path: string;
  /** The md5 its bytes actually have. */
  readonly actualMd5: string;

  constructor(options: { oid: string; path: string; actualMd5: string; cause?: unknown }) {
    super({
      message: `cache object ${options.path} is corrupted: its md5 is ${options.actualMd5}, not ${options.oid}. Remove it and add the data again, or pull it from a remote.`,
      cause: options.cause,
      code: 'VERSION_OBJECT_CORRUPTED',
    });
    this.oid = options.oid;
    this.path = options.path;
    this.actualMd5 = options.actualMd5;
  }
}

/** A cache (or remote) object that a `.dvc` file refers to is absent. */
export class CacheObjectMissingError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsCacheObjectMissingError';

  /** The object id: the md5, with `.dir` for a directory manifest. */
  readonly oid: string;
  /** Absolute path where the object was looked for. */
  readonly path: string;

  constructor(options: { oid: string; path: string; where: 'cache' | 'remote'; cause?: unknown }) {
    super({
      message: `${options.where} object ${options.oid} is missing (looked for ${options.path}). ${
        options.where === 'cache'
          ? 'Pull it from a remote, or add the data again.'
          : 'Push it from a cache that has it.'
      }`,
      cause: options.cause,
      code: 'VERSION_OBJECT_MISSING',
    });
    this.oid = options.oid;
    this.path = options.path;
  }
}

/** A `.dvc` file or a `.dir` manifest is not in the shape DVC 3 writes. */
export class DvcFileFormatError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsDvcFileFormatError';

  /** The file that could not be read. */
  readonly path: string;
  /** 1-based line of the problem, when known. */
  readonly line: number | undefined;

  constructor(options: { message: string; path: string; line?: number; cause?: unknown }) {
    super({
      message: `${options.path}${options.line === undefined ? '' : `:${options.line}`}: ${options.message}`,
      cause: options.cause,
      code: 'DVC_FILE_FORMAT',
    });
    this.path = options.path;
    this.line = options.line;
  }
}

/**
 * `checkout` would overwrite or delete a workspace file whose content is in no cache, so
 * it would be lost. Commit it with `addToCache`, or pass `force: true` to discard it.
 */
export class CheckoutConflictError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsCheckoutConflictError';

  /** Absolute paths of the workspace files that would be lost. */
  readonly paths: readonly string[];

  constructor(options: { paths: readonly string[] }) {
    const shown = options.paths.slice(0, 5).join(', ');
    const more = options.paths.length > 5 ? ` and ${options.paths.length - 5} more` : '';
    super({
      message: `checkout would discard uncached changes to ${shown}${more}. Add them with addToCache first, or pass force: true.`,
      code: 'VERSION_CHECKOUT_CONFLICT',
    });
    this.paths = options.paths;
  }
}
