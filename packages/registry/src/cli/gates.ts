#!/usr/bin/env node
// The `dagnostics-gates` executable; all the work is in runGatesCli.
import { runGatesCli } from './gates-cli';

runGatesCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 2;
  },
);
