import { InvalidArgumentError } from '@dagnostics/core';
import type { MlflowTransport } from '@dagnostics/tracking';
import { describe, expect, it } from 'vitest';
import { createInMemoryRegistry } from '../governance/in-memory-registry.test-support';
import { attachModelCard } from './attach-model-card';
import type { ModelCard } from './model-card';
import { fullModelCard, tinyPngBase64 } from './model-card.test-support';
import { parseModelCard } from './parse-model-card';
import { renderModelCardHtml } from './render-model-card-html';
import { escapeMarkdown, renderModelCardMarkdown } from './render-model-card-markdown';

function problem(value: unknown): string {
  try {
    parseModelCard(value);
  } catch (error) {
    if (InvalidArgumentError.isInstance(error)) return error.message;
    throw error;
  }
  throw new Error('the card was accepted');
}

describe('parseModelCard', () => {
  it('accepts a card with every field, and an empty card', () => {
    expect(parseModelCard(fullModelCard())).toEqual(fullModelCard());
    expect(parseModelCard({})).toEqual({});
  });

  it('rejects cards that do not follow the schema, naming the path', () => {
    expect(problem({ model_detail: {} })).toMatch(/model_detail/);
    expect(problem({ model_details: { name: 3 } })).toMatch(/model_details\.name/);
    expect(problem({ model_details: { version: { date: '15/01/2026' } } })).toMatch(
      /model_details\.version\.date/,
    );
    expect(problem({ model_details: { references: [{ reference: 'not a uri' }] } })).toMatch(
      /model_details\.references\.0\.reference/,
    );
    expect(problem({ model_details: { licenses: [{}] } })).toMatch(/model_details\.licenses\.0/);
    expect(
      problem({ model_details: { licenses: [{ identifier: 'MIT', custom_text: 'x' }] } }),
    ).toMatch(/licenses/);
    expect(problem({ quantitative_analysis: { performance_metrics: [{ value: '0.9' }] } })).toMatch(
      /performance_metrics\.0\.value/,
    );
    expect(
      problem({ quantitative_analysis: { performance_metrics: [{ value: Number.NaN }] } }),
    ).toMatch(/value/);
    expect(
      problem({ quantitative_analysis: { graphics: { collection: [{ image: 'not base64!' }] } } }),
    ).toMatch(/collection\.0\.image/);
    expect(problem({ considerations: { users: ['engineers'] } })).toMatch(
      /considerations\.users\.0/,
    );
    expect(problem(null)).toMatch(/\(card\)/);
  });
});

describe('renderModelCardMarkdown', () => {
  it('renders every section in order with tables and inline graphics', () => {
    const markdown = renderModelCardMarkdown(fullModelCard());
    expect(markdown.startsWith('# Model card: airflow-failure-classifier \\(v3\\)\n')).toBe(true);
    const headings = markdown.split('\n').filter((line) => line.startsWith('## '));
    expect(headings).toEqual([
      '## Model details',
      '## Model parameters',
      '## Quantitative analysis',
      '## Considerations',
    ]);
    expect(markdown).toContain('| accuracy | 0.93 | all | \\[0.92, 0.94\\] |');
    expect(markdown).toContain('| f1 \\| macro | 0.88 |  |  |');
    expect(markdown).toContain(`![roc](data:image/png;base64,${tinyPngBase64})`);
    expect(markdown).toContain('- [https://example.com/design](<https://example.com/design>)');
    expect(markdown).toContain('- **Blame:** Mitigation: Labels describe causes, not people');
    expect(markdown).toContain('- **Sensitive:** hostnames');
  });

  it('escapes text so it carries no HTML and no Markdown', () => {
    const markdown = renderModelCardMarkdown(fullModelCard());
    expect(markdown).toContain('&lt;b&gt;by cause&lt;/b&gt; &amp; "severity"');
    expect(markdown).not.toContain('<b>');
    expect(escapeMarkdown('*bold* _it_ [x](javascript:alert(1)) `code` # h')).toBe(
      '\\*bold\\* \\_it\\_ \\[x\\]\\(javascript:alert\\(1\\)\\) \\`code\\` \\# h',
    );
    expect(escapeMarkdown('- item\n1. one\n0.93')).toBe('\\- item\n1\\. one\n0.93');
  });

  it('leaves out empty sections and does not link non-http references', () => {
    const card: ModelCard = {
      model_details: { name: 'm', references: [{ reference: 'javascript:alert(1)' }] },
    };
    const markdown = renderModelCardMarkdown(card);
    expect(markdown).toBe(
      '# Model card: m\n\n## Model details\n\n### References\n\n- javascript:alert\\(1\\)\n',
    );
    expect(renderModelCardMarkdown({})).toBe('# Model card: Model\n');
  });
});

describe('renderModelCardHtml', () => {
  it('is one self-contained page: no scripts, no outside requests, graphics inline', () => {
    const html = renderModelCardHtml(fullModelCard());
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<title>Model card: airflow-failure-classifier (v3)</title>');
    expect(html).not.toMatch(/<script|<link|src="http/i);
    expect(html).toContain(`src="data:image/png;base64,${tinyPngBase64}"`);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('<td>f1 | macro</td><td>0.88</td>');
    expect(html).toContain('<a href="https://example.com/design" rel="noopener noreferrer">');
  });

  it('escapes every text from the card with escapeHtml', () => {
    const hostile = '<script>alert("x")</script>\'&';
    const card: ModelCard = {
      model_details: {
        name: hostile,
        overview: hostile,
        owners: [{ name: hostile }],
        references: [{ reference: 'javascript:alert(1)' }],
      },
      quantitative_analysis: { performance_metrics: [{ type: hostile, value: 1 }] },
      considerations: { ethical_considerations: [{ name: hostile, mitigation_strategy: hostile }] },
    };
    const html = renderModelCardHtml(card);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('href="javascript');
    const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;';
    expect(html.split(escaped).length - 1).toBe(7);
  });
});

describe('attachModelCard', () => {
  const unusedTransport = {} as MlflowTransport;

  it('refuses an invalid card before any request', async () => {
    const registry = createInMemoryRegistry();
    await expect(
      attachModelCard(registry, unusedTransport, 'm', '1', {
        model_details: { version: { date: 'soon' } },
      }),
    ).rejects.toSatisfy((error) => InvalidArgumentError.isInstance(error));
    expect(registry.calls).toEqual([]);
  });

  it('refuses a version whose source is not a logged model nor proxied artifacts, writing nothing', async () => {
    const registry = createInMemoryRegistry();
    await registry.createRegisteredModel('m');
    await registry.createModelVersion('m', 's3://bucket/model');
    await expect(
      attachModelCard(registry, unusedTransport, 'm', '1', fullModelCard()),
    ).rejects.toSatisfy(
      (error) => InvalidArgumentError.isInstance(error) && error.argument === 'version',
    );
    expect((await registry.getModelVersion('m', '1')).tags).toEqual({});
  });
});
