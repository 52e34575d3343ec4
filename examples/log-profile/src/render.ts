import type { LogProfile } from './profile';

const barWidth = 36;

function bar(value: number, max: number): string {
  const cells = max === 0 ? 0 : (value / max) * barWidth;
  const full = Math.floor(cells);
  const partial = ' ▏▎▍▌▋▊▉'[Math.round((cells - full) * 8)] ?? '';
  return '█'.repeat(full) + (full < barWidth ? partial.trim() : '');
}

function integer(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

/** The profile as the text the demo prints. */
export function renderProfile(profile: LogProfile, source: string, loadMs: number): string {
  const lines: string[] = [];
  const heading = (title: string) => lines.push('', title, '─'.repeat(title.length));

  lines.push(
    `DAGnostics · profile of ${profile.rows} Airflow task-failure logs`,
    `source: ${source}`,
    `loaded into Apache Arrow in ${loadMs.toFixed(0)} ms: ${profile.rows} rows × ${profile.columns.length} columns`,
  );

  heading('Failure categories (label = root cause)');
  const maxCount = Math.max(...profile.categories.map((item) => item.count));
  for (const item of profile.categories) {
    lines.push(
      `  ${item.category.padEnd(20)} ${String(item.count).padStart(5)}  ${percent(item.share).padStart(6)}  ` +
        `median ${integer(item.medianDurationS).padStart(5)} s  ${bar(item.count, maxCount)}`,
    );
  }

  heading('Log length (characters)');
  lines.push(
    `  ${profile.logLength.quantiles.map((item) => `${quantileLabel(item.q)} ${integer(item.characters)}`).join('   ')}`,
    `  mean ${integer(profile.logLength.mean)} ± ${integer(profile.logLength.std)} (std)`,
  );

  heading("Histogram of log length (log scale, numpy 'sturges' bins)");
  const maxBin = Math.max(...profile.logLength.histogram.map((item) => item.count));
  for (const item of profile.logLength.histogram) {
    const range = `${integer(item.fromCharacters).padStart(7)} – ${integer(item.toCharacters).padEnd(7)}`;
    lines.push(`  ${range} ${String(item.count).padStart(5)}  ${bar(item.count, maxBin)}`);
  }

  heading('Operators most often failing');
  for (const item of profile.operators.slice(0, 8)) {
    lines.push(`  ${item.operator.padEnd(28)} ${String(item.count).padStart(5)}`);
  }

  heading('Retries');
  lines.push(
    `  ${percent(profile.retries.onRetry / profile.rows)} of failures happened on a retry; ` +
      `${percent(profile.retries.final / profile.rows)} were the last allowed attempt (task FAILED).`,
  );
  return lines.join('\n');
}

function quantileLabel(q: number): string {
  if (q === 0) return 'min';
  if (q === 1) return 'max';
  if (q === 0.5) return 'median';
  return `p${String(Math.round(q * 100)).padStart(2, '0')}`;
}
