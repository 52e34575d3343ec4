import { abortableSleep } from '@dagnostics/core';
import { ModelVersionNotReadyError } from '../errors';
import type { RegistryClient } from './registry-client';

/** MLflow's `await_registration_for` default, in ms. */
export const defaultRegistrationTimeoutMs = 300_000;
/** Time between two polls, in ms, unless told otherwise. */
export const defaultRegistrationPollIntervalMs = 1000;

/**
 * Polls `getModelVersion` until the version leaves PENDING_REGISTRATION (see
 * `RegistryClient.waitForModelVersion`).
 */
export function waitForModelVersionCall(
  getModelVersion: RegistryClient['getModelVersion'],
): RegistryClient['waitForModelVersion'] {
  return async (name, version, options = {}) => {
    const timeoutMs = options.timeoutMs ?? defaultRegistrationTimeoutMs;
    const pollIntervalMs = options.pollIntervalMs ?? defaultRegistrationPollIntervalMs;
    const deadline = Date.now() + timeoutMs;
    const callOptions = options.signal === undefined ? {} : { signal: options.signal };
    for (;;) {
      const current = await getModelVersion(name, version, callOptions);
      if (current.status === 'READY') return { ...current, status: 'READY' };
      if (current.status === 'FAILED_REGISTRATION') {
        throw new ModelVersionNotReadyError({
          model: name,
          version,
          status: current.status,
          message: `Version ${version} of ${JSON.stringify(name)} failed to register: ${current.statusMessage ?? 'no message from the server'}. Register it again from its source.`,
        });
      }
      const remainingMs = deadline - Date.now();
      if (remainingMs <= 0) {
        throw new ModelVersionNotReadyError({
          model: name,
          version,
          status: current.status,
          message: `Version ${version} of ${JSON.stringify(name)} is still ${current.status} after ${timeoutMs} ms; wait longer (timeoutMs) or check the server.`,
        });
      }
      await abortableSleep(Math.min(pollIntervalMs, remainingMs), options.signal);
    }
  };
}
