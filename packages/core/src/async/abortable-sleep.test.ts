import { describe, expect, it } from 'vitest';
import { abortableSleep } from './abortable-sleep';

describe('abortableSleep', () => {
  it('resolves after the delay', async () => {
    const started = performance.now();
    await abortableSleep(20);
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
  });

  it("rejects with the signal's reason when it aborts, without waiting out the delay", async () => {
    const controller = new AbortController();
    const started = performance.now();
    const sleeping = abortableSleep(10_000, controller.signal);
    controller.abort(new Error('stopped'));
    await expect(sleeping).rejects.toThrow('stopped');
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('rejects at once for a signal that has already aborted', async () => {
    await expect(abortableSleep(10_000, AbortSignal.abort('gone'))).rejects.toBe('gone');
  });
});
