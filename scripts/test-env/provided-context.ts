/**
 * The contract between the vitest global setup (which starts the services) and the tests
 * (which use them): service names, what each one hands over, and the environment variables
 * that carry the same facts to processes that cannot call vitest's `inject`.
 */

/** MLflow tracking server started by the global setup, with its own store and artifacts. */
export interface MlflowServerInfo {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash, no `/api/2.0`). */
  uri: string;
  /** SQLAlchemy URI of the server's backend store, for direct checks from tests. */
  backendStoreUri: string;
  /** Directory behind `--artifacts-destination`. */
  artifactsDestination: string;
  /** The server's combined stdout/stderr log; copied to `.test-results/server-logs/` at teardown. */
  logFile: string;
}

/** The basic-auth MLflow server (`--app-name basic-auth`) with its bootstrapped admin. */
export interface MlflowAuthServerInfo extends MlflowServerInfo {
  /** Admin user name (HTTP Basic). */
  username: string;
  /** Admin password (HTTP Basic), random per run. */
  password: string;
}

/** Redis on loopback. */
export interface RedisInfo {
  /** `redis://host:port`. Tests share the server: use unique key prefixes. */
  url: string;
}

/** A fresh PostgreSQL database created for this run and dropped at teardown. */
export interface PostgresInfo {
  /** `postgresql://user@host:port/database`. */
  uri: string;
  /** Name of the database created for this run. */
  database: string;
}

/** The Prometheus server binary (Debian package `prometheus`); tests start their own server. */
export interface PrometheusInfo {
  /** Absolute path of the `prometheus` executable. */
  binary: string;
  /** Its version, e.g. `2.42.0+ds`. */
  version: string;
}

/** Prometheus' Alertmanager (Debian package `prometheus-alertmanager`); tests start their own. */
export interface AlertmanagerInfo {
  /** Absolute path of the `prometheus-alertmanager` executable. */
  binary: string;
  /** Its version, e.g. `0.25.0`. */
  version: string;
}

/** Headless Chromium (Debian package `chromium`), for tests that render HTML reports. */
export interface ChromiumInfo {
  /** Absolute path of the `chromium` executable. */
  binary: string;
  /** Its version, e.g. `156.0.8078.73`. */
  version: string;
}

/** What each service hands to the tests when it is available. */
export interface ServiceInfoByName {
  'mlflow-sqlite': MlflowServerInfo;
  'mlflow-postgres': MlflowServerInfo;
  'mlflow-auth': MlflowAuthServerInfo;
  redis: RedisInfo;
  postgres: PostgresInfo;
  prometheus: PrometheusInfo;
  alertmanager: AlertmanagerInfo;
  chromium: ChromiumInfo;
}

/** Name of a service the test environment can provide. */
export type ServiceName = keyof ServiceInfoByName;

/** Every service name, in start order. */
export const serviceNames: readonly ServiceName[] = [
  'redis',
  'postgres',
  'mlflow-sqlite',
  'mlflow-postgres',
  'mlflow-auth',
  'prometheus',
  'alertmanager',
  'chromium',
];

/** A service is either there, with its info, or missing with a reason a human can act on. */
export type ServiceState<Info> =
  | { available: true; info: Info }
  | {
      available: false;
      /** Why it is missing and how to fix it. */
      reason: string;
      /** True when the user chose to leave it out (`DAGNOSTICS_TEST_SERVICES`): never fatal. */
      deselected: boolean;
    };

/** Everything the global setup provides to the tests under {@link providedContextKey}. */
export interface TestEnvironmentInfo {
  /** Identifier of this run; also names `.test-env/<runId>/`. */
  runId: string;
  /** `.test-env/<runId>/`, absolute. */
  runDirectory: string;
  /** The venv's Python (has mlflow, psycopg2), or undefined when the venv is missing. */
  pythonExecutable: string | undefined;
  services: { [Name in ServiceName]: ServiceState<ServiceInfoByName[Name]> };
}

