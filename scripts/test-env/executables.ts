import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { AlertmanagerInfo, ChromiumInfo, PrometheusInfo } from './provided-context';

const run = promisify(execFile);

/**
 * Finds a working `prometheus` executable (the `PROMETHEUS_BINARY` environment variable
 * first, then PATH, then where the Debian package puts it) and reads its version. Tests
 * start their own server with it, scraping an endpoint of the test, so nothing is started.
 */
export function findPrometheus(
  environment: NodeJS.ProcessEnv = process.env,
): Promise<PrometheusInfo> {
  return findExecutable(
    [environment.PROMETHEUS_BINARY, 'prometheus', '/usr/bin/prometheus'],
    /prometheus, version (\S+)/,
  );
}

/**
 * Finds a working Alertmanager (`ALERTMANAGER_BINARY`, then `prometheus-alertmanager` as
 * Debian names it, then `alertmanager`) and reads its version.
 */
export function findAlertmanager(
  environment: NodeJS.ProcessEnv = process.env,
): Promise<AlertmanagerInfo> {
  return findExecutable(
    [
      environment.ALERTMANAGER_BINARY,
      'prometheus-alertmanager',
      'alertmanager',
      '/usr/bin/prometheus-alertmanager',
    ],
    /alertmanager, version (\S+)/,
  );
}

/**
 * Finds a working headless Chromium (`CHROMIUM_BINARY`, then `chromium` on PATH, then
 * the Debian package's path) and reads its version.
 */
export function findChromium(environment: NodeJS.ProcessEnv = process.env): Promise<ChromiumInfo> {
  return findExecutable(
    [environment.CHROMIUM_BINARY, 'chromium', '/usr/bin/chromium'],
    /Chromium (\S+)/,
  );
}

async function findExecutable(
  candidates: readonly (string | undefined)[],
  versionPattern: RegExp,
): Promise<{ binary: string; version: string }> {
  const tried: string[] = [];
  for (const candidate of candidates) {
    if (candidate === undefined || candidate === '') continue;
    try {
      const { stdout, stderr } = await run(candidate, ['--version'], { timeout: 10_000 });
      const match = versionPattern.exec(`${stdout}${stderr}`);
      if (match?.[1] === undefined) {
        tried.push(`${candidate}: unexpected --version output`);
        continue;
      }
      const { stdout: resolved } = await run('sh', ['-c', 'command -v "$1"', 'sh', candidate]);
      return { binary: resolved.trim() || candidate, version: match[1] };
    } catch (error) {
      tried.push(`${candidate}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(tried.join('; '));
}
