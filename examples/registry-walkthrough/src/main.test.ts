import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { describeWithService } from '../../../scripts/test-env/services';

const run = promisify(execFile);
const exampleRoot = resolve(import.meta.dirname, '..');

// The README of @dagnostics/registry walks through this file; running it against a real
// MLflow server keeps the README honest.
describeWithService('mlflow-sqlite', 'the registry walkthrough', (mlflow) => {
  it('registers, gates, approves, promotes one canary and rolls another back', async () => {
    const modelName = `walkthrough-${randomUUID().slice(0, 8)}`;
    // The tracker's local journal (.dagnostics/) goes to a scratch folder, not the repository.
    const scratch = await mkdtemp(join(tmpdir(), 'registry-walkthrough-'));
    const { stdout } = await run(
      resolve(exampleRoot, 'node_modules', '.bin', 'tsx'),
      ['--conditions=@dagnostics/source', resolve(exampleRoot, 'src', 'main.ts')],
      {
        cwd: scratch,
        timeout: 150_000,
        env: { ...process.env, MLFLOW_TRACKING_URI: mlflow.uri, MODEL_NAME: modelName },
      },
    );
    expect(stdout).toContain(`registered ${modelName} versions 1, 2`);
    expect(stdout).toContain('gates: pass (exit code 0)');
    expect(stdout).toMatch(/refused: "ana" may not approve version 2 .*needs one of the roles/);
    expect(stdout).toContain('version 2: Approved');
    expect(stdout).toContain('canary of version 2: Promoted');
    expect(stdout).toMatch(/canary of version 3: RolledBack in \d+ ms; champion is version 2/);
    expect(stdout).toMatch(/audit log: \d+ entries, intact: true/);
    await rm(scratch, { recursive: true, force: true });
  }, 180_000);
});
