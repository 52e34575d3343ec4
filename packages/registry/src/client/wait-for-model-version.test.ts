import { describe, expect, it } from 'vitest';
import { ModelVersionNotReadyError } from '../errors';
import { toModelVersion } from './record-mapping';
import type { ModelVersionStatus } from './types';
import { waitForModelVersionCall } from './wait-for-model-version';

function pollsOf(statuses: ModelVersionStatus[]) {
  const calls: string[] = [];
  const getModelVersion = async (name: string, version: string) => {
    calls.push(`${name}/${version}`);
    const status = statuses[Math.min(calls.length - 1, statuses.length - 1)];
    return toModelVersion({ name, version, status, status_message: 'copy failed' });
  };
  return { calls, wait: waitForModelVersionCall(getModelVersion) };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('waitForModelVersion', () => {
  it('polls until the version is READY', async () => {
    const { calls, wait } = pollsOf(['PENDING_REGISTRATION', 'PENDING_REGISTRATION', 'READY']);
    const ready = await wait('classifier', '4', { pollIntervalMs: 1 });
    expect(ready.status).toBe('READY');
    expect(calls).toEqual(['classifier/4', 'classifier/4', 'classifier/4']);
  });

  it('rejects on FAILED_REGISTRATION with the server message, not retryable', async () => {
    const { wait } = pollsOf(['PENDING_REGISTRATION', 'FAILED_REGISTRATION']);
    const error = await rejection(wait('classifier', '4', { pollIntervalMs: 1 }));
    expect(ModelVersionNotReadyError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      model: 'classifier',
      version: '4',
      status: 'FAILED_REGISTRATION',
      isRetryable: false,
    });
    expect((error as Error).message).toContain('copy failed');
  });

  it('rejects after timeoutMs while still pending, retryable', async () => {
    const { calls, wait } = pollsOf(['PENDING_REGISTRATION']);
    const started = Date.now();
    const error = await rejection(wait('classifier', '4', { timeoutMs: 60, pollIntervalMs: 10 }));
    expect(error).toMatchObject({ status: 'PENDING_REGISTRATION', isRetryable: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(calls.length).toBeGreaterThanOrEqual(3);
  });

  it('stops waiting as soon as the signal aborts', async () => {
    const { calls, wait } = pollsOf(['PENDING_REGISTRATION']);
    const controller = new AbortController();
    const reason = new Error('deploy cancelled');
    setTimeout(() => controller.abort(reason), 20);
    const started = Date.now();
    const error = await rejection(
      wait('classifier', '4', { pollIntervalMs: 60_000, signal: controller.signal }),
    );
    expect(error).toBe(reason);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(calls).toHaveLength(1);
  });
});
