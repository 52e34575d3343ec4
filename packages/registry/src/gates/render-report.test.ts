import { describe, expect, it } from 'vitest';
import { defineGates, latencyBudget, mcnemar, metricThreshold, sizeBudget } from './define-gates';
import { evaluateGates } from './evaluate-gates';
import { renderGateReportHtml } from './render-html';
import { gateReportToMarkdown } from './render-markdown';

const suite = defineGates([
  metricThreshold({ metric: 'accuracy | top-1', min: 0.9, name: '<script>alert(1)</script>' }),
  mcnemar({
    champion: Array.from({ length: 100 }, (_, row) => row < 90),
    challenger: Array.from({ length: 100 }, (_, row) => row < 70),
  }),
  latencyBudget({ p50Ms: 10, p95Ms: 20 }),
  sizeBudget({ maxBytes: 100 }),
]);
const report = evaluateGates(suite, {
  metrics: { 'accuracy | top-1': 0.93 },
  latenciesMs: [5, 8, 30],
});

describe('gateReportToMarkdown', () => {
  it('gives the verdict, a row per check and the statistics, with pipes escaped', () => {
    const markdown = gateReportToMarkdown(report);
    expect(markdown.startsWith('## Quality gates: ERROR\n\n1 passed, 2 failed, 1 in error.')).toBe(
      true,
    );
    expect(markdown).toContain(
      '| <script>alert(1)</script> | accuracy \\| top-1 | 0.93 | >= 0.9 | ✅ pass |',
    );
    expect(markdown).toContain('| McNemar (not-worse) | p-value | 1.907e-6 | >= 0.05 | ❌ fail |');
    expect(markdown).toContain('| latency budget | p50 latency (ms) | 8 | <= 10 | ✅ pass |');
    expect(markdown).toContain('| latency budget | p95 latency (ms) | 27.8 | <= 20 | ❌ fail |');
    expect(markdown).toContain('| size budget | n/a | n/a | n/a | ⚠️ error |');
    expect(markdown).toContain('### McNemar (not-worse) (mcnemar): ❌ fail');
    expect(markdown).toContain('- Failed: p-value 1.90735e-6 >= 0.05.');
    expect(markdown).toContain('`b` = 20, `c` = 0');
    expect(markdown).toContain('- No model size: pass inputs.sizeBytes.');
    // One table row per check: 1 + 1 + 2, plus the row of the gate in error.
    expect(markdown.split('\n').filter((line) => /^\| (?!Gate |---)/.test(line))).toHaveLength(5);
  });
});

describe('renderGateReportHtml', () => {
  const html = renderGateReportHtml(report, { title: 'Gates for "fraud" <v2>' });

  it('escapes every name and is self-contained', () => {
    expect(html).toContain('<title>Gates for &quot;fraud&quot; &lt;v2&gt;</title>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<script\b/i);
    expect(html).not.toMatch(/<link\b|\bsrc=|url\(/i);
  });

  it('draws one SVG bar per check, coloured by outcome', () => {
    expect(html.match(/<svg class="check-bar"/g)).toHaveLength(4);
    expect(html.match(/<rect class="bar passed"/g)).toHaveLength(2);
    expect(html.match(/<rect class="bar failed"/g)).toHaveLength(2);
    expect(html.match(/<line class="threshold"/g)).toHaveLength(4);
    expect(html).toContain('<section class="gate error">');
  });
});
