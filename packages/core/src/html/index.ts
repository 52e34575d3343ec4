const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes `&`, `<`, `>`, `"` and `'` so that any text from the data can go into HTML text
 * and attribute values. Used by the HTML reports of the DAGnostics packages.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => escapes[character] ?? character);
}

/**
 * A number as a report shows it: 4 significant digits, exponent notation below 1e-4 and
 * from 1e6 on (`0.0125`, `3.431e-37`, `1.235e+6`), `0` for zero.
 */
export function formatSignificant(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude < 1e-4 || magnitude >= 1e6) return value.toExponential(3);
  return Number(value.toPrecision(4)).toString();
}
