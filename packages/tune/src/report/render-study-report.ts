import { escapeHtml, formatSignificant } from '@dagnostics/core';
import { toInternal } from '../distributions';
import { pedAnovaImportances } from '../importance/ped-anova';
import type { Distribution, FrozenTrial, StudyView } from '../types';

/** Options of {@link renderStudyReportHtml}. */
export interface StudyReportOptions {
  /** Page title; default `Study <name>`. */
  title?: string;
  /** Which objective the charts show, for multi-objective studies. Default 0. */
  objective?: number;
  /** Rows of the best-trials table. Default 10. */
  bestTrials?: number;
}

const chart = { width: 720, height: 260, left: 56, right: 16, top: 14, bottom: 36 };

/**
 * One self-contained HTML page about a study, like Optuna's visualisation module: the
 * optimization history (every COMPLETE value and the best so far), parallel coordinates
 * of the parameters coloured by value, the PED-ANOVA parameter importances (as Optuna 5's
 * default evaluator computes them), and the best trials. Inline SVG and CSS, no script,
 * nothing fetched: open it from disk or attach it to an MLflow run.
 *
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * const html = renderStudyReportHtml({ studyName: study.studyName, directions: study.directions, trials: await study.trials });
 * await writeFile('study.html', html);
 * ```
 */
