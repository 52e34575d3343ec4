#!/usr/bin/env node
// The `dagnostics-train-launch` executable; all the work is in runLaunchCli.
import { runLaunchCli } from './launch-cli';

const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => controller.abort(new Error(`received ${signal}`)));
}
runLaunchCli(process.argv.slice(2), { signal: controller.signal }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = controller.signal.aborted ? 130 : 2;
  },
);
