import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findFreePort } from './ports';
import { type DetachedProcess, spawnDetached, stopProcessGroups } from './processes';
import type { MlflowAuthServerInfo, MlflowServerInfo } from './provided-context';
import { processMarkerVariable } from './provided-context';

/** Where the venv's `mlflow` lives and which run the servers belong to. */
export interface MlflowServerContext {
  /** `.venv` directory with mlflow[auth] and psycopg2 installed. */
  venvDirectory: string;
  runId: string;
  /** `.test-env/<runId>/`: stores, artifacts and logs go here. */
  runDirectory: string;
  /** How long to wait for `GET /health`, per attempt. */
  startTimeoutMs: number;
  /** Called right after each spawn, before the server is ready, so teardown can find it. */
  onSpawn: (process: DetachedProcess) => void;
}

/** A running server and the process that serves it. */
export interface StartedMlflowServer<Info extends MlflowServerInfo = MlflowServerInfo> {
  info: Info;
  process: DetachedProcess;
}

/** Raised when a server does not come up; the message carries the tail of its log. */
export class MlflowServerStartError extends Error {
  override readonly name = 'MlflowServerStartError';
}

const loopbackHost = '127.0.0.1';
const maximumAttempts = 3;
const healthPollIntervalMs = 250;
const logTailLines = 40;

/** The parts of one `mlflow server` invocation that differ between the three servers. */
interface ServerDefinition {
  name: string;
  backendStoreUri: string;
  extraArguments: readonly string[];
  extraEnvironment: Record<string, string>;
}

/**
 * The environment of an `mlflow server` the tests start: the caller's, minus any MLFLOW_*
 * setting that could point it elsewhere (a developer's MLFLOW_TRACKING_URI, say), plus
 * settings that keep it small, the test run's process marker (when there is a run) and
 * `extra`. Shared with the dedicated servers of packages/tracking/test/support.
 */
export function mlflowServerEnvironment(
  runId: string | undefined,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^_?MLFLOW_/.test(key)) environment[key] = value;
  }
  return {
    ...environment,
    // The huey job runner (for GenAI evaluation jobs) would add processes the tests never use.
    MLFLOW_SERVER_ENABLE_JOB_EXECUTION: 'false',
    // Nothing outside the machine is reachable; telemetry would only wait on timeouts.
    MLFLOW_DISABLE_TELEMETRY: 'true',
    DO_NOT_TRACK: 'true',
    PYTHONUNBUFFERED: '1',
    ...(runId === undefined ? {} : { [processMarkerVariable]: runId }),
    ...extra,
  };
}

/**
 * The arguments of `mlflow` for a test server on 127.0.0.1:`port` with a store, served
 * artifacts in `artifacts`, one worker, and `extra` arguments last.
 */
export function mlflowServerArguments(
  backendStoreUri: string,
  artifacts: string,
  port: number,
  extra: readonly string[] = [],
): string[] {
  return [
    'server',
    '--backend-store-uri',
    backendStoreUri,
    '--serve-artifacts',
    '--artifacts-destination',
    artifacts,
    '--host',
    loopbackHost,
    '--port',
    String(port),
    // One uvicorn process per server: three servers share two cores with the test workers.
    '--workers',
    '1',
    // Since 3.5 the server checks Host headers; name both spellings of loopback explicitly.
    '--allowed-hosts',
    `${loopbackHost}:${port},localhost:${port}`,
    // The lifespan hook reaps Docker sandboxes whenever a `docker` client exists; no daemon
    // runs here, so it would only slow the start down.
    '--uvicorn-opts',
    '--lifespan off',
    ...extra,
  ];
}

