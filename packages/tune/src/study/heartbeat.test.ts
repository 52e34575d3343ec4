import { describe, expect, it } from 'vitest';
import { InMemoryStorage } from '../storage/in-memory-storage';
import { createStudy } from './create-study';

class HeartbeatStorage extends InMemoryStorage {
  readonly beats: number[] = [];
  readonly staleChecks: number[] = [];

  async recordHeartbeat(trialId: number): Promise<void> {
    this.beats.push(trialId);
  }

  async failStaleTrials(studyId: number, gracePeriodMs: number): Promise<number[]> {
    this.staleChecks.push(gracePeriodMs);
    const stale = await this.getAllTrials(studyId, ['RUNNING']);
    for (const trial of stale) await this.setTrialStateValues(trial.trialId, 'FAIL');
    return stale.map((trial) => trial.trialId);
  }
}

describe('heartbeats', () => {
  it('records heartbeats while a trial runs and fails stale trials before each trial', async () => {
    const storage = new HeartbeatStorage();
    const study = await createStudy({ storage });
    const zombie = await study.ask();
    await study.optimize(() => new Promise<number>((resolve) => setTimeout(() => resolve(1), 35)), {
      nTrials: 2,
      heartbeatIntervalMs: 10,
    });
    const trials = await study.trials;
    expect(trials.map((trial) => trial.state)).toEqual(['FAIL', 'COMPLETE', 'COMPLETE']);
    expect(trials[0]?.trialId).toBe(zombie.trialId);
    expect(storage.staleChecks).toEqual([20, 20]);
    const beatsOfFirst = storage.beats.filter((id) => id === trials[1]?.trialId).length;
    expect(beatsOfFirst).toBeGreaterThanOrEqual(3);
  });

  it('does nothing without heartbeatIntervalMs', async () => {
    const storage = new HeartbeatStorage();
    const study = await createStudy({ storage });
    await study.optimize(() => 0, { nTrials: 2 });
    expect(storage.beats).toEqual([]);
    expect(storage.staleChecks).toEqual([]);
  });
});
