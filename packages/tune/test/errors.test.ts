import { DagnosticsError } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import * as tune from '../src';

// One instance of every error class the package exports; the test below fails when a new
// class is exported without an instance here.
const instances: DagnosticsError[] = [
  new tune.StudyNotFoundError({ study: 'missing' }),
  new tune.DuplicateStudyError({ studyName: 'taken' }),
  new tune.TrialNotFoundError({ trialId: 7 }),
  new tune.TrialFinishedError({ trialId: 7, state: 'COMPLETE', operation: 'report' }),
  new tune.InvalidSearchSpaceError({ param: 'x', message: 'low > high' }),
  new tune.TrialPrunedError(),
  new tune.StorageError({ message: 'torn journal' }),
  new tune.NoCompletedTrialsError({ studyName: 's', feasibleOnly: false }),
  new tune.MultiObjectiveError({ operation: 'bestTrial', hint: 'Use bestTrials.' }),
];

const exportedClasses = Object.values(tune).filter(
  (value): value is typeof DagnosticsError =>
    typeof value === 'function' && value.prototype instanceof DagnosticsError,
);

describe('tune error classes', () => {
  it('has an instance of every exported error class', () => {
    expect(new Set(instances.map((error) => error.constructor))).toEqual(new Set(exportedClasses));
  });

  it.each(exportedClasses.map((errorClass) => [errorClass.errorName, errorClass] as const))(
    '%s.isInstance accepts its own and rejects its siblings',
    (_, errorClass) => {
      for (const error of instances) {
        expect(errorClass.isInstance(error)).toBe(error.constructor === errorClass);
      }
      expect(errorClass.isInstance(new Error('plain'))).toBe(false);
    },
  );

  it('carries a stable name, a code and a message that says what to do', () => {
    for (const error of instances) {
      expect(error.name).toMatch(/^Dagnostics/);
      expect(error.code).toMatch(/^[A-Z_]+$/);
      expect(error.message.length).toBeGreaterThan(5);
    }
  });
});
