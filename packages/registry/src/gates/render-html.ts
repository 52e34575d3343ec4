import { escapeHtml, formatSignificant } from '@dagnostics/core';
import { renderCheckBar } from './check-bar';
import { formatStatistic } from './render-markdown';
import type { GateReport, GateResult } from './types';

const styles = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #1f2328; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin: 0 0 .5rem; }
.verdict, .status { display: inline-block; padding: .1rem .55rem; border-radius: 1rem; font-weight: 600; color: #fff; }
.verdict.pass, .status.pass { background: #1a7f37; } .verdict.fail, .status.fail { background: #cf222e; } .verdict.error, .status.error { background: #9a6700; }
section { border: 1px solid #d0d7de; border-left-width: .4rem; border-radius: .5rem; padding: 1rem; margin: 1rem 0; overflow-x: auto; }
section.pass { border-left-color: #1a7f37; } section.fail { border-left-color: #cf222e; } section.error { border-left-color: #9a6700; }
.kind { color: #57606a; margin: 0; } svg.check-bar { display: block; }
table { border-collapse: collapse; margin: .5rem 0; } th, td { text-align: left; padding: .2rem .6rem; border-bottom: 1px solid #eaeef2; vertical-align: middle; }
td.number { font-variant-numeric: tabular-nums; }
svg.check-bar rect.bar.passed { fill: #2da44e; } svg.check-bar rect.bar.failed { fill: #e5534b; }
svg.check-bar line.threshold { stroke: #1f2328; stroke-width: 2; } svg.check-bar line.interval { stroke: #57606a; stroke-width: 2; }
dl { display: grid; grid-template-columns: max-content auto; gap: .1rem 1rem; margin: .5rem 0; } dt { color: #57606a; } dd { margin: 0; }
`;

function renderGate(gate: GateResult): string {
  const rows = gate.checks
    .map(
      (item) =>
        `<tr class="${item.passed ? 'passed' : 'failed'}"><td>${escapeHtml(item.label)}</td>` +
        `<td class="number">${item.observed === null ? 'n/a' : escapeHtml(formatSignificant(item.observed))}</td>` +
        `<td class="number">${escapeHtml(item.comparator)} ${escapeHtml(formatSignificant(item.threshold))}</td>` +
        `<td>${renderCheckBar(item)}</td></tr>`,
    )
    .join('');
  const checks =
    rows === ''
      ? ''
      : `<table class="checks"><thead><tr><th>Check</th><th>Observed</th><th>Threshold</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
  const statistics = Object.entries(gate.statistics)
    .map(
      ([key, value]) => `<dt>${escapeHtml(key)}</dt><dd>${escapeHtml(formatStatistic(value))}</dd>`,
    )
    .join('');
  const reasons = gate.reasons.map((reason) => `<li>${escapeHtml(reason)}</li>`).join('');
  return (
    `<section class="gate ${gate.status}"><h2>${escapeHtml(gate.name)} <span class="status ${gate.status}">${gate.status}</span></h2>` +
    `<p class="kind">${escapeHtml(gate.kind)}</p>${checks}<ul class="reasons">${reasons}</ul>` +
    (statistics === '' ? '' : `<dl class="statistics">${statistics}</dl>`) +
    '</section>'
  );
}

/**
 * The report as one self-contained HTML page (inline CSS and SVG, no script, no external
 * resource): the verdict, then per gate its checks, each with an SVG bar of the observed
 * value against the threshold, its statistics and reasons. All text is escaped.
 */
export function renderGateReportHtml(report: GateReport, options: { title?: string } = {}): string {
  const title = options.title ?? 'Quality gates';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${styles}</style></head>
<body><h1>${escapeHtml(title)} <span class="verdict ${report.verdict}">${report.verdict.toUpperCase()}</span></h1>
<p class="counts">${report.counts.pass} passed, ${report.counts.fail} failed, ${report.counts.error} in error</p>
${report.gates.map(renderGate).join('\n')}
</body></html>
`;
}
