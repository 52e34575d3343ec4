/**
 * Prints the plain summary line CI reads, `N passed, N failed[, N skipped]`, from vitest's JSON
 * report, as the last line of output; also writes it to `.test-results/summary.txt`.
 *
 *   tsx scripts/test-env/summarize-results.ts REPORT VITEST_EXIT_CODE [EXTRA_FAILURE...]
 *
 * Counts tests, not files. A file that failed without a failing test (it did not load, or a
 * hook failed) counts as one failed test; so does a non-zero vitest exit with no failing test
 * (unhandled error, global setup failure), and each EXTRA_FAILURE (e.g. "build failed").
 * Exits 1 when anything failed.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface AssertionResult {
  status: string;
  fullName?: string;
}

interface FileResult {
  name: string;
  status: string;
  message?: string;
  assertionResults?: AssertionResult[];
}

interface JsonReport {
  testResults?: FileResult[];
}

/** Test counts for the summary line. */
interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

/** Failure notes printed above the summary line. */
interface Summary {
  counts: Counts;
  notes: string[];
}

const skippedStatuses = new Set(['skipped', 'pending', 'todo', 'disabled']);

/** Counts a parsed vitest JSON report (`undefined` when vitest wrote none). */
function summarize(
  report: JsonReport | undefined,
  vitestExitCode: number,
  extraFailures: readonly string[],
): Summary {
  const counts: Counts = { passed: 0, failed: 0, skipped: 0 };
  const notes: string[] = [];
  for (const file of report?.testResults ?? []) {
    const assertions = file.assertionResults ?? [];
    for (const assertion of assertions) {
      if (assertion.status === 'passed') counts.passed += 1;
      else if (assertion.status === 'failed') counts.failed += 1;
      else if (skippedStatuses.has(assertion.status)) counts.skipped += 1;
    }
    const fileFailedWithoutTest =
      file.status === 'failed' && !assertions.some((assertion) => assertion.status === 'failed');
    if (fileFailedWithoutTest) {
      counts.failed += 1;
      const firstLine = (file.message ?? '').split('\n')[0] ?? '';
      notes.push(`test file failed outside its tests: ${file.name}: ${firstLine}`);
    }
  }
  if (report === undefined) {
    notes.push('vitest wrote no JSON report (it stopped before running tests)');
  }
  if (vitestExitCode !== 0 && counts.failed === 0) {
    counts.failed += 1;
    notes.push(
      `vitest exited with code ${vitestExitCode} without a failing test ` +
        '(global setup/teardown failure, unhandled error, or no report): counted as 1 failed',
    );
  }
  for (const failure of extraFailures) {
    counts.failed += 1;
    notes.push(`${failure}: counted as 1 failed`);
  }
  return { counts, notes };
}

/** `N passed, N failed` plus `, N skipped` when any were skipped. */
function formatSummaryLine(counts: Counts): string {
  const line = `${counts.passed} passed, ${counts.failed} failed`;
  return counts.skipped > 0 ? `${line}, ${counts.skipped} skipped` : line;
}

function readReport(path: string): JsonReport | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as JsonReport;
  } catch {
    return undefined;
  }
}

function main(argv: readonly string[]): number {
  const [reportPath, exitCodeText, ...extraFailures] = argv;
  if (reportPath === undefined || exitCodeText === undefined) {
    console.error('usage: summarize-results.ts REPORT VITEST_EXIT_CODE [EXTRA_FAILURE...]');
    return 2;
  }
  const { counts, notes } = summarize(readReport(reportPath), Number(exitCodeText), extraFailures);
  for (const note of notes) console.log(`summary: ${note}`);
  const line = formatSummaryLine(counts);
  const summaryFile = join(dirname(reportPath), 'summary.txt');
  mkdirSync(dirname(summaryFile), { recursive: true });
  writeFileSync(summaryFile, `${line}\n`);
  console.log(line);
  return counts.failed > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
