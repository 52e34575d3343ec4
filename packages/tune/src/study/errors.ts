import { DagnosticsError } from '@dagnostics/core';

/** `bestTrial`, `bestValue` or `bestParams` asked of a study with no (feasible) COMPLETE trial. */
export class NoCompletedTrialsError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsNoCompletedTrialsError';

  /** The study asked. */
  readonly studyName: string;

  constructor(options: { studyName: string; feasibleOnly: boolean }) {
    super({
      message: options.feasibleOnly
        ? `Study ${JSON.stringify(options.studyName)} has no feasible COMPLETE trial yet (constraints are in use: every constraint value must be <= 0). Run more trials or relax the constraints.`
        : `Study ${JSON.stringify(options.studyName)} has no COMPLETE trial yet. Run optimize (or tell a value) first.`,
      code: 'NO_COMPLETED_TRIALS',
    });
    this.studyName = options.studyName;
  }
}

/** A single-objective operation (`bestTrial`, `report`, `shouldPrune`) on a multi-objective study. */
export class MultiObjectiveError extends DagnosticsError {
  static override readonly errorName: string = 'DagnosticsMultiObjectiveError';

  /** What was asked, e.g. `bestTrial`. */
  readonly operation: string;

  constructor(options: { operation: string; hint: string }) {
    super({
      message: `${options.operation} is not available for a multi-objective study. ${options.hint}`,
      code: 'MULTI_OBJECTIVE',
    });
    this.operation = options.operation;
  }
}
