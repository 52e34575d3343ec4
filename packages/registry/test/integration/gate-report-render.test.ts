import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { probeInChromium, screenshotInChromium } from '../../../../scripts/test-env/chromium-page';
import { describeWithService } from '../../../../scripts/test-env/services';
import {
  bootstrapDifference,
  defineGates,
  evaluateGates,
  latencyBudget,
  mcnemar,
  metricThreshold,
  renderGateReportHtml,
} from '../../src/gates';

// Appended to a copy of the page: what Chromium laid out, into a <pre> the DOM dump shows.
const probe = `<script>
window.addEventListener('load', () => {
  const gates = [...document.querySelectorAll('section.gate')].map((section) => ({
    heading: section.querySelector('h2').textContent,
    status: section.querySelector('.status').textContent,
    bars: [...section.querySelectorAll('svg.check-bar')].map((svg) => {
      const box = svg.getBoundingClientRect();
      const bar = svg.querySelector('rect.bar');
      const rule = svg.querySelector('line.threshold').getBoundingClientRect();
      const interval = svg.querySelector('line.interval');
      return {
        width: box.width,
        barWidth: bar ? bar.getBoundingClientRect().width : 0,
        barRight: bar ? bar.getBoundingClientRect().right - box.left : 0,
        ruleX: rule.left - box.left,
        fill: bar ? getComputedStyle(bar).fill : '',
        interval: interval ? interval.getBoundingClientRect().width : null,
      };
    }),
  }));
  const pre = document.createElement('pre');
  pre.id = 'layout';
  pre.textContent = JSON.stringify(gates);
  document.body.append(pre);
});
</script>`;

interface Layout {
  heading: string;
  status: string;
  bars: {
    width: number;
    barWidth: number;
    barRight: number;
    ruleX: number;
    fill: string;
    interval: number | null;
  }[];
}

describeWithService('chromium', 'the HTML gate report in headless Chromium', (chromium) => {
  let folder: string;
  let html: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'dagnostics-gate-report-'));
    const labels = Array.from({ length: 200 }, (_, row) => row % 2);
    const champion = labels.map((label, row) => (row % 5 === 0 ? 1 - label : label));
    const challenger = labels.map((label, row) => (row % 10 === 0 ? 1 - label : label));
    const suite = defineGates([
      metricThreshold({ metric: 'accuracy', min: 0.95 }),
      mcnemar({ require: 'better' }),
      bootstrapDifference({ metric: 'accuracy', seed: 11, iterations: 500 }),
      latencyBudget({ p50Ms: 30, p99Ms: 40 }),
    ]);
    const report = evaluateGates(suite, {
      metrics: { accuracy: 0.9 },
      labels,
      champion: { predictions: champion },
      challenger: { predictions: challenger },
      latenciesMs: Array.from({ length: 100 }, (_, index) => 5 + index * 0.4),
    });
    html = renderGateReportHtml(report, { title: 'Challenger <v7> vs champion' });
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('lays out one section per gate with a bar per check against its threshold', async () => {
    const { layout: gates, page } = await probeInChromium<Layout[]>(
      chromium.binary,
      folder,
      html,
      probe,
    );
    expect(gates.map((gate) => [gate.heading.replace(/\s+\S+$/, ''), gate.status])).toEqual([
      ['metric accuracy', 'fail'],
      ['McNemar (better)', 'pass'],
      ['bootstrap accuracy', 'pass'],
      ['latency budget', 'fail'],
    ]);
    const [metric, test, bootstrap, latency] = gates as [Layout, Layout, Layout, Layout];
    for (const bar of gates.flatMap((gate) => gate.bars)) expect(bar.width).toBeGreaterThan(300);
    // accuracy 0.9 against min 0.95: a red bar that stops left of the threshold rule.
    expect(metric.bars[0]?.fill).toBe('rgb(229, 83, 75)');
    expect(metric.bars[0]?.barRight).toBeLessThan(metric.bars[0]?.ruleX as number);
    // Two McNemar checks (direction, p-value), both green.
    expect(test.bars.map((bar) => bar.fill)).toEqual(['rgb(45, 164, 78)', 'rgb(45, 164, 78)']);
    // The bootstrap interval is drawn as a whisker of visible width.
    expect(bootstrap.bars[0]?.interval).toBeGreaterThan(5);
    // p50 passes, p99 fails.
    expect(latency.bars.map((bar) => bar.fill)).toEqual(['rgb(45, 164, 78)', 'rgb(229, 83, 75)']);

    expect(
      await screenshotInChromium(chromium.binary, folder, page, 'gate-report', '1000,1400'),
    ).toBeGreaterThan(10_000);
  });
});
