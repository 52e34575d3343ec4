import { describe, expect, it } from 'vitest';
import { tableFromColumns } from '../../arrow';
import {
  defineSuite,
  expectColumnValuesToBeInSet,
  expectColumnValuesToMatchRegex,
  expectTableRowCountToBeBetween,
  validate,
} from '..';
import { createValidationReport, renderValidationReportHtml } from '.';

const now = () => new Date('2026-11-27T00:00:00Z');

function render() {
  const table = tableFromColumns({
    '<b>name</b>': ['ok', '<script>alert(1)</script>', 'a & "b"', "it's"],
  });
  const suite = defineSuite(
    [
      expectColumnValuesToMatchRegex('<b>name</b>', '^[a-z]+$'),
      expectTableRowCountToBeBetween({ min: 1 }),
      expectColumnValuesToBeInSet('<b>name</b>', ['ok', '<script>alert(1)</script>']),
    ],
    { name: 'suite <x>' },
  );
  const report = createValidationReport(validate(table, suite), { title: 'T & <U>', now });
  return { report, html: renderValidationReportHtml(report) };
}

describe('renderValidationReportHtml', () => {
  it('escapes every text from the data', () => {
    const { html } = render();
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>name</b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;name&lt;/b&gt;');
    expect(html).toContain('a &amp; &quot;b&quot;');
    expect(html).toContain('it&#39;s');
    expect(html).toContain('<title>T &amp; &lt;U&gt;</title>');
    expect(html).toContain('suite &lt;x&gt;');
  });

  it('is self-contained: no external scripts, styles, images or fonts', () => {
    const { html } = render();
    expect(html).not.toMatch(/<script\b/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/\bsrc=/i);
    expect(html).not.toMatch(/url\(/i);
  });

  it('shows counts in the tiles, a row per check and a section per failing check', () => {
    const { report, html } = render();
    expect(report.statistics).toMatchObject({
      evaluatedExpectations: 3,
      successfulExpectations: 1,
      unsuccessfulExpectations: 2,
    });
    expect(html).toMatch(/Checks passed<b>1 \/ 3<\/b>/);
    expect(html).toMatch(/Checks failed<b>2<\/b>/);
    expect(html).toMatch(/<b>33\.3%<\/b>of checks passed/);
    expect(html.match(/<tr data-check-index=/g)).toHaveLength(3);
    expect(html.match(/data-success="false"/g)).toHaveLength(2);
    expect(html.match(/<section class="check"/g)).toHaveLength(2);
    expect(html).toContain('id="check-0"');
    expect(html).not.toContain('id="check-1"');
    expect(html).toContain('id="check-2"');
    expect(html.match(/<svg class="percent-bar"/g)).toHaveLength(2);
    // check 0: three of four values fail the regex.
    expect(html).toContain('width="240.0"');
  });
});
