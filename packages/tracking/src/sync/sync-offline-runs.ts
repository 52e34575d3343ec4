import { resolve } from 'node:path';
import { ConfigError, defineSettings } from '@dagnostics/core';
import { z } from 'zod';
import { createMlflowBackend } from '../backend/mlflow-backend';
import { specRetrySafety } from '../backend/retry-safety';
import { createTransport, type TrackingSettingsInput, trackingSettings } from '../transport';
import { type SyncJournalsOptions, syncJournals } from './sync-journals';
import type { SyncReport } from './sync-report';

/** Connection settings (as `createTracker` takes them) and the folder of the journals. */
export type SyncOfflineRunsSettings = TrackingSettingsInput & {
  /** Folder of the journal, as given to `createTracker`. Default `.dagnostics`. */
  localDir?: string;
};

/** What a sync does besides where it sends: see {@link SyncJournalsOptions}. */
export type SyncOfflineRunsOptions = Omit<SyncJournalsOptions, 'directory' | 'backend'>;

const localDirSettings = defineSettings({
  owner: 'syncOfflineRuns',
  schema: () => z.object({ localDir: z.string().min(1).default('.dagnostics') }),
});

/**
 * Uploads to a tracking server the runs that trackers journaled in `localDir` and the server has
 * not confirmed: runs logged without a tracking URI, and the unsent rest of trackers that
 * crashed. Settings resolve as `createTracker`'s do (`MLFLOW_TRACKING_URI` and the other MLflow
 * variables fill what is not passed); see `syncJournals()` for what is sent and how. Running it
 * again sends nothing twice.
 *
 * @throws {ConfigError} when no tracking URI is given or set in `MLFLOW_TRACKING_URI`.
 * @example
 * ```ts
 * const report = await syncOfflineRuns({ localDir: '.dagnostics', trackingUri: 'http://127.0.0.1:5000' });
 * for (const session of report.sessions) console.log(session.sessionId, session.failures);
 * ```
 */
export async function syncOfflineRuns(
  settings: SyncOfflineRunsSettings = {},
  options: SyncOfflineRunsOptions = {},
): Promise<SyncReport> {
  const { localDir, ...connectionInput } = settings;
  const { localDir: directory } = localDirSettings.resolve({ localDir });
  const connection = trackingSettings.resolve(connectionInput);
  if (connection.trackingUri === undefined) {
    throw new ConfigError({
      message:
        'syncOfflineRuns needs a tracking server to send the local runs to: pass { trackingUri } or set MLFLOW_TRACKING_URI (e.g. http://127.0.0.1:5000).',
      option: 'trackingUri',
      envVar: 'MLFLOW_TRACKING_URI',
      source: 'default',
    });
  }
  const transport = createTransport(connection, { classifyRetrySafety: specRetrySafety });
  try {
    return await syncJournals({
      ...options,
      directory: resolve(directory),
      backend: createMlflowBackend(transport),
    });
  } finally {
    await transport.close();
  }
}