export function renderStudyReportHtml(study: StudyView, options: StudyReportOptions = {}): string {
  const objective = options.objective ?? 0;
  const direction = study.directions[objective] ?? 'minimize';
  const complete = study.trials.filter(
    (trial) => trial.state === 'COMPLETE' && Number.isFinite(trial.values?.[objective]),
  );
  const objectiveOf = (trial: FrozenTrial) => trial.values?.[objective] as number;
  const counts = countStates(study.trials);
  const title = options.title ?? `Study ${study.studyName}`;
  const better = (a: number, b: number) => (direction === 'minimize' ? a < b : a > b);
  const best = [...complete].sort((a, b) =>
    better(objectiveOf(a), objectiveOf(b))
      ? -1
      : better(objectiveOf(b), objectiveOf(a))
        ? 1
        : a.number - b.number,
  );
  const importances =
    complete.length > 1
      ? pedAnovaImportances(study.trials, study.directions, {
          ...(study.directions.length > 1
            ? {
                target: (trial: FrozenTrial) =>
                  (direction === 'minimize' ? 1 : -1) * objectiveOf(trial),
              }
            : {}),
        })
      : {};
  const sections = [
    section(
      'Optimization history',
      complete.length === 0
        ? '<p class="empty">No COMPLETE trial yet.</p>'
        : renderHistory(complete, objectiveOf, better, direction),
    ),
    section(
      'Parameter importances (PED-ANOVA)',
      Object.keys(importances).length === 0
        ? '<p class="empty">Needs at least two COMPLETE trials.</p>'
        : renderImportances(importances),
    ),
    section(
      'Parallel coordinates',
      complete.length === 0
        ? '<p class="empty">No COMPLETE trial yet.</p>'
        : renderParallelCoordinates(complete, objectiveOf, direction),
    ),
    section('Best trials', renderBestTable(best.slice(0, options.bestTrials ?? 10), objective)),
  ];
  const summary = [
    `${study.trials.length} trials`,
    ...Object.entries(counts).map(([state, count]) => `${count} ${state.toLowerCase()}`),
    `direction: ${study.directions.join(', ')}`,
    ...(best[0] === undefined
      ? []
      : [`best value ${formatSignificant(objectiveOf(best[0]))} (trial ${best[0].number})`]),
  ].join(' · ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${styles}</style>
</head>
<body>
<header><h1>${escapeHtml(title)}</h1><p class="summary">${escapeHtml(summary)}</p></header>
<main>${sections.join('\n')}</main>
</body>
</html>
`;
}

function section(heading: string, body: string): string {
  const id = heading
    .toLowerCase()
    .replace(/[^a-z]+/g, '-')
    .replace(/-$/, '');
  return `<section id="${id}"><h2>${escapeHtml(heading)}</h2>${body}</section>`;
}

function countStates(trials: readonly FrozenTrial[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const trial of trials) counts[trial.state] = (counts[trial.state] ?? 0) + 1;
  return counts;
}

/** A linear scale from [min, max] onto [from, to], padded when the domain is one point. */
function scale(values: readonly number[], from: number, to: number): (value: number) => number {
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (min === max) {
    min -= 0.5;
    max += 0.5;
  }
  return (value) => from + ((value - min) / (max - min)) * (to - from);
}

function ticks(values: readonly number[]): number[] {
  const min = Math.min(...values);
  const max = Math.max(...values);
  if (min === max) return [min];
  return [0, 1, 2, 3, 4].map((step) => min + ((max - min) * step) / 4);
}

function renderHistory(
  complete: readonly FrozenTrial[],
  objectiveOf: (trial: FrozenTrial) => number,
  better: (a: number, b: number) => boolean,
  direction: string,
): string {
  const numbers = complete.map((trial) => trial.number);
  const values = complete.map(objectiveOf);
  const x = scale(numbers, chart.left, chart.width - chart.right);
  const y = scale(values, chart.height - chart.bottom, chart.top);
  const parts: string[] = [];
  for (const tick of ticks(values)) {
    const position = y(tick).toFixed(1);
    parts.push(
      `<line class="grid" x1="${chart.left}" x2="${chart.width - chart.right}" y1="${position}" y2="${position}"/>`,
      `<text class="tick" x="${chart.left - 6}" y="${position}" dy="0.32em" text-anchor="end">${escapeHtml(formatSignificant(tick))}</text>`,
    );
  }
  let best = Number.NaN;
  const bestPoints: string[] = [];
  for (const trial of complete) {
    const value = objectiveOf(trial);
    if (Number.isNaN(best) || better(value, best)) best = value;
    bestPoints.push(`${x(trial.number).toFixed(1)},${y(best).toFixed(1)}`);
    parts.push(
      `<circle class="point" cx="${x(trial.number).toFixed(1)}" cy="${y(value).toFixed(1)}" r="3"><title>trial ${trial.number}: ${escapeHtml(formatSignificant(value))}</title></circle>`,
    );
  }
  parts.push(`<polyline class="best" points="${bestPoints.join(' ')}"/>`);
  const baseline = chart.height - chart.bottom;
  parts.push(
    `<line class="axis" x1="${chart.left}" x2="${chart.width - chart.right}" y1="${baseline}" y2="${baseline}"/>`,
    `<text class="tick" x="${chart.left}" y="${baseline + 16}">trial ${Math.min(...numbers)}</text>`,
    `<text class="tick" x="${chart.width - chart.right}" y="${baseline + 16}" text-anchor="end">trial ${Math.max(...numbers)}</text>`,
  );
  const caption = `Objective value of each complete trial and the best value so far (${direction})`;
  return `${svg(caption, chart.height, parts)}<p class="legend"><span class="swatch point"></span>objective value <span class="swatch best"></span>best so far</p>`;
}

function renderImportances(importances: Record<string, number>): string {
  const entries = Object.entries(importances);
  const rowHeight = 22;
  const height = chart.top + entries.length * rowHeight + 8;
  const labelWidth = 150;
  const barSpace = chart.width - labelWidth - 80;
  const peak = Math.max(...entries.map(([, value]) => value), 1e-12);
  const parts = entries.map(([name, value], index) => {
    const top = chart.top + index * rowHeight;
    const width = (value / peak) * barSpace;
    return `<g class="importance"><title>${escapeHtml(name)}: ${escapeHtml(formatSignificant(value))}</title><text class="label" x="${labelWidth - 8}" y="${top + 11}" dy="0.32em" text-anchor="end">${escapeHtml(name)}</text><rect class="bar" x="${labelWidth}" y="${top + 3}" width="${width.toFixed(1)}" height="${rowHeight - 6}"/><text class="tick" x="${(labelWidth + width + 6).toFixed(1)}" y="${top + 11}" dy="0.32em">${escapeHtml(formatSignificant(value))}</text></g>`;
  });
  return svg('Importance of each parameter for reaching the best 10% of values', height, parts);
}

/** Internal values (log-scaled where the distribution is log) used to place a parameter on its axis. */
function axisValue(distribution: Distribution, value: unknown): number {
  const internal = toInternal(distribution, value as never);
  return distribution.kind !== 'categorical' && distribution.log ? Math.log(internal) : internal;
}

function renderParallelCoordinates(
  complete: readonly FrozenTrial[],
  objectiveOf: (trial: FrozenTrial) => number,
  direction: string,
): string {
  const names = [...new Set(complete.flatMap((trial) => Object.keys(trial.params)))];
  const axes = ['objective', ...names];
  const height = 300;
  const top = chart.top + 14;
  const bottom = height - chart.bottom;
  const left = chart.left;
  const spacing = (chart.width - chart.left - chart.right) / Math.max(1, axes.length - 1);
  const values = complete.map(objectiveOf);
  const valueY = scale(values, bottom, top);
  const colour = scale(values, 0, 1);
  const axisScales = new Map<string, (value: number) => number>();
  const distributionOf = new Map<string, Distribution>();
  for (const name of names) {
    const withParam = complete.filter((trial) => name in trial.params);
    const distribution = withParam[0]?.distributions[name] as Distribution;
    distributionOf.set(name, distribution);
    axisScales.set(
      name,
      scale(
        withParam.map((trial) => axisValue(distribution, trial.params[name])),
        bottom,
        top,
      ),
    );
  }
  const parts: string[] = [];
  axes.forEach((axis, index) => {
    const position = (left + index * spacing).toFixed(1);
    parts.push(
      `<line class="axis" x1="${position}" x2="${position}" y1="${top}" y2="${bottom}"/>`,
      `<text class="label" x="${position}" y="${top - 8}" text-anchor="middle">${escapeHtml(axis)}</text>`,
    );
  });
  // Worse trials first so that the best are drawn on top.
  const order = complete
    .map((trial, index) => ({ trial, value: values[index] as number }))
    .sort((a, b) => (direction === 'minimize' ? b.value - a.value : a.value - b.value));
  for (const { trial, value } of order) {
    const points: string[] = [`${left.toFixed(1)},${valueY(value).toFixed(1)}`];
    names.forEach((name, index) => {
      if (!(name in trial.params)) return;
      const distribution = trial.distributions[name] ?? distributionOf.get(name);
      if (distribution === undefined) return;
      const y = (axisScales.get(name) as (value: number) => number)(
        axisValue(distribution, trial.params[name]),
      );
      points.push(`${(left + (index + 1) * spacing).toFixed(1)},${y.toFixed(1)}`);
    });
    // Good values are dark, bad ones light.
    const shade = direction === 'minimize' ? colour(value) : 1 - colour(value);
    const lightness = (25 + 55 * shade).toFixed(0);
    parts.push(
      `<polyline class="trial" style="stroke:hsl(212 70% ${lightness}%)" points="${points.join(' ')}"><title>trial ${trial.number}: ${escapeHtml(formatSignificant(value))}</title></polyline>`,
    );
  }
  return `${svg('Parameters of each complete trial, coloured by objective value (darker is better)', height, parts)}<p class="legend">Log-scaled parameters are drawn on a log axis; categorical ones by choice index. Darker lines are better trials.</p>`;
}

function renderBestTable(best: readonly FrozenTrial[], objective: number): string {
  if (best.length === 0) return '<p class="empty">No COMPLETE trial yet.</p>';
  const names = [...new Set(best.flatMap((trial) => Object.keys(trial.params)))];
  const header = ['trial', 'value', ...names]
    .map((name) => `<th scope="col">${escapeHtml(name)}</th>`)
    .join('');
  const rows = best.map((trial) => {
    const cells = [
      String(trial.number),
      formatSignificant(trial.values?.[objective] as number),
      ...names.map((name) => {
        const value = trial.params[name];
        if (value === undefined) return '—';
        return typeof value === 'number' ? formatSignificant(value) : JSON.stringify(value);
      }),
    ];
    return `<tr>${cells.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`;
  });
  return `<table class="best-trials"><thead><tr>${header}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function svg(caption: string, height: number, parts: readonly string[]): string {
  return `<svg class="chart" role="img" aria-label="${escapeHtml(caption)}" viewBox="0 0 ${chart.width} ${height}" width="${chart.width}" height="${height}">${parts.join('')}</svg>`;
}

const styles = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2433;background:#f6f7f9}
header{padding:20px 28px;background:#fff;border-bottom:1px solid #dde1e7}
h1{font-size:20px;margin:0 0 4px}
.summary{margin:0;color:#4b5567}
main{padding:12px 28px 40px;max-width:900px}
section{background:#fff;border:1px solid #dde1e7;border-radius:6px;padding:14px 18px;margin:16px 0}
h2{font-size:16px;margin:0 0 10px}
.chart{max-width:100%;height:auto;display:block}
.grid{stroke:#e6e9ee}
.axis{stroke:#8a93a3}
.tick,.label{font-size:11px;fill:#4b5567}
.point{fill:#2f6fd0;fill-opacity:.55}
.best{fill:none;stroke:#d9480f;stroke-width:2}
.bar{fill:#2f6fd0}
.trial{fill:none;stroke-width:1.2;stroke-opacity:.75}
.legend{font-size:12px;color:#4b5567;margin:6px 0 0}
.swatch{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px;vertical-align:middle}
.swatch.point{background:#2f6fd0;border-radius:50%}
.swatch.best{background:#d9480f}
.empty{color:#4b5567;font-style:italic}
table{border-collapse:collapse;font-size:13px}
th,td{border-bottom:1px solid #e6e9ee;padding:4px 10px;text-align:right}
th:first-child,td:first-child{text-align:left}
`;
