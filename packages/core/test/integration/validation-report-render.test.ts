/**
 * The HTML validation report as Chromium lays it out: exactly the failing checks are marked
 * failing, each with its failure cases and, for columns, a visible bar. Skipped without
 * Chromium in the test environment.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { probeInChromium, screenshotInChromium } from '../../../../scripts/test-env/chromium-page';
import { describeWithService } from '../../../../scripts/test-env/services';
import { tableFromColumns } from '../../src/arrow';
import {
  defineSuite,
  expectColumnMeanToBeBetween,
  expectColumnValuesToBeBetween,
  expectColumnValuesToBeInSet,
  expectColumnValuesToBeUnique,
  expectColumnValuesToMatchRegex,
  expectColumnValuesToNotBeNull,
  expectTableColumnsToExist,
  expectTableRowCountToBeBetween,
  validate,
} from '../../src/validate';
import {
  createValidationReport,
  renderValidationReportHtml,
  type ValidationReport,
} from '../../src/validate/report';

/** Forty Airflow task instances, with a few bad rows planted. */
function sampleTable() {
  const size = 40;
  const states = ['success', 'failed', 'up_for_retry', 'skipped'];
  const taskId = Array.from({ length: size }, (_, index) => `task_${index}`);
  taskId[17] = 'task_3'; // a duplicate
  const tryNumber = Float64Array.from({ length: size }, (_, index) => 1 + (index % 3));
  tryNumber[5] = 0;
  tryNumber[29] = 99;
  const state: (string | null)[] = Array.from(
    { length: size },
    (_, index) => states[index % states.length] ?? null,
  );
  state[11] = '<b>zombie</b>';
  const operator = Array.from({ length: size }, (_, index) =>
    index % 2 === 0 ? 'BashOperator' : 'PythonOperator',
  );
  const durationS = Float64Array.from({ length: size }, (_, index) => 10 + index);
  return tableFromColumns({
    task_id: taskId,
    try_number: tryNumber,
    state,
    operator,
    duration_s: durationS,
  });
}

const suite = defineSuite(
  [
    expectColumnValuesToNotBeNull('task_id'), // 0 passes
    expectColumnValuesToBeUnique('task_id'), // 1 fails: rows 3 and 17
    expectColumnValuesToBeBetween('try_number', { min: 1, max: 10 }), // 2 fails: rows 5, 29
    expectColumnValuesToBeInSet('state', ['success', 'failed', 'up_for_retry', 'skipped']), // 3 fails: row 11
    expectColumnValuesToMatchRegex('operator', '^[A-Z][A-Za-z]+Operator$'), // 4 passes
    expectColumnMeanToBeBetween('duration_s', { min: 0, max: 20 }), // 5 fails: mean 29.5
    expectTableRowCountToBeBetween({ min: 10, max: 1000 }), // 6 passes
    expectTableColumnsToExist(['task_id', 'dag_id']), // 7 fails: dag_id missing
  ],
  { name: 'airflow.task_instances' },
);

const expectedFailing = [1, 2, 3, 5, 7];

// Appended to a copy of the page: reads what Chromium laid out into a <pre> the DOM dump shows.
const probe = `<script>
window.addEventListener('load', () => {
  const rows = [...document.querySelectorAll('table.checks tbody tr')].map((row) => ({
    checkIndex: Number(row.dataset.checkIndex),
    verdict: row.querySelector('.badge').textContent,
    badgeColor: getComputedStyle(row.querySelector('.badge')).color,
  }));
  const sections = [...document.querySelectorAll('section.check')].map((section) => {
    const bar = section.querySelector('svg.percent-bar rect.unexpected');
    return {
      checkIndex: Number(section.dataset.checkIndex),
      heading: section.querySelector('h2').textContent,
      cases: [...section.querySelectorAll('table.failure-cases tbody tr')].map((row) =>
        [...row.cells].map((cell) => cell.textContent),
      ),
      barWidth: bar ? bar.getBoundingClientRect().width : null,
      trackWidth: bar ? section.querySelector('svg.percent-bar').getBoundingClientRect().width : null,
      barFill: bar ? getComputedStyle(bar).fill : null,
    };
  });
  const toggle = document.getElementById('only-failing');
  toggle.checked = true;
  toggle.dispatchEvent(new Event('change'));
  const shownWhenFiltered = [...document.querySelectorAll('table.checks tbody tr')]
    .filter((row) => row.getBoundingClientRect().height > 0)
    .map((row) => Number(row.dataset.checkIndex));
  toggle.checked = false;
  toggle.dispatchEvent(new Event('change'));
  const tiles = [...document.querySelectorAll('.tile b')].map((tile) => tile.textContent);
  const pre = document.createElement('pre');
  pre.id = 'layout';
  pre.textContent = JSON.stringify({ rows, sections, shownWhenFiltered, tiles, title: document.title });
  document.body.append(pre);
});
</script>`;

