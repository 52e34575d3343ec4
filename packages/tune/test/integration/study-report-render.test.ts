import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { probeInChromium, screenshotInChromium } from '../../../../scripts/test-env/chromium-page';
import { describeWithService } from '../../../../scripts/test-env/services';
import { mixed } from '../../bench/functions';
import { createStudy, renderStudyReportHtml, type Study } from '../../src';

// Appended to a copy of the page: what Chromium laid out, into a <pre> the DOM dump shows.
const probe = `<script>
window.addEventListener('load', () => {
  const sections = [...document.querySelectorAll('section')].map((section) => {
    const svg = section.querySelector('svg.chart');
    const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
    return {
      heading: section.querySelector('h2').textContent,
      width: box.width,
      height: box.height,
      points: section.querySelectorAll('circle.point').length,
      bestLine: section.querySelectorAll('polyline.best').length,
      bars: [...section.querySelectorAll('rect.bar')].map((bar) => bar.getBoundingClientRect().width),
      lines: section.querySelectorAll('polyline.trial').length,
      rows: section.querySelectorAll('tbody tr').length,
    };
  });
  const pre = document.createElement('pre');
  pre.id = 'layout';
  pre.textContent = JSON.stringify(sections);
  document.body.append(pre);
});
</script>`;

describeWithService('chromium', 'the HTML study report in headless Chromium', (chromium) => {
  let folder: string;
  let study: Study;
  let html: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'dagnostics-study-report-'));
    study = await createStudy({ studyName: 'mixed <search>', seed: 7 });
    await study.optimize((trial) => mixed(trial), { nTrials: 40 });
    html = renderStudyReportHtml({
      studyName: 'mixed <search>',
      directions: ['minimize'],
      trials: await study.trials,
    });
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('escapes names and is self-contained', () => {
    expect(html).toContain('<title>Study mixed &lt;search&gt;</title>');
    expect(html).not.toMatch(/<script\b/i);
    expect(html).not.toMatch(/<link\b|\bsrc=|url\(/i);
  });

  it('draws the history, importances, parallel coordinates and best trials', async () => {
    const { layout: sections, page } = await probeInChromium<
      {
        heading: string;
        width: number;
        height: number;
        points: number;
        bestLine: number;
        bars: number[];
        lines: number;
        rows: number;
      }[]
    >(chromium.binary, folder, html, probe);
    expect(sections.map((section) => section.heading)).toEqual([
      'Optimization history',
      'Parameter importances (PED-ANOVA)',
      'Parallel coordinates',
      'Best trials',
    ]);
    const [history, importances, parallel, best] = sections as [
      (typeof sections)[0],
      (typeof sections)[0],
      (typeof sections)[0],
      (typeof sections)[0],
    ];
    const complete = (await study.trials).filter((trial) => trial.state === 'COMPLETE');
    expect(history.points).toBe(complete.length);
    expect(history.bestLine).toBe(1);
    expect(history.width).toBeGreaterThan(300);
    // One bar per parameter that appeared (7 in `mixed`: 4 always, 3 conditional), the
    // longest one spanning most of the plot.
    const names = new Set(complete.flatMap((trial) => Object.keys(trial.params)));
    expect(importances.bars).toHaveLength(names.size);
    expect(Math.max(...importances.bars)).toBeGreaterThan(200);
    expect(parallel.lines).toBe(complete.length);
    expect(best.rows).toBe(10);

    expect(
      await screenshotInChromium(chromium.binary, folder, page, 'study-report', '1000,1600'),
    ).toBeGreaterThan(20_000);
  });
});
