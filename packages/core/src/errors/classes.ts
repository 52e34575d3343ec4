import { DagnosticsError } from './dagnostics-error';

/** A setting given to a `createX()` factory, or read from its environment variable, is invalid. */
export class ConfigError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsConfigError';

  /** The option name as passed to the factory, e.g. `trackingUri`. */
  readonly option: string;
  /** The environment variable that can also set it, when there is one. */
  readonly envVar: string | undefined;
  /** Where the bad value came from. */
  readonly source: 'option' | 'env' | 'default';

  constructor(options: {
    message: string;
    option: string;
    envVar?: string;
    source: 'option' | 'env' | 'default';
    cause?: unknown;
  }) {
    super({ ...options, code: 'CONFIG_INVALID' });
    this.option = options.option;
    this.envVar = options.envVar;
    this.source = options.source;
  }
}

/** A function argument is out of its domain (wrong shape, length, range or type). */
export class InvalidArgumentError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsInvalidArgumentError';

  /** The parameter name, e.g. `q` or `bins`. */
  readonly argument: string;

  constructor(options: { message: string; argument: string; cause?: unknown; code?: string }) {
    super({ ...options, code: options.code ?? 'INVALID_ARGUMENT' });
    this.argument = options.argument;
  }
}

/** A statistic was asked of an input with no (non-NaN) values. */
export class EmptyInputError extends InvalidArgumentError {
  static override readonly errorName: string = 'DagnosticsEmptyInputError';

  constructor(options: { message: string; argument: string }) {
    super({ ...options, code: 'EMPTY_INPUT' });
  }
}

/** Input data (CSV, JSON Lines, Arrow IPC) could not be read or does not fit the expected shape. */
export class DataFormatError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsDataFormatError';

  /** The format being read or written. */
  readonly format: 'csv' | 'jsonl' | 'arrow-ipc' | 'rows' | 'columns';
  /** 1-based line or record number where the problem was found, when known. */
  readonly line: number | undefined;

  constructor(options: {
    message: string;
    format: DataFormatError['format'];
    line?: number;
    cause?: unknown;
  }) {
    super({ ...options, code: 'DATA_FORMAT' });
    this.format = options.format;
    this.line = options.line;
  }
}