function readLogTail(logFile: string): string {
  try {
    const lines = readFileSync(logFile, 'utf8').trimEnd().split('\n');
    return lines.slice(-logTailLines).join('\n');
  } catch {
    return '(no log written)';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type HealthOutcome = 'healthy' | 'exited' | 'timed-out';

async function waitForHealth(
  uri: string,
  server: DetachedProcess,
  timeoutMs: number,
): Promise<HealthOutcome> {
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

function isAddressInUse(logTail: string): boolean {
  return /address already in use|Errno 98|EADDRINUSE/i.test(logTail);
}

async function startServer(
  context: MlflowServerContext,
  definition: ServerDefinition,
): Promise<StartedMlflowServer> {
  const artifactsDestination = join(context.runDirectory, `artifacts-${definition.name}`);
  const workingDirectory = join(context.runDirectory, `work-${definition.name}`);
  mkdirSync(artifactsDestination, { recursive: true });
  mkdirSync(workingDirectory, { recursive: true });
  const logFile = join(context.runDirectory, `mlflow-${definition.name}.log`);
  const environment = mlflowServerEnvironment(context.runId, definition.extraEnvironment);

  for (let attempt = 1; attempt <= maximumAttempts; attempt += 1) {
    const port = await findFreePort();
    const uri = `http://${loopbackHost}:${port}`;
    writeFileSync(logFile, `--- attempt ${attempt}: ${uri}\n`, { flag: 'a' });
    const server = spawnDetached({
      name: `mlflow-${definition.name}`,
      command: join(context.venvDirectory, 'bin', 'mlflow'),
      args: mlflowServerArguments(
        definition.backendStoreUri,
        artifactsDestination,
        port,
        definition.extraArguments,
      ),
      environment,
      cwd: workingDirectory,
      logFile,
    });
    context.onSpawn(server);
    const outcome = await waitForHealth(uri, server, context.startTimeoutMs);
    if (outcome === 'healthy') {
      return {
        info: { uri, backendStoreUri: definition.backendStoreUri, artifactsDestination, logFile },
        process: server,
      };
    }
    await stopProcessGroups([server.processGroupId], 2_000);
    const logTail = readLogTail(logFile);
    // The port came from the OS but another process may have bound it first: try another.
    if (outcome === 'exited' && isAddressInUse(logTail) && attempt < maximumAttempts) continue;
    const what =
      outcome === 'exited'
        ? 'exited before answering GET /health'
        : `did not answer GET /health within ${context.startTimeoutMs} ms`;
    throw new MlflowServerStartError(
      `MLflow server "${definition.name}" (${definition.backendStoreUri}) ${what}. ` +
        `Last lines of ${logFile}:\n${logTail}`,
    );
  }
  throw new MlflowServerStartError(`MLflow server "${definition.name}": no free port found`);
}

/** MLflow with a SQLite store in the run directory. */
export function startSqliteMlflowServer(context: MlflowServerContext) {
  return startServer(context, {
    name: 'sqlite',
    backendStoreUri: `sqlite:///${join(context.runDirectory, 'mlflow-sqlite.db')}`,
    extraArguments: [],
    extraEnvironment: {},
  });
}

/** MLflow with a PostgreSQL store; the database must exist and be empty. */
export function startPostgresMlflowServer(context: MlflowServerContext, databaseUri: string) {
  return startServer(context, {
    name: 'postgres',
    backendStoreUri: databaseUri,
    extraArguments: [],
    extraEnvironment: {},
  });
}

/** Admin user the basic-auth server bootstraps. */
export const mlflowAuthAdminUsername = 'admin';

/**
 * The basic-auth app (`--app-name basic-auth`) with a SQLite tracking store and a SQLite user
 * store, both in the run directory, and an admin with a random password.
 */
export async function startAuthMlflowServer(
  context: MlflowServerContext,
): Promise<StartedMlflowServer<MlflowAuthServerInfo>> {
  const password = randomBytes(18).toString('base64url');
  const configPath = join(context.runDirectory, 'basic-auth.ini');
  // Same keys as mlflow/server/auth/basic_auth.ini; the password comes from the environment
  // (MLFLOW_AUTH_ADMIN_PASSWORD, which wins over the file) so it is never written to disk.
  writeFileSync(
    configPath,
    [
      '[mlflow]',
      'default_permission = READ',
      `database_uri = sqlite:///${join(context.runDirectory, 'mlflow-auth-users.db')}`,
      `admin_username = ${mlflowAuthAdminUsername}`,
      'authorization_function = mlflow.server.auth:authenticate_request_basic_auth',
      '',
    ].join('\n'),
  );
  const started = await startServer(context, {
    name: 'auth',
    backendStoreUri: `sqlite:///${join(context.runDirectory, 'mlflow-auth.db')}`,
    extraArguments: ['--app-name', 'basic-auth'],
    extraEnvironment: {
      MLFLOW_AUTH_CONFIG_PATH: configPath,
      MLFLOW_AUTH_ADMIN_USERNAME: mlflowAuthAdminUsername,
      MLFLOW_AUTH_ADMIN_PASSWORD: password,
      MLFLOW_FLASK_SERVER_SECRET_KEY: randomBytes(24).toString('hex'),
    },
  });
  return {
    info: { ...started.info, username: mlflowAuthAdminUsername, password },
    process: started.process,
  };
}
