import { escapeHtml } from '@dagnostics/core';
import { type CardBlock, type CardItem, cardSections, cardTitle } from './card-sections';
import type { ModelCard } from './model-card';

const style = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1f2328;line-height:1.5}
h1{border-bottom:1px solid #d0d7de;padding-bottom:.3em}
h2{margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.2em}
table{border-collapse:collapse;margin:.5rem 0}
th,td{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}
figure{display:inline-block;margin:.5rem 1rem .5rem 0}
img{max-width:100%}
p{white-space:pre-wrap}
`.trim();

function item(entry: CardItem): string {
  const label = entry.label === undefined ? '' : `<strong>${escapeHtml(entry.label)}:</strong> `;
  const text =
    entry.href === undefined
      ? escapeHtml(entry.text)
      : `<a href="${escapeHtml(entry.href)}" rel="noopener noreferrer">${escapeHtml(entry.text)}</a>`;
  return `<li>${label}${text}</li>`;
}

function block(entry: CardBlock): string {
  switch (entry.kind) {
    case 'paragraph':
      return `${entry.title === undefined ? '' : `<h3>${escapeHtml(entry.title)}</h3>`}<p>${escapeHtml(entry.text)}</p>`;
    case 'list':
      return `<h3>${escapeHtml(entry.title)}</h3><ul>${entry.items.map(item).join('')}</ul>`;
    case 'table':
      return `<h3>${escapeHtml(entry.title)}</h3><table><thead><tr>${entry.columns
        .map((column) => `<th>${escapeHtml(column)}</th>`)
        .join('')}</tr></thead><tbody>${entry.rows
        .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;
    case 'graphics':
      return `<h3>${escapeHtml(entry.title)}</h3>${
        entry.description === undefined ? '' : `<p>${escapeHtml(entry.description)}</p>`
      }${entry.images
        .map(
          (image) =>
            `<figure><img alt="${escapeHtml(image.name)}" src="data:image/png;base64,${escapeHtml(image.base64)}"><figcaption>${escapeHtml(image.name)}</figcaption></figure>`,
        )
        .join('')}`;
  }
}

/**
 * The card as one self-contained HTML page: inline CSS, graphics as `data:` PNGs, no
 * scripts and no outside requests. Every text from the card is escaped with
 * `@dagnostics/core`'s `escapeHtml`, and only http(s) references become links.
 */
export function renderModelCardHtml(card: ModelCard): string {
  const title = escapeHtml(cardTitle(card));
  const sections = cardSections(card)
    .map(
      (section) =>
        `<section><h2>${escapeHtml(section.title)}</h2>${section.blocks.map(block).join('')}</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${style}</style>
</head>
<body>
<h1>${title}</h1>
${sections}
</body>
</html>
`;
}
