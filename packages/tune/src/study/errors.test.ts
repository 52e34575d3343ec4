import { describe, expect, it } from 'vitest';
import {
  InvalidSearchSpaceError,
  StudyNotFoundError,
  TrialFinishedError,
  TrialPrunedError,
} from '../errors';
import { MultiObjectiveError, NoCompletedTrialsError } from './errors';

describe('study errors', () => {
  it('are recognised by isInstance and not confused with their siblings', () => {
    const noTrials = new NoCompletedTrialsError({ studyName: 's', feasibleOnly: true });
    const multi = new MultiObjectiveError({ operation: 'bestTrial', hint: 'Use bestTrials.' });
    expect(NoCompletedTrialsError.isInstance(noTrials)).toBe(true);
    expect(MultiObjectiveError.isInstance(multi)).toBe(true);
    for (const sibling of [
      MultiObjectiveError,
      StudyNotFoundError,
      TrialFinishedError,
      TrialPrunedError,
      InvalidSearchSpaceError,
    ]) {
      expect(sibling.isInstance(noTrials)).toBe(false);
    }
    expect(NoCompletedTrialsError.isInstance(multi)).toBe(false);
    expect(noTrials.code).toBe('NO_COMPLETED_TRIALS');
    expect(noTrials.message).toContain('feasible');
    expect(multi.operation).toBe('bestTrial');
  });
});
