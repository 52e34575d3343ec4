/**
 * A dedicated `mlflow server` for one test or benchmark, for the cases the shared servers of
 * the test environment cannot serve: killing the server mid-run, restarting it, or timing it
 * without other test files' traffic.
 *
 * It is started like the test environment's servers (scripts/test-env/mlflow-servers.ts):
 * `.venv/bin/mlflow server`, a SQLite store and served artifacts in a temporary folder, a free
 * port of 127.0.0.1, one uvicorn worker without lifespan hooks, no job runner, no telemetry,
 * in a process group of its own. `kill('SIGKILL')` ends the whole group at once (the CLI and
 * the uvicorn process it forks), `restart()` brings it back on the same port with the same
 * database, and `stop()` ends it and removes its folder. Servers still running when the
 * process exits, or is ended by SIGINT, SIGTERM or SIGHUP, are SIGKILLed then; under
 * `scripts/test.sh` they also carry the run's marker variable, so its leak check finds any
 * that escaped all of that.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  mlflowServerArguments,
  mlflowServerEnvironment,
} from '../../../../scripts/test-env/mlflow-servers';
import { findFreePort } from '../../../../scripts/test-env/ports';
import {
  type DetachedProcess,
  listProcessGroup,
  spawnDetached,
  stopProcessGroups,
} from '../../../../scripts/test-env/processes';

const repositoryRoot = resolve(import.meta.dirname, '../../../..');
const mlflowExecutable = join(repositoryRoot, '.venv', 'bin', 'mlflow');
const loopbackHost = '127.0.0.1';
const healthPollIntervalMs = 250;
const logTailLines = 40;
/** Tries on one port before `restart()` gives up on "address in use". */
const bindAttempts = 5;

/** A running (or killed) dedicated MLflow server. */
export interface OwnMlflowServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`; the same after `restart()`. */
  readonly uri: string;
  readonly port: number;
  /** SQLAlchemy URI of its SQLite store; the same after `restart()`. */
  readonly backendStoreUri: string;
  /** The temporary folder of the store, the artifacts and the log. */
  readonly directory: string;
  /** The server's stdout and stderr, across restarts. */
  readonly logFile: string;
  /** Whether a server process is alive (false after `kill()` or `stop()`). */
  readonly running: boolean;
  /** Sends `signal` to the whole process group and waits until every process of it is gone. */
  kill(signal: 'SIGKILL'): Promise<void>;
  /**
   * Starts the server again on the same port and database (killing it first if it still
   * runs) and waits for `GET /health`.
   */
  restart(): Promise<void>;
  /** SIGTERM to the group (SIGKILL after 5 s) and removes the folder. Idempotent. */
  stop(): Promise<void>;
  /** The last lines of the log, for failure messages. */
  logTail(): string;
}

/** Options of {@link startOwnMlflowServer}. */
export interface StartOwnMlflowServerOptions {
  /**
   * How long to wait for `GET /health` per start, in ms. Default
   * `DAGNOSTICS_TEST_MLFLOW_START_TIMEOUT_MS` or 120 000.
   */
  startTimeoutMs?: number;
}

/**
 * Why no dedicated server can be started here (the venv with mlflow is missing), or
 * undefined when it can.
 */
export function ownMlflowServerUnavailableReason(): string | undefined {
  if (existsSync(mlflowExecutable)) return undefined;
  return `${mlflowExecutable} is missing: create the venv with \`bash scripts/test-env/ensure-venv.sh\` (or run \`pnpm test\`)`;
}

const liveGroups = new Set<number>();
const liveDirectories = new Set<string>();
let cleanupInstalled = false;
const cleanupSignals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function killGroupNow(processGroupId: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-processGroupId, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

// On exit no event-loop turn is left for a graceful stop; the store is temporary anyway.
function killLiveGroups(): void {
  for (const processGroupId of liveGroups) killGroupNow(processGroupId, 'SIGKILL');
  liveGroups.clear();
  for (const directory of liveDirectories) rmSync(directory, { recursive: true, force: true });
  liveDirectories.clear();
}

/**
 * A signal that kills the process emits no 'exit', and the servers lead their own process
 * groups, so a Ctrl-C in the terminal never reaches them: kill them here, then let the
 * signal do what it would have done (re-raised only when nobody else listens for it).
 */
function onSignal(signal: NodeJS.Signals): void {
  killLiveGroups();
  process.off('exit', killLiveGroups);
  for (const name of cleanupSignals) process.off(name, onSignal);
  cleanupInstalled = false;
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.once('exit', killLiveGroups);
  for (const name of cleanupSignals) process.on(name, onSignal);
}

const sleep = (ms: number) => new Promise((resolvePromise) => setTimeout(resolvePromise, ms));

async function waitForHealth(
  uri: string,
  server: DetachedProcess,
  timeoutMs: number,
): Promise<'healthy' | 'exited' | 'timed-out'> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.hasExited()) return 'exited';
    try {
      const response = await fetch(`${uri}/health`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) return 'healthy';
    } catch {
      // Not listening yet.
    }
    await sleep(healthPollIntervalMs);
  }
  return 'timed-out';
}

