import {
  createMlflowClient,
  createTransport,
  type MlflowTransport,
  specRetrySafety,
} from '@dagnostics/tracking';
import { aliasCalls } from './alias-calls';
import { modelVersionCalls } from './model-version-calls';
import { registeredModelCalls } from './registered-model-calls';
import type { RegistryClient } from './registry-client';
import { waitForModelVersionCall } from './wait-for-model-version';

/** Tracking's settings (`trackingUri`, credentials, timeouts, retries; see its README). */
export type RegistryTrackingSettings = NonNullable<Parameters<typeof createTransport>[0]>;

/** Settings of {@link createRegistryClient}. */
export type RegistryClientSettings = RegistryTrackingSettings & {
  /**
   * A transport to use instead of making one from the settings; `close()` leaves it open.
   * Default: `createTransport(settings)` with the spec's per-operation retry safety.
   */
  transport?: MlflowTransport;
};

/**
 * Creates a client of the MLflow model registry (see {@link RegistryClient}). Nothing is
 * sent until the first call.
 *
 * @throws {ConfigError} (from `@dagnostics/tracking`'s `createTransport`) when neither a
 *   transport, `trackingUri` nor `MLFLOW_TRACKING_URI` names a server.
 *
 * @example
 * ```ts
 * const registry = createRegistryClient({ trackingUri: 'http://127.0.0.1:5000' });
 * await registry.ensureRegisteredModel('log-classifier');
 * const version = await registry.createModelVersion('log-classifier', `models:/${modelId}`, { modelId });
 * await registry.waitForModelVersion('log-classifier', version.version);
 * await registry.setAlias('log-classifier', 'champion', version.version);
 * await registry.close();
 * ```
 */
export function createRegistryClient(settings: RegistryClientSettings = {}): RegistryClient {
  const { transport: given, ...trackingSettings } = settings;
  const transport =
    given ?? createTransport(trackingSettings, { classifyRetrySafety: specRetrySafety });
  const context = { client: createMlflowClient(transport) };
  const versions = modelVersionCalls(context);
  return {
    ...registeredModelCalls(context),
    ...versions,
    ...aliasCalls(context),
    waitForModelVersion: waitForModelVersionCall(versions.getModelVersion),
    async close() {
      if (given === undefined) await transport.close();
    },
  };
}
