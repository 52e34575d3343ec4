import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dropDatabasesSync } from './postgres';
import {
  findProcessesWithEnvironment,
  isProcessAlive,
  listProcessGroup,
  type ProcessEntry,
  stopProcessGroupsSync,
} from './processes';
import { processMarkerVariable } from './provided-context';

/** Repository root (two levels above this file). */
export const repositoryRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Where run directories live: `<repo>/.test-env/` (git-ignored). */
export const testEnvironmentRoot = join(repositoryRoot, '.test-env');

/** Name of the run record inside a run directory. */
export const runRecordFileName = 'pids.json';

/** A process the setup spawned, as recorded in `pids.json`. */
export interface RecordedProcess {
  name: string;
  pid: number;
  processGroupId: number;
}

/**
 * `.test-env/<runId>/pids.json`: enough to clean up after a run that died without its teardown
 * (SIGKILL, power loss), and for `scripts/test.sh` to check that nothing leaked.
 */
export interface RunRecord {
  runId: string;
  runDirectory: string;
  /** The vitest process that runs the setup. */
  ownerPid: number;
  /** `scripts/test.sh`, when it started the run; its run directory is removed by it. */
  supervisorPid: number | undefined;
  pythonExecutable: string | undefined;
  postgresAdminUri: string | undefined;
  /** PostgreSQL databases created for the run (created or about to be). */
  databases: string[];
  processes: RecordedProcess[];
}

const runIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,40}$/;

/** A new run id: UTC time, pid and random bits, e.g. `20260101-120000-4242-9f3a`. */
export function createRunId(): string {
  const time = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${time}-${process.pid}-${randomBytes(2).toString('hex')}`;
}

/** Throws unless `runId` is safe to use in a path and (lower-cased) in a database name. */
export function assertValidRunId(runId: string): void {
  if (!runIdPattern.test(runId)) {
    throw new Error(`invalid test run id ${JSON.stringify(runId)}: use [A-Za-z0-9._-], max 41`);
  }
}

/** Database name for this run and purpose: lower case, `[a-z0-9_]`, at most 63 bytes. */
export function databaseNameFor(runId: string, purpose: string): string {
  return `dagnostics_${purpose}_${runId.toLowerCase().replace(/[^a-z0-9]/g, '_')}`.slice(0, 63);
}

/** `.test-env/<runId>`. */
export function runDirectoryFor(runId: string): string {
  return join(testEnvironmentRoot, runId);
}

/** Writes `pids.json` atomically (write, then rename), so readers never see half a file. */
export function writeRunRecord(record: RunRecord): void {
  const path = join(record.runDirectory, runRecordFileName);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

/** Reads a run directory's `pids.json`, or undefined when there is none (or it is unreadable). */
export function readRunRecord(runDirectory: string): RunRecord | undefined {
  try {
    return JSON.parse(readFileSync(join(runDirectory, runRecordFileName), 'utf8')) as RunRecord;
  } catch {
    return undefined;
  }
}

/**
 * Live processes that belong to a run: members of its recorded process groups, and anything
 * carrying its marker in the environment (children that left their group).
 */
export function findRunProcesses(record: RunRecord): ProcessEntry[] {
  const byPid = new Map<number, ProcessEntry>();
  for (const recorded of record.processes) {
    for (const entry of listProcessGroup(recorded.processGroupId)) {
      // A recycled group id would belong to some unrelated program: only claim Python servers.
      if (/mlflow|uvicorn|gunicorn|python/.test(entry.commandLine)) byPid.set(entry.pid, entry);
    }
  }
  for (const entry of findProcessesWithEnvironment(processMarkerVariable, record.runId)) {
    byPid.set(entry.pid, entry);
  }
  byPid.delete(process.pid);
  return [...byPid.values()];
}

/** Drops a run's recorded databases if they exist; returns the error message on failure. */
export function dropRecordedDatabases(record: RunRecord): string | undefined {
  if (record.databases.length === 0 || !record.pythonExecutable || !record.postgresAdminUri) {
    return undefined;
  }
  try {
    dropDatabasesSync(record.pythonExecutable, record.postgresAdminUri, record.databases);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

const orphanDirectoryAgeMs = 60 * 60 * 1000;

/**
 * Cleans up after runs whose vitest process (and `scripts/test.sh`, if any) died without a
 * teardown: stops their servers, drops their databases and removes their directories. Runs
 * that are still going (another checkout user, a parallel `pnpm test`) are left alone.
 * Returns one line per run cleaned.
 */
export function reapStaleRuns(currentRunId: string): string[] {
  let names: string[];
  try {
    names = readdirSync(testEnvironmentRoot);
  } catch {
    return [];
  }
  const lines: string[] = [];
  for (const name of names) {
    if (name === currentRunId) continue;
    const directory = join(testEnvironmentRoot, name);
    const record = readRunRecord(directory);
    if (record === undefined) {
      // A directory without a record is a run that never got as far as the setup; give its
      // owner (scripts/test.sh, between mkdir and vitest) an hour before calling it abandoned.
      try {
        if (Date.now() - statSync(directory).mtimeMs > orphanDirectoryAgeMs) {
          rmSync(directory, { recursive: true, force: true });
          lines.push(`removed abandoned test run directory ${name}`);
        }
      } catch {
        // Gone already, or not ours to remove.
      }
      continue;
    }
    const ownersAlive = [record.ownerPid, record.supervisorPid].some(
      (pid) => pid !== undefined && isProcessAlive(pid),
    );
    if (ownersAlive) continue;
    const leftovers = findRunProcesses(record);
    stopProcessGroupsSync([...new Set(leftovers.map((entry) => entry.processGroupId))], 3_000);
    const dropFailure = dropRecordedDatabases(record);
    const databaseNote = dropFailure ? ` (dropping databases failed: ${dropFailure})` : '';
    rmSync(directory, { recursive: true, force: true });
    lines.push(
      `cleaned up stale test run ${name}: ${leftovers.length} process(es) stopped, ` +
        `${record.databases.length} database(s) dropped${databaseNote}`,
    );
  }
  return lines;
}
