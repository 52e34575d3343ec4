import { formatSignificant } from '@dagnostics/core';
import type { GateCheck, GateReport, GateStatistic, GateStatus } from './types';

const statusWords: Record<GateStatus, string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  error: '⚠️ error',
};

/** Text for a Markdown table cell: pipes escaped, line breaks flattened. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function formatObserved(item: GateCheck): string {
  if (item.observed === null) return 'n/a';
  const interval =
    item.interval === undefined
      ? ''
      : ` [${formatSignificant(item.interval[0])}, ${formatSignificant(item.interval[1])}]`;
  return `${formatSignificant(item.observed)}${interval}`;
}

/** A statistic for display: numbers at 4 significant digits, null as `n/a`. */
export function formatStatistic(value: GateStatistic): string {
  if (value === null) return 'n/a';
  if (typeof value === 'number')
    return Number.isInteger(value) ? String(value) : formatSignificant(value);
  return String(value);
}

/**
 * The report as GitHub-flavoured Markdown, for a pull-request comment or a CI summary: the
 * verdict, one table row per check with its own result, then per gate its status,
 * reasons and statistics.
 */
export function gateReportToMarkdown(report: GateReport): string {
  const lines = [
    `## Quality gates: ${report.verdict.toUpperCase()}`,
    '',
    `${report.counts.pass} passed, ${report.counts.fail} failed, ${report.counts.error} in error.`,
    '',
    '| Gate | Check | Observed | Threshold | Result |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const gate of report.gates) {
    if (gate.checks.length === 0) {
      lines.push(`| ${cell(gate.name)} | n/a | n/a | n/a | ${statusWords.error} |`);
    }
    for (const item of gate.checks) {
      lines.push(
        `| ${cell(gate.name)} | ${cell(item.label)} | ${formatObserved(item)} | ${cell(item.comparator)} ${formatSignificant(item.threshold)} | ${statusWords[item.passed ? 'pass' : 'fail']} |`,
      );
    }
  }
  for (const gate of report.gates) {
    lines.push('', `### ${cell(gate.name)} (${gate.kind}): ${statusWords[gate.status]}`, '');
    for (const reason of gate.reasons) lines.push(`- ${cell(reason)}`);
    const entries = Object.entries(gate.statistics);
    if (entries.length > 0) {
      lines.push(
        '',
        entries.map(([key, value]) => `\`${key}\` = ${cell(formatStatistic(value))}`).join(', '),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
