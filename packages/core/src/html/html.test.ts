import { describe, expect, it } from 'vitest';
import { escapeHtml, formatSignificant } from './index';

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters and nothing else', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a> ü`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt; ü',
    );
  });
});

describe('formatSignificant', () => {
  it('keeps 4 significant digits and switches to exponents at the extremes', () => {
    expect(formatSignificant(0)).toBe('0');
    expect(formatSignificant(0.012345)).toBe('0.01235');
    expect(formatSignificant(3.431e-37)).toBe('3.431e-37');
    expect(formatSignificant(1234567)).toBe('1.235e+6');
    expect(formatSignificant(-42)).toBe('-42');
  });
});
