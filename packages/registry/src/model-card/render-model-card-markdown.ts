import { type CardBlock, type CardItem, cardSections, cardTitle } from './card-sections';
import type { ModelCard } from './model-card';

/**
 * Markdown text that renders as the literal text: `&`, `<`, `>` become entities (Markdown
 * passes raw HTML through), and Markdown's punctuation is backslash-escaped.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#+!|~]/g, (character) => `\\${character}`)
    .replace(/^(\s*)([-=])/gm, '$1\\$2')
    .replace(/^(\s*)(\d+)\.(?=\s|$)/gm, '$1$2\\.');
}

function inline(text: string): string {
  return escapeMarkdown(text.replace(/\s*\r?\n\s*/g, ' '));
}

function item(entry: CardItem): string {
  const label = entry.label === undefined ? '' : `**${inline(entry.label)}:** `;
  const text =
    entry.href === undefined
      ? inline(entry.text)
      : `[${inline(entry.text)}](<${entry.href.replace(/[<>\s]/g, encodeURIComponent)}>)`;
  return `- ${label}${text}`;
}

function block(entry: CardBlock): string {
  switch (entry.kind) {
    case 'paragraph':
      return `${entry.title === undefined ? '' : `### ${inline(entry.title)}\n\n`}${escapeMarkdown(entry.text)}`;
    case 'list':
      return `### ${inline(entry.title)}\n\n${entry.items.map(item).join('\n')}`;
    case 'table':
      return [
        `### ${inline(entry.title)}`,
        '',
        `| ${entry.columns.map(inline).join(' | ')} |`,
        `| ${entry.columns.map(() => '---').join(' | ')} |`,
        ...entry.rows.map((row) => `| ${row.map(inline).join(' | ')} |`),
      ].join('\n');
    case 'graphics':
      return [
        `### ${inline(entry.title)}`,
        ...(entry.description === undefined ? [] : ['', inline(entry.description)]),
        ...entry.images.map(
          (image) => `\n![${inline(image.name)}](data:image/png;base64,${image.base64})`,
        ),
      ].join('\n');
  }
}

/**
 * The card as Markdown (GitHub-flavoured: tables), sections in the Model Card Toolkit's
 * order, empty fields left out; graphics inline as `data:` PNGs. Every text from the card
 * is escaped, so it renders as written and carries no HTML.
 */
export function renderModelCardMarkdown(card: ModelCard): string {
  const parts = [`# ${inline(cardTitle(card))}`];
  for (const section of cardSections(card)) {
    parts.push(`## ${inline(section.title)}`, ...section.blocks.map(block));
  }
  return `${parts.join('\n\n')}\n`;
}