function readLogTail(logFile: string): string {
  try {
    return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-logTailLines).join('\n');
  } catch {
    return '(no log written)';
  }
}

async function waitUntilGroupIsGone(processGroupId: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (listProcessGroup(processGroupId).length > 0) {
    if (Date.now() > deadline) {
      throw new Error(
        `process group ${processGroupId} still has processes ${timeoutMs} ms after SIGKILL`,
      );
    }
    await sleep(50);
  }
}

/**
 * Starts a dedicated MLflow server and waits until it answers `GET /health`.
 *
 * @throws when the venv is missing ({@link ownMlflowServerUnavailableReason}) or the server
 *   does not come up; the message carries the tail of its log.
 */
export async function startOwnMlflowServer(
  options: StartOwnMlflowServerOptions = {},
): Promise<OwnMlflowServer> {
  const unavailable = ownMlflowServerUnavailableReason();
  if (unavailable !== undefined) throw new Error(`cannot start an MLflow server: ${unavailable}`);
  const startTimeoutMs =
    options.startTimeoutMs ??
    Number(process.env.DAGNOSTICS_TEST_MLFLOW_START_TIMEOUT_MS ?? 120_000);
  installCleanup();
  const directory = await mkdtemp(join(tmpdir(), 'dagnostics-own-mlflow-'));
  liveDirectories.add(directory);
  const artifacts = join(directory, 'artifacts');
  await mkdir(artifacts);
  const logFile = join(directory, 'mlflow.log');
  const backendStoreUri = `sqlite:///${join(directory, 'mlflow.db')}`;
  const environment = mlflowServerEnvironment(process.env.DAGNOSTICS_TEST_RUN_ID);

  let port = await findFreePort();
  let current: DetachedProcess | undefined;
  let stopped: Promise<void> | undefined;

  const uriOf = (candidate: number) => `http://${loopbackHost}:${candidate}`;

  /** One start on `port`: 'healthy', or 'address-in-use' when another try may work. */
  const startOnce = async (attempt: number): Promise<'healthy' | 'address-in-use'> => {
    writeFileSync(logFile, `--- start ${attempt}: ${uriOf(port)}\n`, { flag: 'a' });
    const server = spawnDetached({
      name: 'mlflow-own',
      command: mlflowExecutable,
      args: mlflowServerArguments(backendStoreUri, artifacts, port),
      environment,
      cwd: directory,
      logFile,
    });
    current = server;
    liveGroups.add(server.processGroupId);
    const outcome = await waitForHealth(uriOf(port), server, startTimeoutMs);
    if (outcome === 'healthy') return 'healthy';
    await stopProcessGroups([server.processGroupId], 2_000);
    liveGroups.delete(server.processGroupId);
    current = undefined;
    const tail = readLogTail(logFile);
    const thisStart = tail.slice(tail.lastIndexOf('--- start '));
    if (outcome === 'exited' && /address already in use|Errno 98|EADDRINUSE/i.test(thisStart)) {
      return 'address-in-use';
    }
    const what =
      outcome === 'exited'
        ? 'exited before answering GET /health'
        : `did not answer GET /health within ${startTimeoutMs} ms`;
    throw new Error(
      `dedicated MLflow server on ${uriOf(port)} ${what}. Last lines of ${logFile}:\n${tail}`,
    );
  };

  const kill = async (signal: 'SIGKILL'): Promise<void> => {
    const server = current;
    if (server === undefined) return;
    current = undefined;
    killGroupNow(server.processGroupId, signal);
    await waitUntilGroupIsGone(server.processGroupId, 10_000);
    liveGroups.delete(server.processGroupId);
  };

  const firstStart = async (): Promise<void> => {
    // A fresh port each time: another process may have taken the one the OS offered.
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      if ((await startOnce(attempt)) === 'healthy') return;
      port = await findFreePort();
    }
    throw new Error(`dedicated MLflow server: no free port found. Log: ${logFile}`);
  };

  try {
    await firstStart();
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    liveDirectories.delete(directory);
    throw error;
  }

  return {
    get uri() {
      return uriOf(port);
    },
    get port() {
      return port;
    },
    backendStoreUri,
    directory,
    logFile,
    get running() {
      return current !== undefined && !current.hasExited();
    },
    kill,
    async restart() {
      if (stopped !== undefined) throw new Error('restart(): the server was stopped');
      await kill('SIGKILL');
      // The port must stay the same; a socket of the killed server may hold it for a moment.
      for (let attempt = 1; attempt <= bindAttempts; attempt += 1) {
        if ((await startOnce(attempt)) === 'healthy') return;
        await sleep(500 * attempt);
      }
      throw new Error(
        `restart(): port ${port} stayed in use after ${bindAttempts} tries. Log: ${logFile}`,
      );
    },
    stop() {
      stopped ??= (async () => {
        const server = current;
        current = undefined;
        if (server !== undefined) {
          await stopProcessGroups([server.processGroupId], 5_000);
          liveGroups.delete(server.processGroupId);
        }
        await rm(directory, { recursive: true, force: true });
        liveDirectories.delete(directory);
      })();
      return stopped;
    },
    logTail: () => readLogTail(logFile),
  };
}
