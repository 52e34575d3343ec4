import { escapeHtml, formatSignificant as formatNumber } from '@dagnostics/core';
import type { ColumnDistribution, DriftReport, DriftReportColumn } from './drift-report';

function formatPercent(share: number): string {
  return `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;
}

const chart = { width: 640, height: 220, left: 44, right: 8, top: 12, bottom: 58 };

function binLabels(distribution: ColumnDistribution): string[] {
  if (distribution.kind === 'cat') return distribution.categories;
  return distribution.reference.map(
    (_, index) =>
      `${formatNumber(distribution.edges[index] as number)} – ${formatNumber(distribution.edges[index + 1] as number)}`,
  );
}

/** An SVG grouped bar chart of reference vs current shares, with axes and tooltips. */
function renderChart(column: DriftReportColumn): string {
  const { distribution } = column;
  const labels = binLabels(distribution);
  const count = labels.length;
  const plotWidth = chart.width - chart.left - chart.right;
  const plotHeight = chart.height - chart.top - chart.bottom;
  const peak = Math.max(...distribution.reference, ...distribution.current, 1e-12);
  const yMax = Math.min(1, Math.ceil((peak * 10) / 1) / 10 || 0.1);
  const slot = plotWidth / Math.max(count, 1);
  const barWidth = Math.max(1, (slot * 0.8) / 2);
  const y = (share: number) => chart.top + plotHeight - (share / yMax) * plotHeight;
  const parts: string[] = [];
  for (let tick = 0; tick <= 4; tick++) {
    const share = (yMax * tick) / 4;
    const position = y(share).toFixed(1);
    parts.push(
      `<line class="grid" x1="${chart.left}" x2="${chart.width - chart.right}" y1="${position}" y2="${position}"/>`,
      `<text class="tick" x="${chart.left - 6}" y="${position}" dy="0.32em" text-anchor="end">${formatPercent(share)}</text>`,
    );
  }
  const labelEvery = Math.max(1, Math.ceil(count / 12));
  labels.forEach((label, index) => {
    const x0 = chart.left + index * slot + slot * 0.1;
    const reference = distribution.reference[index] ?? 0;
    const current = distribution.current[index] ?? 0;
    const title = `${label}: reference ${formatPercent(reference)}, current ${formatPercent(current)}`;
    parts.push(
      `<g class="bin"><title>${escapeHtml(title)}</title>`,
      `<rect class="bar reference" x="${x0.toFixed(1)}" y="${y(reference).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(chart.top + plotHeight - y(reference)).toFixed(1)}"/>`,
      `<rect class="bar current" x="${(x0 + barWidth).toFixed(1)}" y="${y(current).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(chart.top + plotHeight - y(current)).toFixed(1)}"/>`,
      '</g>',
    );
    if (index % labelEvery === 0) {
      const text = label.length > 18 ? `${label.slice(0, 17)}…` : label;
      const cx = (x0 + barWidth).toFixed(1);
      const cy = chart.top + plotHeight + 10;
      parts.push(
        `<text class="tick" transform="translate(${cx},${cy}) rotate(35)">${escapeHtml(text)}</text>`,
      );
    }
  });
  parts.push(
    `<line class="axis" x1="${chart.left}" x2="${chart.width - chart.right}" y1="${chart.top + plotHeight}" y2="${chart.top + plotHeight}"/>`,
  );
  const caption = `Share of values per ${distribution.kind === 'num' ? 'bin' : 'category'} in the reference and current data for ${column.column}`;
  return `<svg class="chart" role="img" aria-label="${escapeHtml(caption)}" viewBox="0 0 ${chart.width} ${chart.height}" width="${chart.width}" height="${chart.height}">${parts.join('')}</svg>`;
}

function verdict(drift: boolean): string {
  return drift
    ? '<span class="badge drift">drift</span>'
    : '<span class="badge stable">no drift</span>';
}

function ruleText(column: DriftReportColumn): string {
  const score = column.adjustedScore ?? column.score;
  const name = column.rule.startsWith('p-value')
    ? column.adjustedScore === undefined
      ? 'p-value'
      : 'adjusted p-value'
    : 'score';
  const comparison = column.rule.replace(/^(p-value|score) /, '').replace(' threshold', '');
  return `${name} ${formatNumber(score)} (drift when ${comparison} ${formatNumber(column.threshold)})`;
}

const styles = `
:root { color-scheme: light; --reference: #4c78a8; --current: #f58518; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f6f8fa; }
main { max-width: 980px; margin: 0 auto; padding: 24px 16px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 0; }
.meta { color: var(--muted); margin: 0 0 16px; }
.summary { display: flex; gap: 12px; flex-wrap: wrap; margin-bottom: 20px; }
.tile { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; min-width: 150px; }
.tile b { display: block; font-size: 20px; }
table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); border-radius: 8px; margin-bottom: 24px; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); }
th { font-weight: 600; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
td.number { font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; }
.badge.drift { background: #ffebe9; color: #a40e26; }
.badge.stable { background: #dafbe1; color: #116329; }
section.column { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; margin-bottom: 16px; }
section.column header { display: flex; align-items: baseline; gap: 10px; flex-wrap: wrap; margin-bottom: 6px; }
section.column p { margin: 0 0 8px; color: var(--muted); }
.legend span { display: inline-flex; align-items: center; gap: 4px; margin-right: 14px; color: var(--muted); }
.legend i { width: 10px; height: 10px; display: inline-block; border-radius: 2px; }
.chart { max-width: 100%; height: auto; }
.chart .bar.reference, .legend .reference { fill: var(--reference); background: var(--reference); }
.chart .bar.current, .legend .current { fill: var(--current); background: var(--current); }
.chart .grid { stroke: #eaeef2; }
.chart .axis { stroke: #8c959f; }
.chart .tick { font-size: 10px; fill: var(--muted); }
.chart .bin:hover rect { opacity: .8; }
label.filter { display: inline-flex; gap: 6px; align-items: center; margin-bottom: 12px; color: var(--muted); }
body.only-drift section.column[data-drift="false"], body.only-drift tr[data-drift="false"] { display: none; }
`;

/**
 * Renders a {@link DriftReport} as one self-contained HTML page (no scripts or fonts to
 * fetch, works offline and as an MLflow artifact): a summary, a table of every column's
 * test, score, threshold and verdict, and per column an SVG chart of the reference and
 * current distributions. Every text from the data is HTML-escaped.
 */
export function renderDriftReportHtml(report: DriftReport): string {
  const { dataset } = report;
  const rows = report.columns
    .map(
      (column) =>
        `<tr data-drift="${column.drift}"><td><a href="#column-${encodeURIComponent(column.column)}">${escapeHtml(column.column)}</a></td><td>${column.columnType === 'num' ? 'numerical' : 'categorical'}</td><td>${escapeHtml(column.displayName)}</td><td class="number">${formatNumber(column.adjustedScore ?? column.score)}</td><td class="number">${formatNumber(column.threshold)}</td><td>${verdict(column.drift)}</td></tr>`,
    )
    .join('\n');
  const sections = report.columns
    .map(
      (
        column,
      ) => `<section class="column" id="column-${encodeURIComponent(column.column)}" data-drift="${column.drift}">
<header><h2>${escapeHtml(column.column)}</h2>${verdict(column.drift)}</header>
<p>${escapeHtml(column.displayName)}: ${escapeHtml(ruleText(column))}; ${column.referenceSize.toLocaleString('en-US')} reference and ${column.currentSize.toLocaleString('en-US')} current values.</p>
<div class="legend"><span><i class="reference"></i>reference</span><span><i class="current"></i>current</span></div>
${renderChart(column)}
</section>`,
    )
    .join('\n');
  const correction =
    dataset.correction === 'none' ? '' : `, ${dataset.correction} correction of p-values`;
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
<p class="meta">Generated ${escapeHtml(report.generatedAt)} by @dagnostics/monitor${escapeHtml(correction)}.</p>
<div class="summary">
<div class="tile">Dataset ${verdict(dataset.drift)}<b>${formatPercent(dataset.share)}</b>of columns drifted (threshold ${formatPercent(dataset.driftShare)})</div>
<div class="tile">Drifted columns<b>${dataset.driftedColumns} / ${dataset.testedColumns}</b></div>
</div>
<label class="filter"><input type="checkbox" onchange="document.body.classList.toggle('only-drift', this.checked)"> show drifted columns only</label>
<table>
<thead><tr><th>Column</th><th>Type</th><th>Test</th><th>Score</th><th>Threshold</th><th>Verdict</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
${sections}
</main>
</body>
</html>
`;
}
