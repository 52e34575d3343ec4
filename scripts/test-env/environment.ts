import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { findAlertmanager, findChromium, findPrometheus } from './executables';
import {
  type StartedMlflowServer,
  startAuthMlflowServer,
  startPostgresMlflowServer,
  startSqliteMlflowServer,
} from './mlflow-servers';
import {
  createDatabases,
  databaseUri,
  defaultPostgresAdminUri,
  describeServer,
  dropDatabases,
  dropDatabasesSync,
  sqlalchemyPostgresUri,
} from './postgres';
import {
  type DetachedProcess,
  stopProcessGroups,
  stopProcessGroupsSync,
  terminateProcessGroups,
} from './processes';
import {
  type MlflowServerInfo,
  type ServiceInfoByName,
  type ServiceName,
  type ServiceState,
  serviceNames,
  settingNames,
  startHints,
  type TestEnvironmentInfo,
} from './provided-context';
import { defaultRedisUrl, pingRedis } from './redis';
import {
  assertValidRunId,
  createRunId,
  databaseNameFor,
  type RunRecord,
  reapStaleRuns,
  repositoryRoot,
  runDirectoryFor,
  runRecordFileName,
  writeRunRecord,
} from './run-registry';

/** How the environment is started; see {@link readTestEnvironmentSettings} for the sources. */
export interface TestEnvironmentSettings {
  /** Services to start or check; the others are reported as deselected. */
  selectedServices: ReadonlySet<ServiceName>;
  /** Why the services not selected are missing, as the tests will report it. */
  deselectedReason: string;
  runId: string;
  /** `scripts/test.sh`'s pid when it drives the run. */
  supervisorPid: number | undefined;
  /** Server (and database) to create the run's databases from. */
  postgresAdminUri: string;
  redisUrl: string;
  /** Per attempt. Default 120 000 ms: three servers start at once on two cores. */
  mlflowStartTimeoutMs: number;
  /** SIGTERM-to-SIGKILL grace period at teardown. Default 5 000 ms. */
  stopGraceMs: number;
}

/** What `DAGNOSTICS_TEST_SERVICES` resolved to: the services, and why the rest are left out. */
interface Selection {
  services: ReadonlySet<ServiceName>;
  deselectedReason: string;
}

function parseSelection(value: string | undefined, testFilesNeedServices: boolean): Selection {
  const text = (value ?? 'auto').trim() || 'auto';
  const leftOut = `left out by ${settingNames.services}=${text}`;
  if (text === 'all') return { services: new Set(serviceNames), deselectedReason: leftOut };
  if (text === 'none') return { services: new Set(), deselectedReason: leftOut };
  if (text === 'auto') {
    return testFilesNeedServices
      ? { services: new Set(serviceNames), deselectedReason: leftOut }
      : {
          services: new Set(),
          deselectedReason:
            'not started: no test file in this run uses scripts/test-env/services ' +
            `(${settingNames.services}=auto; set it to all to force a start)`,
        };
  }
  const names = text.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(serviceNames as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `${settingNames.services}=${text}: unknown service(s) ${unknown.join(', ')}; ` +
        `use auto, all, none or a comma-separated list of ${serviceNames.join(', ')}`,
    );
  }
  return { services: new Set(names as ServiceName[]), deselectedReason: leftOut };
}

/**
 * Reads the settings from environment variables (names in `settingNames`).
 *
 * @param testFilesNeedServices whether the run includes a test file that uses the services;
 *   `DAGNOSTICS_TEST_SERVICES=auto` (the default) starts them only then.
 */
