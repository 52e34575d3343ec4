import { readFile, writeFile } from 'node:fs/promises';
import { InvalidArgumentError } from '@dagnostics/core';
import { parse } from 'yaml';
import { evaluateGates, gateExitCode } from './evaluate-gates';
import { renderGateReportHtml } from './render-html';
import { gateReportToMarkdown } from './render-markdown';
import { gateSuiteFromJson } from './suite-from-json';
import type { GateInputs, GateReport } from './types';

/** Settings of {@link runGateFiles}: where to read the suite and inputs, where to write reports. */
export interface RunGateFilesOptions {
  /** The suite, JSON or YAML (see `gateSuiteFromJson`). */
  suitePath: string;
  /** The `GateInputs`, JSON or YAML. */
  inputsPath: string;
  /** Write the report as JSON here. */
  jsonPath?: string;
  /** Write the Markdown report here (e.g. `$GITHUB_STEP_SUMMARY`). */
  markdownPath?: string;
  /** Write the self-contained HTML report here. */
  htmlPath?: string;
  /** Title of the HTML report. Default `Quality gates`. */
  title?: string;
}

async function readDocument(path: string, argument: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InvalidArgumentError({
      message: `Cannot read ${argument} file ${path}.`,
      argument,
      cause: error,
    });
  }
  try {
    // YAML 1.2 is a superset of JSON, so one parser reads both.
    return parse(text);
  } catch (error) {
    throw new InvalidArgumentError({
      message: `The ${argument} file ${path} is neither JSON nor YAML: ${(error as Error).message}`,
      argument,
      cause: error,
    });
  }
}

/**
 * What a `gates` command does: reads a suite and its inputs from files, evaluates the gates,
 * writes the reports asked for, and returns the report with its exit code (0 pass, 1 a gate
 * failed, 2 inputs in error). Throws `InvalidArgumentError` for an unreadable or invalid
 * suite or inputs file, which a CLI should also turn into exit code 2.
 *
 * @example
 * ```ts
 * const { exitCode, report } = await runGateFiles({
 *   suitePath: 'gates.yaml',
 *   inputsPath: 'evaluation.json',
 *   markdownPath: process.env.GITHUB_STEP_SUMMARY,
 * });
 * process.exitCode = exitCode;
 * ```
 */
export async function runGateFiles(
  options: RunGateFilesOptions,
): Promise<{ report: GateReport; exitCode: 0 | 1 | 2 }> {
  const suite = gateSuiteFromJson(await readDocument(options.suitePath, 'suite'));
  const inputs = (await readDocument(options.inputsPath, 'inputs')) as GateInputs;
  const report = evaluateGates(suite, inputs);
  const writes: Promise<void>[] = [];
  if (options.jsonPath !== undefined) {
    writes.push(writeFile(options.jsonPath, `${JSON.stringify(report, null, 2)}\n`));
  }
  if (options.markdownPath !== undefined) {
    writes.push(writeFile(options.markdownPath, gateReportToMarkdown(report)));
  }
  if (options.htmlPath !== undefined) {
    const title = options.title === undefined ? {} : { title: options.title };
    writes.push(writeFile(options.htmlPath, renderGateReportHtml(report, title)));
  }
  await Promise.all(writes);
  return { report, exitCode: gateExitCode(report) };
}
