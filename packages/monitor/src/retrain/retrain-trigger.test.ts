import { describe, expect, it } from 'vitest';
import { createRetrainTrigger } from './retrain-trigger';

describe('createRetrainTrigger', () => {
  it('fires only when a condition holds and enough new samples arrived', async () => {
    let drift = false;
    const started: string[][] = [];
    const trigger = createRetrainTrigger({
      conditions: [
        { name: 'dataset-drift', holds: () => drift },
        { name: 'accuracy-decay', holds: async () => false },
      ],
      minNewSamples: 100,
      onTrigger: (reason) => void started.push(reason.conditions),
    });
    expect(await trigger.evaluate()).toMatchObject({ fired: false, blockedBy: 'no-condition' });
    drift = true;
    trigger.recordSamples(99);
    expect(await trigger.evaluate()).toMatchObject({ fired: false, blockedBy: 'min-new-samples' });
    trigger.recordSamples(1);
    expect(await trigger.evaluate()).toMatchObject({ fired: true, reason: { newSamples: 100 } });
    await trigger.idle();
    expect(started).toEqual([['dataset-drift']]);
    // The samples were used up by that retraining.
    expect(await trigger.evaluate()).toMatchObject({ fired: false, blockedBy: 'min-new-samples' });
  });

  it('runs one retraining at a time and then waits for the cooldown', async () => {
    let clock = 0;
    let finish: () => void = () => {};
    let runs = 0;
    const trigger = createRetrainTrigger({
      conditions: [{ name: 'drift', holds: () => true }],
      cooldownMs: 60_000,
      now: () => clock,
      onTrigger: () => {
        runs += 1;
        return new Promise<void>((resolve) => {
          finish = resolve;
        });
      },
    });
    expect((await trigger.evaluate()).fired).toBe(true);
    expect(trigger.running).toBe(true);
    expect(await trigger.evaluate()).toMatchObject({ fired: false, blockedBy: 'running' });
    clock = 10_000;
    finish();
    await trigger.idle();
    clock = 69_999;
    expect(await trigger.evaluate()).toMatchObject({ fired: false, blockedBy: 'cooldown' });
    clock = 70_000;
    expect((await trigger.evaluate()).fired).toBe(true);
    expect(runs).toBe(2);
  });

  it('reports a failed retraining and keeps the new samples for the next one', async () => {
    const errors: unknown[] = [];
    let attempt = 0;
    const trigger = createRetrainTrigger({
      conditions: [{ name: 'drift', holds: () => true }],
      minNewSamples: 10,
      onError: (error) => errors.push(error),
      onTrigger: async () => {
        attempt += 1;
        if (attempt === 1) throw new Error('cluster unavailable');
      },
    });
    trigger.recordSamples(10);
    expect((await trigger.evaluate()).fired).toBe(true);
    await trigger.idle();
    expect(errors).toHaveLength(1);
    expect((await trigger.evaluate()).fired).toBe(true);
  });

  it('rejects bad settings', () => {
    expect(() => createRetrainTrigger({ conditions: [], onTrigger: () => {} })).toThrow(
      /condition/,
    );
    expect(() =>
      createRetrainTrigger({
        conditions: [{ name: 'x', holds: () => true }],
        cooldownMs: -1,
        onTrigger: () => {},
      }),
    ).toThrow(/cooldownMs/);
  });
});