/** Key under which the global setup calls `project.provide`. */
export const providedContextKey = 'dagnosticsTestEnvironment';

declare module 'vitest' {
  export interface ProvidedContext {
    dagnosticsTestEnvironment: TestEnvironmentInfo;
  }
}

/**
 * Environment variables set by the global setup (inherited by test workers and by anything the
 * tests spawn). Unset when the service is unavailable.
 */
export const environmentVariableNames = {
  mlflowSqliteUri: 'DAGNOSTICS_TEST_MLFLOW_SQLITE_URI',
  mlflowPostgresUri: 'DAGNOSTICS_TEST_MLFLOW_POSTGRES_URI',
  mlflowAuthUri: 'DAGNOSTICS_TEST_MLFLOW_AUTH_URI',
  mlflowAuthUsername: 'DAGNOSTICS_TEST_MLFLOW_AUTH_USERNAME',
  mlflowAuthPassword: 'DAGNOSTICS_TEST_MLFLOW_AUTH_PASSWORD',
  redisUrl: 'REDIS_URL',
  postgresUri: 'DAGNOSTICS_TEST_POSTGRES_URI',
} as const;

/**
 * Settings read by the global setup and by `scripts/test.sh`:
 * - `DAGNOSTICS_TEST_SERVICES`: `auto` (default: all services, but only when the run includes a
 *   test file that imports `scripts/test-env/services` or lives in `test/integration/`), `all`,
 *   `none`, or a comma-separated list of {@link ServiceName}s.
 * - `DAGNOSTICS_TEST_RUN_ID`: run identifier chosen by `scripts/test.sh`; generated otherwise.
 * - `DAGNOSTICS_TEST_POSTGRES_ADMIN_URI`: server to create databases on (default
 *   `postgresql://postgres@127.0.0.1:5432/postgres`).
 * - `DAGNOSTICS_TEST_REDIS_URL`: Redis to check and hand over (default `redis://127.0.0.1:6379`).
 * - `DAGNOSTICS_TEST_MLFLOW_START_TIMEOUT_MS`: how long to wait for `/health` (default 120000).
 * - `CI=true`: a missing service fails the run instead of skipping its tests.
 */
export const settingNames = {
  services: 'DAGNOSTICS_TEST_SERVICES',
  runId: 'DAGNOSTICS_TEST_RUN_ID',
  supervisorPid: 'DAGNOSTICS_TEST_SUPERVISOR_PID',
  postgresAdminUri: 'DAGNOSTICS_TEST_POSTGRES_ADMIN_URI',
  redisUrl: 'DAGNOSTICS_TEST_REDIS_URL',
  mlflowStartTimeoutMs: 'DAGNOSTICS_TEST_MLFLOW_START_TIMEOUT_MS',
} as const;

/**
 * Marker put into the environment of every process the setup spawns, so leak checks can find
 * them (and their children) by reading `/proc/<pid>/environ`.
 */
export const processMarkerVariable = 'DAGNOSTICS_TEST_ENV_RUN_ID';

/** True when `CI` is `true` or `1`: missing services then fail instead of skipping. */
export function isContinuousIntegration(environment: NodeJS.ProcessEnv = process.env): boolean {
  return environment.CI === 'true' || environment.CI === '1';
}

/** The commands that start each local service, quoted in error messages. */
export const startHints = {
  postgres:
    'start PostgreSQL with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` (as root)',
  redis:
    'start Redis with `redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no`',
  prometheus:
    'install it with `apt-get install -y --no-install-recommends prometheus` (as root; `pnpm test` does this itself)',
  alertmanager:
    'install it with `apt-get install -y --no-install-recommends prometheus-alertmanager` (as root; `pnpm test` does this itself)',
  chromium:
    'install it with `apt-get install -y --no-install-recommends chromium` (as root; `pnpm test` does this itself)',
  venv: 'create the Python venv with `bash scripts/test-env/ensure-venv.sh`',
} as const;
