import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@dagnostics/core';
import { describe, expect, it, vi } from 'vitest';
import { syncOfflineRuns } from './sync-offline-runs';

describe('syncOfflineRuns', () => {
  it('needs a tracking URI and names MLFLOW_TRACKING_URI', async () => {
    vi.stubEnv('MLFLOW_TRACKING_URI', '');
    const error = await syncOfflineRuns({ localDir: '/nonexistent' }).catch((caught) => caught);
    expect(ConfigError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ option: 'trackingUri', envVar: 'MLFLOW_TRACKING_URI' });
    expect(String(error.message)).toContain('MLFLOW_TRACKING_URI');
  });

  it('reads the tracking URI from MLFLOW_TRACKING_URI and reports an empty directory', async () => {
    const localDir = await mkdtemp(join(tmpdir(), 'dagnostics-sync-empty-'));
    try {
      // Nothing is sent, so the port need not be open.
      vi.stubEnv('MLFLOW_TRACKING_URI', 'http://127.0.0.1:9');
      await expect(syncOfflineRuns({ localDir })).resolves.toEqual({ sessions: [] });
    } finally {
      await rm(localDir, { recursive: true, force: true });
    }
  });

  it('rejects an unknown setting', async () => {
    await expect(
      syncOfflineRuns({ trackingUri: 'http://127.0.0.1:9', localdir: 'x' } as never),
    ).rejects.toMatchObject({ name: 'DagnosticsConfigError' });
  });
});
