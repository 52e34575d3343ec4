import { defineSettings, envParsers } from '@dagnostics/core';
import { z } from 'zod';

/**
 * Settings of the tracker itself; the connection settings (URI, credentials, timeouts,
 * retries) are the transport's, and `createTracker` accepts both in one object.
 */
export const trackerOwnSettings = defineSettings({
  owner: 'createTracker',
  schema: () =>
    z.object({
      /** Folder of the journal and the local store. Default `.dagnostics` in the working directory. */
      localDir: z.string().min(1).default('.dagnostics'),
      /** How long logged values wait before they are journaled and sent, in ms. Default 100. */
      flushIntervalMs: z.number().int().min(0).max(60_000).default(100),
      /** Metric-only log-batch requests in flight per run. Default 4. */
      metricConcurrency: z.number().int().min(1).max(64).default(4),
      /** Truncate over-long param/tag values as MLflow does by default, instead of throwing. */
      truncateLongValues: z.boolean().default(true),
      /**
       * End open runs on SIGINT/SIGTERM (KILLED) and on an uncaught exception (FAILED)
       * after a flush, as MLflow's fluent API does. Default true.
       */
      handleSignals: z.boolean().default(true),
    }),
  env: {
    truncateLongValues: { name: 'MLFLOW_TRUNCATE_LONG_VALUES', parse: envParsers.boolean },
  },
});

/** Resolved tracker-level settings. */
export type TrackerOwnSettings = ReturnType<typeof trackerOwnSettings.resolve>;
