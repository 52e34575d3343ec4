import { escapeHtml, formatSignificant as formatNumber } from '../../html';
import type {
  ReportValue,
  ValidationReport,
  ValidationReportCheck,
  ValidationReportFailureCase,
} from './validation-report';

function formatPercent(percent: number): string {
  return `${formatNumber(Number(percent.toFixed(percent < 10 ? 2 : 1)))}%`;
}

/** A value as text: strings as they are, everything else as JSON. */
function formatValue(value: ReportValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function valueCell(value: ReportValue): string {
  return value === null
    ? '<td class="value null">null</td>'
    : `<td class="value">${escapeHtml(formatValue(value))}</td>`;
}

function verdict(success: boolean): string {
  return success
    ? '<span class="badge pass">passed</span>'
    : '<span class="badge fail">failed</span>';
}

function kwargsText(kwargs: Record<string, unknown>): string {
  return Object.entries(kwargs)
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join(', ');
}

function unexpectedText(check: ValidationReportCheck): string {
  if (check.unexpectedCount === null) return '';
  const percent =
    check.unexpectedPercent === null ? '' : ` (${formatPercent(check.unexpectedPercent)})`;
  return `${check.unexpectedCount.toLocaleString('en-US')}${percent}`;
}

const bar = { width: 320, height: 18 };

/** A horizontal bar of the unexpected percentage of a column check. */
function renderPercentBar(check: ValidationReportCheck, percent: number): string {
  const share = Math.min(Math.max(percent, 0), 100) / 100;
  const filled = (bar.width * share).toFixed(1);
  const caption = `${formatPercent(percent)} of the values of ${check.column ?? ''} are unexpected`;
  return `<svg class="percent-bar" role="img" aria-label="${escapeHtml(caption)}" viewBox="0 0 ${bar.width} ${bar.height}" width="${bar.width}" height="${bar.height}"><title>${escapeHtml(caption)}</title><rect class="track" x="0" y="0" width="${bar.width}" height="${bar.height}" rx="3"/><rect class="unexpected" x="0" y="0" width="${filled}" height="${bar.height}" rx="3"/></svg>`;
}

function renderFailureCases(cases: ValidationReportFailureCase[]): string {
  const rows = cases
    .map(
      (failure) =>
        `<tr><td class="number">${failure.rowIndex === null ? '—' : failure.rowIndex}</td><td>${failure.column === null ? '—' : escapeHtml(failure.column)}</td>${valueCell(failure.value)}</tr>`,
    )
    .join('\n');
  return `<table class="failure-cases">
<thead><tr><th>Row</th><th>Column</th><th>Value</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

function renderFailingCheck(check: ValidationReportCheck): string {
  const details: string[] = [];
  if (check.unexpectedCount !== null) {
    details.push(
      `${unexpectedText(check)} unexpected of ${check.elementCount.toLocaleString('en-US')} rows`,
    );
  }
  if (check.observedValue !== null) details.push(`observed ${formatValue(check.observedValue)}`);
  if (check.nullCount > 0) details.push(`${check.nullCount.toLocaleString('en-US')} null`);
  const percentBar =
    check.column !== null && check.unexpectedPercent !== null
      ? renderPercentBar(check, check.unexpectedPercent)
      : '';
  const truncated = check.failureCasesTruncated
    ? `<p class="truncated">Showing the first ${check.failureCases.length} failure cases.</p>`
    : '';
  return `<section class="check" id="check-${check.checkIndex}" data-check-index="${check.checkIndex}">
<header><h2>#${check.checkIndex} ${escapeHtml(check.expectationType)}${check.column === null ? '' : ` on ${escapeHtml(check.column)}`}</h2>${verdict(check.success)}</header>
<p>${escapeHtml(details.join('; '))}</p>
${percentBar}
${check.failureCases.length > 0 ? renderFailureCases(check.failureCases) : ''}
${truncated}
</section>`;
}

const styles = `
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --fail: #cf222e; --track: #eaeef2; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f6f8fa; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 16px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 15px; margin: 0; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
.meta { color: var(--muted); margin: 0 0 16px; }
.summary { display: flex; gap: 12px; flex-wrap: wrap; margin-bottom: 20px; }
.tile { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; min-width: 150px; }
.tile b { display: block; font-size: 20px; }
table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); margin-bottom: 24px; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
td.number { font-variant-numeric: tabular-nums; }
td.kwargs, td.value, td.expectation, td.observed { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; overflow-wrap: anywhere; }
td.null { color: var(--muted); font-style: italic; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; }
.badge.fail { background: #ffebe9; color: #a40e26; }
.badge.pass { background: #dafbe1; color: #116329; }
section.check { background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--fail); border-radius: 8px; padding: 14px 16px; margin-bottom: 16px; }
section.check header { display: flex; align-items: baseline; gap: 10px; flex-wrap: wrap; margin-bottom: 6px; }
section.check p { margin: 0 0 8px; color: var(--muted); }
section.check table { margin: 8px 0 0; }
.percent-bar { display: block; max-width: 100%; height: auto; }
.percent-bar .track { fill: var(--track); }
.percent-bar .unexpected { fill: var(--fail); }
label.filter { display: inline-flex; gap: 6px; align-items: center; margin-bottom: 12px; color: var(--muted); }
body.only-failing tr[data-success="true"] { display: none; }
`;

/**
 * Renders a {@link ValidationReport} as one self-contained HTML page (no scripts, styles
 * or fonts to fetch; works offline and as an MLflow artifact): summary tiles, a table of
 * every check with its arguments, counts and verdict, a "failing checks only" toggle, and
 * per failing check its failure cases (row, column, value) and, for column checks, an SVG
 * bar of the unexpected percentage. Every text from the data is HTML-escaped.
 *
 * @example
 * ```ts
 * const html = renderValidationReportHtml(createValidationReport(validate(table, suite)));
 * await writeFile('validation.html', html);
 * ```
 */
export function renderValidationReportHtml(report: ValidationReport): string {
  const { statistics } = report;
  const rows = report.checks
    .map(
      (check) =>
        `<tr data-check-index="${check.checkIndex}" data-success="${check.success}"><td class="number">${check.success ? check.checkIndex : `<a href="#check-${check.checkIndex}">${check.checkIndex}</a>`}</td><td class="expectation">${escapeHtml(check.expectationType).replaceAll('_', '_<wbr>')}</td><td>${check.column === null ? '—' : escapeHtml(check.column)}</td><td class="kwargs">${escapeHtml(kwargsText(check.kwargs))}</td><td class="number">${escapeHtml(unexpectedText(check))}</td><td class="observed">${check.observedValue === null ? '' : escapeHtml(formatValue(check.observedValue))}</td><td>${verdict(check.success)}</td></tr>`,
    )
    .join('\n');
  const failing = report.checks.filter((check) => !check.success);
  const suite = report.suiteName === null ? '' : ` for suite ${report.suiteName}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(report.title)}</title>
<style>${styles}</style>
</head>
<body>
<main>
<h1>${escapeHtml(report.title)}</h1>
<p class="meta">Generated ${escapeHtml(report.generatedAt)} by @dagnostics/core${escapeHtml(suite)}.</p>
<div class="summary">
<div class="tile" id="tile-verdict">Suite ${verdict(report.success)}<b>${formatPercent(statistics.successPercent)}</b>of checks passed</div>
<div class="tile" id="tile-passed">Checks passed<b>${statistics.successfulExpectations} / ${statistics.evaluatedExpectations}</b></div>
<div class="tile" id="tile-failed">Checks failed<b>${statistics.unsuccessfulExpectations}</b></div>
</div>
<label class="filter"><input type="checkbox" id="only-failing" onchange="document.body.classList.toggle('only-failing', this.checked)"> show failing checks only</label>
<table class="checks">
<thead><tr><th>#</th><th>Expectation</th><th>Column</th><th>Arguments</th><th>Unexpected</th><th>Observed</th><th>Verdict</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
${failing.map(renderFailingCheck).join('\n')}
</main>
</body>
</html>
`;
}
