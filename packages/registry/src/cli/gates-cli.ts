import { parseArgs } from 'node:util';
import { InvalidArgumentError } from '@dagnostics/core';
import { runGateFiles } from '../gates/run-gate-files';

const usage = `Usage: dagnostics-gates --suite <gates.yaml|json> --inputs <inputs.json|yaml>
                        [--json <report.json>] [--markdown <report.md>] [--html <report.html>]
                        [--title <text>]

Evaluates quality gates (challenger vs champion) and exits 0 when every gate passes,
1 when one fails, 2 when the suite or the inputs are missing or invalid.`;

/**
 * The `dagnostics-gates` command: parses `argv` (without node and the script), runs
 * `runGateFiles`, prints a one-line verdict per gate to `out`, and returns the exit code
 * (0 pass, 1 a gate failed, 2 bad usage or inputs) instead of exiting, so it can be tested.
 */
export async function runGatesCli(
  argv: readonly string[],
  out: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  err: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        suite: { type: 'string' },
        inputs: { type: 'string' },
        json: { type: 'string' },
        markdown: { type: 'string' },
        html: { type: 'string' },
        title: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    err(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (values.help === true) {
    out(usage);
    return 0;
  }
  if (typeof values.suite !== 'string' || typeof values.inputs !== 'string') {
    err(`--suite and --inputs are required.\n\n${usage}`);
    return 2;
  }
  const text = (name: string) =>
    typeof values[name] === 'string' ? (values[name] as string) : undefined;
  try {
    const { report, exitCode } = await runGateFiles({
      suitePath: values.suite,
      inputsPath: values.inputs,
      ...(text('json') === undefined ? {} : { jsonPath: text('json') as string }),
      ...(text('markdown') === undefined ? {} : { markdownPath: text('markdown') as string }),
      ...(text('html') === undefined ? {} : { htmlPath: text('html') as string }),
      ...(text('title') === undefined ? {} : { title: text('title') as string }),
    });
    for (const gate of report.gates) out(`${gate.status.padEnd(5)} ${gate.name}`);
    out(`verdict: ${report.verdict} (exit code ${exitCode})`);
    return exitCode;
  } catch (error) {
    if (InvalidArgumentError.isInstance(error)) {
      err(error.message);
      return 2;
    }
    throw error;
  }
}
