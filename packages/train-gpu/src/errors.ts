import { DagnosticsError } from '@dagnostics/core';

/**
 * The native (libtorch) trainer is not available: no libtorch was found, or the addon was
 * not built. `tried` lists every place looked at and why it did not qualify; the message
 * says how to fix it. The TypeScript reference trainer still works.
 */
export class NativeUnavailableError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsNativeUnavailableError';

  /** Each candidate tried, in order, with the reason it was not used. */
  readonly tried: readonly {
    readonly source: string;
    readonly location: string;
    readonly reason: string;
  }[];

  constructor(options: {
    message: string;
    tried: readonly { source: string; location: string; reason: string }[];
    cause?: unknown;
  }) {
    super({
      message: options.message,
      code: 'NATIVE_UNAVAILABLE',
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.tried = options.tried;
  }
}

/** Training input that cannot be trained on: lengths, label range, empty data, NaN features, devices. */
export class TrainingInputError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsTrainingInputError';

  /** The argument at fault, e.g. `labels`. */
  readonly argument: string;

  constructor(options: { argument: string; message: string }) {
    super({ message: options.message, code: 'TRAINING_INPUT' });
    this.argument = options.argument;
  }
}