interface Layout {
  rows: { checkIndex: number; verdict: string; badgeColor: string }[];
  sections: {
    checkIndex: number;
    heading: string;
    cases: string[][];
    barWidth: number | null;
    trackWidth: number | null;
    barFill: string | null;
  }[];
  shownWhenFiltered: number[];
  tiles: string[];
  title: string;
}

describeWithService('chromium', 'the HTML validation report in headless Chromium', (chromium) => {
  let folder: string;
  let report: ValidationReport;
  let html: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'dagnostics-validation-report-'));
    report = createValidationReport(validate(sampleTable(), suite), {
      title: 'Airflow task instances: <nightly>',
      now: () => new Date('2026-11-27T00:00:00Z'),
    });
    html = renderValidationReportHtml(report);
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('fails exactly the checks with planted bad rows', () => {
    expect(
      report.checks.filter((check) => !check.success).map((check) => check.checkIndex),
    ).toEqual(expectedFailing);
    expect(report.statistics).toMatchObject({
      evaluatedExpectations: 8,
      successfulExpectations: 3,
      unsuccessfulExpectations: 5,
      successPercent: 37.5,
    });
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('shows exactly the failing checks as failing, with their failure cases', async () => {
    const { layout, page } = await probeInChromium<Layout>(chromium.binary, folder, html, probe);

    expect(layout.title).toBe('Airflow task instances: <nightly>');
    expect(layout.tiles).toEqual(['37.5%', '3 / 8', '5']);
    expect(layout.rows.map((row) => row.checkIndex)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const failingRows = layout.rows.filter((row) => row.verdict === 'failed');
    expect(failingRows.map((row) => row.checkIndex)).toEqual(expectedFailing);
    expect(
      layout.rows.filter((row) => row.verdict === 'passed').map((row) => row.checkIndex),
    ).toEqual([0, 4, 6]);
    for (const row of failingRows) expect(row.badgeColor).toBe('rgb(164, 14, 38)');
    expect(layout.shownWhenFiltered).toEqual(expectedFailing);

    expect(layout.sections.map((section) => section.checkIndex)).toEqual(expectedFailing);
    const section = (checkIndex: number) =>
      layout.sections.find((candidate) => candidate.checkIndex === checkIndex);
    expect(section(1)?.cases).toEqual([
      ['3', 'task_id', 'task_3'],
      ['17', 'task_id', 'task_3'],
    ]);
    expect(section(2)?.cases).toEqual([
      ['5', 'try_number', '0'],
      ['29', 'try_number', '99'],
    ]);
    expect(section(3)?.cases).toEqual([['11', 'state', '<b>zombie</b>']]);
    expect(section(5)?.cases).toEqual([['—', 'duration_s', '29.5']]);
    expect(section(7)?.cases).toEqual([['—', 'dag_id', 'missing']]);
    expect(section(3)?.heading).toBe('#3 expect_column_values_to_be_in_set on state');

    // Row-level column checks draw a bar as long as their unexpected share.
    for (const checkIndex of [1, 2, 3]) {
      const { barWidth, trackWidth, barFill } = section(checkIndex) ?? {};
      const percent = report.checks[checkIndex]?.unexpectedPercent ?? 0;
      expect(barWidth).toBeGreaterThan(0);
      expect((barWidth ?? 0) / (trackWidth ?? 1)).toBeCloseTo(percent / 100, 2);
      expect(barFill).toBe('rgb(207, 34, 46)');
    }
    expect(section(5)?.barWidth).toBeNull();
    expect(section(7)?.barWidth).toBeNull();

    // A screenshot for people to look at (kept with the test results).
    expect(
      await screenshotInChromium(chromium.binary, folder, page, 'validation-report', '1100,1400'),
    ).toBeGreaterThan(20_000);
  });
});
