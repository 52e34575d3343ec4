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

/**
 * `resumeFrom` names a file that is not a checkpoint of this run: another model, other data
 * or other training settings (batch size, optimizer, schedule, precision, seed or order), or
 * not a train-gpu checkpoint at all. Nothing was trained; start without `resumeFrom` or
 * point it at the checkpoint this run wrote.
 */
export class CheckpointMismatchError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsCheckpointMismatchError';

  /** The checkpoint that was refused. */
  readonly path: string;

  constructor(options: { path: string; message: string; cause?: unknown }) {
    super({
      message: options.message,
      code: 'CHECKPOINT_MISMATCH',
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.path = options.path;
  }
}

/**
 * Data-parallel training failed between processes: the rendezvous timed out, a peer died or
 * closed its connection during an all-reduce, or the ranks were given different data or
 * settings. The other ranks fail the same way; restart all of them (from the last checkpoint
 * with `resumeFrom`).
 */
export class DistributedTrainingError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsDistributedTrainingError';

  /** This process's rank. */
  readonly rank: number;
  readonly worldSize: number;

  constructor(options: { rank: number; worldSize: number; message: string; cause?: unknown }) {
    super({
      message: options.message,
      code: 'DISTRIBUTED_TRAINING',
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.rank = options.rank;
    this.worldSize = options.worldSize;
  }
}

/** How one rank of a launched run ended. */
export interface RankExit {
  readonly rank: number;
  /** Exit code, or null when a signal ended it. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The last lines it wrote to stderr (up to 4 KiB). */
  readonly stderrTail: string;
}

/**
 * A rank launched by `launchDistributed()` failed (non-zero exit or a signal), so the others
 * were stopped; `ranks` says how each ended, the first failure first in the message.
 */
export class DistributedLaunchError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsDistributedLaunchError';

  readonly ranks: readonly RankExit[];

  constructor(options: { message: string; ranks: readonly RankExit[] }) {
    super({ message: options.message, code: 'DISTRIBUTED_LAUNCH' });
    this.ranks = options.ranks;
  }
}
