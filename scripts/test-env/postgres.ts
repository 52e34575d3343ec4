import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const databasesScript = fileURLToPath(new URL('./databases.py', import.meta.url));
const commandTimeoutMs = 30_000;

/** Default server the setup creates its databases on (trust auth, user `postgres`). */
export const defaultPostgresAdminUri = 'postgresql://postgres@127.0.0.1:5432/postgres';

/** The same server and credentials as `adminUri`, pointing at database `database`. */
export function databaseUri(adminUri: string, database: string): string {
  const uri = new URL(adminUri);
  uri.pathname = `/${database}`;
  return uri.toString();
}

/**
 * The SQLAlchemy spelling of a PostgreSQL URI for MLflow's `--backend-store-uri`: SQLAlchemy 2.1
 * maps a bare `postgresql://` to psycopg 3, while the pinned requirements install psycopg2.
 */
export function sqlalchemyPostgresUri(uri: string): string {
  return uri.replace(/^postgres(ql)?:/, 'postgresql+psycopg2:');
}

/** `host:port` of a PostgreSQL URI, for messages. */
export function describeServer(uri: string): string {
  const parsed = new URL(uri);
  return `${parsed.hostname}:${parsed.port || '5432'}`;
}

function runDatabasesScript(pythonExecutable: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      pythonExecutable,
      [databasesScript, ...args],
      { timeout: commandTimeoutMs, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error === null) resolve(stdout);
        else reject(new Error(stderr.trim() || error.message, { cause: error }));
      },
    );
  });
}

/** Creates fresh databases (fails if one exists). Needs the venv's Python (psycopg2). */
export async function createDatabases(
  pythonExecutable: string,
  adminUri: string,
  names: readonly string[],
): Promise<void> {
  await runDatabasesScript(pythonExecutable, ['create', adminUri, ...names]);
}

/** Drops databases if they exist, closing sessions still connected to them. */
export async function dropDatabases(
  pythonExecutable: string,
  adminUri: string,
  names: readonly string[],
): Promise<void> {
  if (names.length === 0) return;
  await runDatabasesScript(pythonExecutable, ['drop', adminUri, ...names]);
}

/** Blocking twin of {@link dropDatabases} for `exit` and signal handlers. */
export function dropDatabasesSync(
  pythonExecutable: string,
  adminUri: string,
  names: readonly string[],
): void {
  if (names.length === 0) return;
  const result = spawnSync(pythonExecutable, [databasesScript, 'drop', adminUri, ...names], {
    timeout: commandTimeoutMs,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(result.stderr?.trim() || `dropping ${names.join(', ')} failed`);
  }
}

/**
 * Runs one SQL statement against a PostgreSQL (`postgresql://...`, also with a SQLAlchemy
 * `+driver` suffix) or SQLite (`sqlite:///...`)
 * database through the venv's Python and returns the rows. Parameters use the driver's
 * placeholders: `%s` for PostgreSQL, `?` for SQLite. Meant for tests that check what a server
 * really wrote to its store.
 */
export async function queryDatabase(
  pythonExecutable: string,
  uri: string,
  statement: string,
  parameters: readonly string[] = [],
): Promise<unknown[][]> {
  const output = await runDatabasesScript(pythonExecutable, [
    'query',
    uri,
    statement,
    ...parameters,
  ]);
  return JSON.parse(output) as unknown[][];
}
