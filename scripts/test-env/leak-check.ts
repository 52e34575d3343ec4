/**
 * Run by `scripts/test.sh` after vitest exits, successful or not:
 *
 *   tsx scripts/test-env/leak-check.ts RUN_ID
 *
 * Fails (exit 1) when anything this test run started is still there: a live process in one of
 * the process groups recorded in `.test-env/<RUN_ID>/pids.json`, a process whose environment
 * carries the run's marker, an `mlflow server` whose command line names the run directory, or
 * a recorded PostgreSQL database that was not dropped. What it finds it also removes, so the
 * next run starts clean.
 */
import { queryDatabase } from './postgres';
import {
  findProcessesWithEnvironment,
  killProcesses,
  listProcesses,
  type ProcessEntry,
  stopProcessGroupsSync,
} from './processes';
import { processMarkerVariable } from './provided-context';
import {
  assertValidRunId,
  dropRecordedDatabases,
  findRunProcesses,
  readRunRecord,
  runDirectoryFor,
} from './run-registry';

function findLeakedProcesses(runId: string, runDirectory: string): ProcessEntry[] {
  const record = readRunRecord(runDirectory);
  const byPid = new Map<number, ProcessEntry>();
  const candidates = [
    ...(record ? findRunProcesses(record) : []),
    ...findProcessesWithEnvironment(processMarkerVariable, runId),
    ...listProcesses().filter(
      (entry) =>
        entry.commandLine.includes('mlflow server') && entry.commandLine.includes(runDirectory),
    ),
  ];
  for (const entry of candidates) if (entry.pid !== process.pid) byPid.set(entry.pid, entry);
  return [...byPid.values()];
}

async function findLeftoverDatabases(runDirectory: string): Promise<string[]> {
  const record = readRunRecord(runDirectory);
  if (!record?.pythonExecutable || !record.postgresAdminUri) return [];
  const leftovers: string[] = [];
  for (const database of record.databases) {
    try {
      const rows = await queryDatabase(
        record.pythonExecutable,
        record.postgresAdminUri,
        'SELECT 1 FROM pg_database WHERE datname = %s',
        [database],
      );
      if (rows.length > 0) leftovers.push(database);
    } catch {
      // PostgreSQL is not reachable: nothing was created there by this run either.
      return [];
    }
  }
  return leftovers;
}

async function main(argv: readonly string[]): Promise<number> {
  const [runId] = argv;
  if (runId === undefined) {
    console.error('usage: leak-check.ts RUN_ID');
    return 2;
  }
  assertValidRunId(runId);
  const runDirectory = runDirectoryFor(runId);

  const leaked = findLeakedProcesses(runId, runDirectory);
  const leftoverDatabases = await findLeftoverDatabases(runDirectory);
  if (leaked.length === 0 && leftoverDatabases.length === 0) {
    console.log(`leak check: nothing left running from test run ${runId}`);
    return 0;
  }
  if (leaked.length > 0) {
    console.error(
      `leak check: ERROR: ${leaked.length} process(es) started by test run ${runId} are still ` +
        'alive after vitest exited (the teardown in scripts/test-env/environment.ts missed them):',
    );
    for (const entry of leaked) console.error(`  pid ${entry.pid}: ${entry.commandLine}`);
    stopProcessGroupsSync([...new Set(leaked.map((entry) => entry.processGroupId))], 1_000);
    killProcesses(leaked.map((entry) => entry.pid));
  }
  if (leftoverDatabases.length > 0) {
    console.error(
      `leak check: ERROR: database(s) ${leftoverDatabases.join(', ')} of test run ${runId} ` +
        'were not dropped; dropping them now',
    );
    const record = readRunRecord(runDirectory);
    if (record) dropRecordedDatabases(record);
  }
  return 1;
}

process.exitCode = await main(process.argv.slice(2));
