import { escapeHtml, formatSignificant } from '@dagnostics/core';
import type { GateCheck } from './types';

const width = 420;
const height = 34;
const plotLeft = 8;
const plotRight = width - 8;
const barTop = 10;
const barHeight = 14;

interface Scale {
  position(value: number): number;
}

function linearScale(values: number[]): Scale {
  const smallest = Math.min(0, ...values);
  const largest = Math.max(0, ...values);
  const pad = (largest - smallest || 1) * 0.08;
  const low = smallest < 0 ? smallest - pad : 0;
  const high = largest > 0 ? largest + pad : smallest < 0 ? 0 : 1;
  return {
    position: (value) => plotLeft + ((value - low) / (high - low)) * (plotRight - plotLeft),
  };
}

/** log10 from a decade under the smallest positive value up to 1, for p-values. */
function logScale(values: number[]): Scale {
  const positive = values.filter((value) => value > 0);
  const low = Math.floor(Math.log10(Math.min(...positive, 0.01))) - 1;
  const high = Math.max(0, Math.ceil(Math.log10(Math.max(...positive, 1))));
  return {
    position: (value) => {
      const logValue = value > 0 ? Math.log10(value) : low;
      return plotLeft + ((Math.max(logValue, low) - low) / (high - low)) * (plotRight - plotLeft);
    },
  };
}

function coordinate(value: number): string {
  return value.toFixed(1);
}

/**
 * One check as an inline SVG bar: the observed value as a bar from the axis origin (from
 * the left edge on a log scale), the threshold as a vertical rule, a bootstrap interval as a
 * whisker; green when the check passed, red when it failed.
 */
export function renderCheckBar(item: GateCheck): string {
  const title = `${item.label}: ${item.observed === null ? 'n/a' : formatSignificant(item.observed)} ${item.comparator} ${formatSignificant(item.threshold)}`;
  const values = [
    item.threshold,
    ...(item.observed === null ? [] : [item.observed]),
    ...(item.interval ?? []),
  ];
  const scale = item.scale === 'log' ? logScale(values) : linearScale(values);
  const origin = item.scale === 'log' ? plotLeft : scale.position(0);
  const parts: string[] = [];
  if (item.observed !== null) {
    const end = scale.position(item.observed);
    parts.push(
      `<rect class="bar ${item.passed ? 'passed' : 'failed'}" x="${coordinate(Math.min(origin, end))}" y="${barTop}" width="${coordinate(Math.max(Math.abs(end - origin), 1))}" height="${barHeight}"/>`,
    );
  }
  if (item.interval !== undefined) {
    const [low, high] = item.interval.map((value) => scale.position(value)) as [number, number];
    const middle = barTop + barHeight / 2;
    parts.push(
      `<line class="interval" x1="${coordinate(low)}" x2="${coordinate(high)}" y1="${middle}" y2="${middle}"/>`,
    );
  }
  const rule = scale.position(item.threshold);
  parts.push(
    `<line class="threshold" x1="${coordinate(rule)}" x2="${coordinate(rule)}" y1="4" y2="${height - 4}"/>`,
  );
  return `<svg class="check-bar" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title>${parts.join('')}</svg>`;
}
