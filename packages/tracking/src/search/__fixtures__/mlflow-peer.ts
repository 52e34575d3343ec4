import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startHints } from '../../../../../scripts/test-env/provided-context';
import { describeWithPrerequisite } from '../../../../../scripts/test-env/services';

/**
 * Runs MLflow's own Python code (the real peer) from the tests. The interpreter is the
 * project's `.venv` (see scripts/test-env/ensure-venv.sh); without it the peer tests fail in CI
 * and are skipped loudly elsewhere.
 */
export const venvPython = fileURLToPath(
  new URL('../../../../../.venv/bin/python', import.meta.url),
);

/** Why the peer cannot run, or undefined when it can. */
export function peerUnavailableReason(): string | undefined {
  return existsSync(venvPython)
    ? undefined
    : `the Python venv is missing (${venvPython}); ${startHints.venv}`;
}

/**
 * `describe` for tests that need the peer: runs `body` when the venv exists; otherwise fails in
 * CI and reports one skipped test, with the reason in its name and on stderr.
 */
export function describeWithMlflowPeer(title: string, body: () => void): void {
  describeWithPrerequisite(
    title,
    'has the MLflow peer it compares against',
    peerUnavailableReason(),
    body,
  );
}

/**
 * Runs `script` (a path) with the venv's Python, `input` as JSON on stdin, and returns its
 * stdout parsed as JSON. Rejects with stderr when the script fails.
 */
export function runPythonPeer<Output>(script: string, input: unknown): Promise<Output> {
  return new Promise((resolve, reject) => {
    const child = spawn(venvPython, [script], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`${script} exited with ${String(code)}:\n${stderr}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout) as Output);
      } catch (error) {
        reject(new Error(`${script} printed no JSON: ${String(error)}\n${stdout}\n${stderr}`));
      }
    });
    child.stdin.end(JSON.stringify(input));
  });
}
