import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, it } from 'vitest';
import { describeWithService } from '../../../../scripts/test-env/services';
import { readRunScript, runPythonMlflow } from '../support/python-mlflow';

const repositoryRoot = resolve(import.meta.dirname, '../../../..');
const childScript = resolve(import.meta.dirname, '../support/signal-child.ts');

async function runChild(
  uri: string,
  mode: 'SIGTERM' | 'SIGINT' | 'throw',
): Promise<{ runId: string; exitCode: number | null; signal: NodeJS.Signals | null }> {
  const localDir = await mkdtemp(join(tmpdir(), 'dagnostics-signals-'));
  try {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--conditions=@dagnostics/source',
        childScript,
        uri,
        `signals-${randomUUID()}`,
        mode,
      ],
      {
        cwd: repositoryRoot,
        env: { ...process.env, DAGNOSTICS_TEST_LOCAL_DIR: localDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }>(
      (done) => {
        child.once('exit', (exitCode, signal) => done({ exitCode, signal }));
      },
    );
    const lines = createInterface({ input: child.stdout });
    let runId = '';
    for await (const line of lines) {
      runId = (JSON.parse(line) as { runId: string }).runId;
      break;
    }
    if (mode !== 'throw') child.kill(mode);
    return { runId, ...(await exited) };
  } finally {
    await rm(localDir, { recursive: true, force: true });
  }
}

describeWithService('mlflow-sqlite', 'runs ended by signals and crashes', (mlflow) => {
  it('ends an open run as KILLED after a flush on SIGTERM, then dies by the signal', {
    timeout: 60_000,
  }, async () => {
    const { runId, signal } = await runChild(mlflow.uri, 'SIGTERM');
    expect(signal).toBe('SIGTERM');
    const read = await runPythonMlflow<{ status: string; history: Record<string, unknown[]> }>(
      readRunScript,
      {
        uri: mlflow.uri,
        run_id: runId,
      },
    );
    expect(read.status).toBe('KILLED');
    expect(read.history.loss).toHaveLength(50);
  });

  it('ends an open run as KILLED on SIGINT', { timeout: 60_000 }, async () => {
    const { runId, signal } = await runChild(mlflow.uri, 'SIGINT');
    expect(signal).toBe('SIGINT');
    const read = await runPythonMlflow<{ status: string }>(readRunScript, {
      uri: mlflow.uri,
      run_id: runId,
    });
    expect(read.status).toBe('KILLED');
  });

  it('ends an open run as FAILED on an uncaught exception, which still crashes the process', {
    timeout: 60_000,
  }, async () => {
    const { runId, exitCode } = await runChild(mlflow.uri, 'throw');
    expect(exitCode).not.toBe(0);
    const read = await runPythonMlflow<{ status: string; history: Record<string, unknown[]> }>(
      readRunScript,
      {
        uri: mlflow.uri,
        run_id: runId,
      },
    );
    expect(read.status).toBe('FAILED');
    expect(read.history.loss).toHaveLength(50);
  });
});
