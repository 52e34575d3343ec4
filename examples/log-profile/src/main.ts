import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DagnosticsError, readJsonLines } from '@dagnostics/core';
import { profileLogs } from './profile';
import { renderProfile } from './render';

const defaultSample = fileURLToPath(
  new URL('../data/airflow-task-failures.jsonl', import.meta.url),
);

function main(): void {
  const { values } = parseArgs({
    options: {
      file: { type: 'string', default: defaultSample },
      json: { type: 'boolean', default: false },
    },
  });
  const file = values.file ?? defaultSample;
  const started = performance.now();
  const table = readJsonLines({ path: file });
  const loadMs = performance.now() - started;
  const profile = profileLogs(table);
  process.stdout.write(
    values.json
      ? `${JSON.stringify(profile, null, 2)}\n`
      : `${renderProfile(profile, file, loadMs)}\n`,
  );
}

try {
  main();
} catch (error: unknown) {
  if (DagnosticsError.isInstance(error)) {
    process.stderr.write(`${error.name}: ${error.message}\n`);
  } else {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exitCode = 1;
}
