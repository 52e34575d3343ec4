import { execFile } from 'node:child_process';

/**
 * Runs a short read-only command and returns its trimmed stdout, or undefined when the
 * program is missing, fails, or exceeds the timeout. Environment capture is best effort:
 * a machine without git or nvidia-smi is normal, not an error.
 */
export function runCommand(
  file: string,
  args: readonly string[],
  options: { cwd?: string; timeoutMs: number; signal?: AbortSignal },
): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        cwd: options.cwd,
        timeout: options.timeoutMs,
        signal: options.signal,
        windowsHide: true,
        maxBuffer: 4 * 1024 * 1024,
        env: { ...process.env, LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0' },
      },
      (error, stdout) => {
        resolve(error ? undefined : stdout.toString().trim());
      },
    );
  });
}
