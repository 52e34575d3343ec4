import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '@dagnostics/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { probeInChromium, screenshotInChromium } from '../../../../scripts/test-env/chromium-page';
import { describeWithService } from '../../../../scripts/test-env/services';
import { createDriftReport, type DriftReport, renderDriftReportHtml } from '../../src';

/** A reference and a current table: two numeric and two categorical columns, two of them shifted. */
function sampleTables() {
  const rng = createRng(48);
  const size = 800;
  const operators = [
    'BashOperator',
    'PythonOperator',
    'KubernetesPodOperator',
    'SparkSubmitOperator',
  ];
  const reference = {
    duration_s: Float64Array.from({ length: size }, () => Math.exp(rng.normal(3, 0.6))),
    retries: Float64Array.from({ length: size }, () => rng.int(0, 3)),
    operator: Array.from({ length: size }, () => operators[rng.int(0, 3)] ?? null),
    queue: Array.from({ length: size }, () => (rng.float() < 0.7 ? 'default' : 'gpu')),
  };
  const current = {
    // Longer tasks and more Kubernetes pods: these two drift.
    duration_s: Float64Array.from({ length: size }, () => Math.exp(rng.normal(3.4, 0.6))),
    retries: Float64Array.from({ length: size }, () => rng.int(0, 3)),
    operator: Array.from({ length: size }, () =>
      rng.float() < 0.4 ? 'KubernetesPodOperator' : (operators[rng.int(0, 3)] ?? null),
    ),
    queue: Array.from({ length: size }, () => (rng.float() < 0.7 ? 'default' : 'gpu')),
  };
  return { reference, current };
}

// Appended to a copy of the page: measures what Chromium laid out, into a <pre> the DOM dump shows.
const probe = `<script>
window.addEventListener('load', () => {
  const charts = [...document.querySelectorAll('svg.chart')].map((svg) => {
    const box = svg.getBoundingClientRect();
    const bars = [...svg.querySelectorAll('rect.bar')];
    return {
      column: svg.closest('section').querySelector('h2').textContent,
      width: box.width,
      height: box.height,
      bars: bars.length,
      visibleBars: bars.filter((bar) => bar.getBoundingClientRect().height > 0.5).length,
      referenceFill: bars.length ? getComputedStyle(svg.querySelector('rect.reference')).fill : null,
      currentFill: bars.length ? getComputedStyle(svg.querySelector('rect.current')).fill : null,
    };
  });
  const pre = document.createElement('pre');
  pre.id = 'layout';
  pre.textContent = JSON.stringify({ charts, rows: document.querySelectorAll('tbody tr').length });
  document.body.append(pre);
});
</script>`;

describeWithService('chromium', 'the HTML drift report in headless Chromium', (chromium) => {
  let folder: string;
  let report: DriftReport;
  let html: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'dagnostics-report-'));
    const { reference, current } = sampleTables();
    report = createDriftReport(reference, current, {
      title: 'Airflow task failures: <week 48>',
      now: () => new Date('2026-11-27T00:00:00Z'),
    });
    html = renderDriftReportHtml(report);
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('finds the two shifted columns and no others', () => {
    const drifted = report.columns.filter((column) => column.drift).map((column) => column.column);
    expect(drifted.sort()).toEqual(['duration_s', 'operator']);
    expect(report.dataset).toMatchObject({
      driftedColumns: 2,
      testedColumns: 4,
      share: 0.5,
      drift: true,
    });
    // JSON round trip: the report is plain data.
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(html).toContain('Airflow task failures: &lt;week 48&gt;');
  });

  it('renders every column with a chart of reference and current bars', async () => {
    const { layout, page } = await probeInChromium<{
      rows: number;
      charts: {
        column: string;
        width: number;
        height: number;
        bars: number;
        visibleBars: number;
        referenceFill: string;
        currentFill: string;
      }[];
    }>(chromium.binary, folder, html, probe);
    expect(layout.rows).toBe(4);
    expect(layout.charts.map((chart) => chart.column)).toEqual(
      report.columns.map((column) => column.column),
    );
    for (const chart of layout.charts) {
      expect(chart.width).toBeGreaterThan(300);
      expect(chart.height).toBeGreaterThan(100);
      const column = report.columns.find((candidate) => candidate.column === chart.column);
      expect(chart.bars).toBe(2 * (column?.distribution.reference.length ?? 0));
      expect(chart.visibleBars).toBeGreaterThan(1);
      expect(chart.referenceFill).toBe('rgb(76, 120, 168)');
      expect(chart.currentFill).toBe('rgb(245, 133, 24)');
    }

    // A screenshot for people to look at (kept with the test results).
    expect(
      await screenshotInChromium(chromium.binary, folder, page, 'drift-report', '1000,1400'),
    ).toBeGreaterThan(20_000);
  });
});