export function readTestEnvironmentSettings(
  environment: NodeJS.ProcessEnv = process.env,
  testFilesNeedServices = true,
): TestEnvironmentSettings {
  const runId = environment[settingNames.runId] || createRunId();
  assertValidRunId(runId);
  const supervisorPid = Number(environment[settingNames.supervisorPid]);
  const timeout = Number(environment[settingNames.mlflowStartTimeoutMs]);
  const selection = parseSelection(environment[settingNames.services], testFilesNeedServices);
  return {
    selectedServices: selection.services,
    deselectedReason: selection.deselectedReason,
    runId,
    supervisorPid: Number.isInteger(supervisorPid) && supervisorPid > 0 ? supervisorPid : undefined,
    postgresAdminUri: environment[settingNames.postgresAdminUri] || defaultPostgresAdminUri,
    redisUrl: environment[settingNames.redisUrl] || defaultRedisUrl,
    mlflowStartTimeoutMs: timeout > 0 ? timeout : 120_000,
    stopGraceMs: 5_000,
  };
}

/** A started environment: what to hand to the tests, and how to take it down. */
export interface RunningTestEnvironment {
  info: TestEnvironmentInfo;
  /** Wall-clock time the start took. */
  startDurationMs: number;
  /** Stops the servers, drops the databases, removes the run directory. Idempotent. */
  stop(): Promise<void>;
}

type ServiceStates = { [Name in ServiceName]?: ServiceState<ServiceInfoByName[Name]> };

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const log = (message: string) => console.log(`[test-env] ${message}`);

function reportDropFailure(databases: readonly string[], error: unknown): void {
  console.error(`[test-env] dropping ${databases.join(', ')} failed: ${errorMessage(error)}`);
}

/** Server logs outlive the run directory, for a look after a failed run (CI can archive them). */
export const serverLogDirectory = join(repositoryRoot, '.test-results', 'server-logs');

function preserveServerLogs(runDirectory: string): void {
  try {
    const logs = readdirSync(runDirectory).filter((name) => name.endsWith('.log'));
    if (logs.length === 0) return;
    mkdirSync(serverLogDirectory, { recursive: true });
    for (const name of logs) copyFileSync(join(runDirectory, name), join(serverLogDirectory, name));
  } catch (error) {
    console.error(`[test-env] could not keep the server logs: ${errorMessage(error)}`);
  }
}

/**
 * Starts (or checks) the selected services for one test run: Redis and PostgreSQL are checked,
 * a fresh database is created per run, and three MLflow servers (SQLite store, PostgreSQL store,
 * basic auth) start in parallel on free loopback ports. A service that cannot be provided is
 * reported as unavailable with the reason; deciding whether that is fatal is the caller's job.
 *
 * Cleanup is guaranteed three ways: `stop()`, an `exit`/SIGINT/SIGTERM/SIGHUP handler in this
 * process, and {@link reapStaleRuns} at the next start should this process be SIGKILLed.
 */
export async function startTestEnvironment(
  settings: TestEnvironmentSettings,
): Promise<RunningTestEnvironment> {
  const startedAt = performance.now();
  const venvDirectory = join(repositoryRoot, '.venv');
  const pythonExecutable = join(venvDirectory, 'bin', 'python');
  const venvReady =
    existsSync(pythonExecutable) && existsSync(join(venvDirectory, 'bin', 'mlflow'));
  const runDirectory = runDirectoryFor(settings.runId);
  const selected = (name: ServiceName) => settings.selectedServices.has(name);
  const states: ServiceStates = {};

  for (const name of serviceNames) {
    if (!selected(name)) {
      states[name] = {
        available: false,
        deselected: true,
        reason: settings.deselectedReason,
      };
    }
  }

  const buildInfo = (): TestEnvironmentInfo => ({
    runId: settings.runId,
    runDirectory,
    pythonExecutable: venvReady ? pythonExecutable : undefined,
    services: states as TestEnvironmentInfo['services'],
  });

  if (settings.selectedServices.size === 0) {
    return { info: buildInfo(), startDurationMs: 0, stop: async () => {} };
  }

  const ownsRunDirectory = !existsSync(runDirectory);
  mkdirSync(runDirectory, { recursive: true });
  rmSync(serverLogDirectory, { recursive: true, force: true });
  for (const line of reapStaleRuns(settings.runId)) log(line);

  const record: RunRecord = {
    runId: settings.runId,
    runDirectory,
    ownerPid: process.pid,
    supervisorPid: settings.supervisorPid,
    pythonExecutable: venvReady ? pythonExecutable : undefined,
    postgresAdminUri: settings.postgresAdminUri,
    databases: [],
    processes: [],
  };
  writeRunRecord(record);
  const spawned: DetachedProcess[] = [];

  let stopped = false;
  let databasesCreatedOk = false;
  const removeRunDirectory = () => {
    preserveServerLogs(runDirectory);
    if (ownsRunDirectory) {
      rmSync(runDirectory, { recursive: true, force: true });
      return;
    }
    // scripts/test.sh owns the directory: it reads pids.json for its leak check, then removes it.
    for (const entry of readdirSync(runDirectory)) {
      if (entry !== runRecordFileName)
        rmSync(join(runDirectory, entry), { recursive: true, force: true });
    }
  };
  // Both stop paths signal the servers first and drop the databases while they shut down: when
  // the run is interrupted, a parent (pnpm) may SIGKILL this process soon after, and the
  // databases are what a later run cannot find without pids.json.
  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    removeSignalHandlers();
    const groups = spawned.map((child) => child.processGroupId);
    terminateProcessGroups(groups);
    if (record.databases.length > 0 && venvReady) {
      try {
        dropDatabasesSync(pythonExecutable, settings.postgresAdminUri, record.databases);
      } catch (error) {
        if (databasesCreatedOk) reportDropFailure(record.databases, error);
      }
    }
    stopProcessGroupsSync(groups, settings.stopGraceMs);
    removeRunDirectory();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping the test services`);
    stopSync();
    // Vitest has its own handler that exits; without one, exit as Node would have.
    if (process.listenerCount(signal) === 0) process.exit(128 + constants.signals[signal]);
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const onExit = () => stopSync();
  function removeSignalHandlers() {
    for (const signal of signals) process.off(signal, onSignal);
    process.off('exit', onExit);
  }
  for (const signal of signals) process.once(signal, onSignal);
  process.once('exit', onExit);

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    removeSignalHandlers();
    const groups = spawned.map((child) => child.processGroupId);
    terminateProcessGroups(groups);
    if (record.databases.length > 0 && venvReady) {
      try {
        await dropDatabases(pythonExecutable, settings.postgresAdminUri, record.databases);
      } catch (error) {
        if (databasesCreatedOk) reportDropFailure(record.databases, error);
      }
    }
    const result = await stopProcessGroups(groups, settings.stopGraceMs);
    if (result.killed.length > 0) {
      log(`process group(s) ${result.killed.join(', ')} ignored SIGTERM and were killed`);
    }
    if (result.survivors.length > 0) {
      console.error(`[test-env] process group(s) ${result.survivors.join(', ')} survived SIGKILL`);
    }
    removeRunDirectory();
  };

  const mlflowContext = {
    venvDirectory,
    runId: settings.runId,
    runDirectory,
    startTimeoutMs: settings.mlflowStartTimeoutMs,
    onSpawn: (child: DetachedProcess) => {
      if (stopped) {
        // A signal stopped the run while this server was being spawned.
        stopProcessGroupsSync([child.processGroupId], 0);
        return;
      }
      spawned.push(child);
      record.processes.push({
        name: child.name,
        pid: child.pid,
        processGroupId: child.processGroupId,
      });
      writeRunRecord(record);
    },
  };
  const venvMissing = `the Python venv is missing (${venvDirectory}); ${startHints.venv}`;
  const postgresServer = describeServer(settings.postgresAdminUri);

  const checkRedis = async () => {
    if (!selected('redis')) return;
    try {
      await pingRedis(settings.redisUrl);
      states.redis = { available: true, info: { url: settings.redisUrl } };
    } catch (error) {
      states.redis = {
        available: false,
        deselected: false,
        reason: `Redis at ${settings.redisUrl} did not answer PING (${errorMessage(error)}); ${startHints.redis}`,
      };
    }
  };

  const testDatabase = databaseNameFor(settings.runId, 'test');
  const mlflowDatabase = databaseNameFor(settings.runId, 'mlflow');
  const createRunDatabases = async (): Promise<string | undefined> => {
    const names = [
      ...(selected('postgres') ? [testDatabase] : []),
      ...(selected('mlflow-postgres') ? [mlflowDatabase] : []),
    ];
    if (names.length === 0) return undefined;
    if (!venvReady) return venvMissing;
    // Recorded first: a run killed halfway still has its databases dropped later.
    record.databases.push(...names);
    writeRunRecord(record);
    try {
      await createDatabases(pythonExecutable, settings.postgresAdminUri, names);
      databasesCreatedOk = true;
      return undefined;
    } catch (error) {
      return `PostgreSQL at ${postgresServer} is not usable (${errorMessage(error)}); ${startHints.postgres}`;
    }
  };
  const databasesCreated = createRunDatabases();

  const preparePostgres = async () => {
    if (!selected('postgres')) return;
    const failure = await databasesCreated;
    states.postgres =
      failure === undefined
        ? {
            available: true,
            info: {
              uri: databaseUri(settings.postgresAdminUri, testDatabase),
              database: testDatabase,
            },
          }
        : { available: false, deselected: false, reason: failure };
  };

  const startMlflow = async <Name extends 'mlflow-sqlite' | 'mlflow-postgres' | 'mlflow-auth'>(
    name: Name,
    start: () => Promise<StartedMlflowServer<ServiceInfoByName[Name]>>,
    prerequisite?: Promise<string | undefined>,
  ) => {
    if (!selected(name)) return;
    const failure = venvReady ? await prerequisite : venvMissing;
    if (failure !== undefined) {
      states[name] = {
        available: false,
        deselected: false,
        reason: failure,
      } as ServiceStates[Name];
      return;
    }
    try {
      const server = await start();
      states[name] = { available: true, info: server.info } as ServiceStates[Name];
    } catch (error) {
      states[name] = {
        available: false,
        deselected: false,
        reason: errorMessage(error),
      } as ServiceStates[Name];
    }
  };

  const checkPrometheus = async () => {
    if (!selected('prometheus')) return;
    try {
      states.prometheus = { available: true, info: await findPrometheus() };
    } catch (error) {
      states.prometheus = {
        available: false,
        deselected: false,
        reason: `no usable prometheus executable (${errorMessage(error)}); ${startHints.prometheus}`,
      };
    }
  };

  const checkAlertmanager = async () => {
    if (!selected('alertmanager')) return;
    try {
      states.alertmanager = { available: true, info: await findAlertmanager() };
    } catch (error) {
      states.alertmanager = {
        available: false,
        deselected: false,
        reason: `no usable alertmanager executable (${errorMessage(error)}); ${startHints.alertmanager}`,
      };
    }
  };

  const checkChromium = async () => {
    if (!selected('chromium')) return;
    try {
      states.chromium = { available: true, info: await findChromium() };
    } catch (error) {
      states.chromium = {
        available: false,
        deselected: false,
        reason: `no usable chromium executable (${errorMessage(error)}); ${startHints.chromium}`,
      };
    }
  };

  await Promise.all([
    checkRedis(),
    checkPrometheus(),
    checkAlertmanager(),
    checkChromium(),
    preparePostgres(),
    startMlflow('mlflow-sqlite', () => startSqliteMlflowServer(mlflowContext)),
    startMlflow(
      'mlflow-postgres',
      () =>
        startPostgresMlflowServer(
          mlflowContext,
          sqlalchemyPostgresUri(databaseUri(settings.postgresAdminUri, mlflowDatabase)),
        ) as Promise<StartedMlflowServer<MlflowServerInfo>>,
      databasesCreated,
    ),
    startMlflow('mlflow-auth', () => startAuthMlflowServer(mlflowContext)),
  ]);

  return { info: buildInfo(), startDurationMs: performance.now() - startedAt, stop };
}
