import type { ModelCard } from './model-card';

/** One item of a list section: an optional bold label and the text. */
export interface CardItem {
  readonly label?: string;
  readonly text: string;
  /** A link target, already checked to be http(s). */
  readonly href?: string;
}

/** A titled part of a rendered card. */
export type CardBlock =
  | { readonly kind: 'paragraph'; readonly title?: string; readonly text: string }
  | { readonly kind: 'list'; readonly title: string; readonly items: readonly CardItem[] }
  | {
      readonly kind: 'table';
      readonly title: string;
      readonly columns: readonly string[];
      readonly rows: readonly (readonly string[])[];
    }
  | {
      readonly kind: 'graphics';
      readonly title: string;
      readonly description?: string;
      readonly images: readonly { name: string; base64: string }[];
    };

/** A section (`Model details`, ...) and its blocks. */
export interface CardSection {
  readonly title: string;
  readonly blocks: readonly CardBlock[];
}

/** Only http(s) links become links; anything else (`javascript:`) stays text. */
export function safeHref(uri: string | undefined): string | undefined {
  return uri !== undefined && /^https?:\/\//i.test(uri) ? uri : undefined;
}

function list(title: string, items: readonly (CardItem | undefined)[] | undefined): CardBlock[] {
  const present = (items ?? []).filter(
    (item): item is CardItem => item !== undefined && item.text !== '',
  );
  return present.length === 0 ? [] : [{ kind: 'list', title, items: present }];
}

function paragraph(title: string | undefined, text: string | undefined): CardBlock[] {
  return text === undefined || text === ''
    ? []
    : [{ kind: 'paragraph', ...(title === undefined ? {} : { title }), text }];
}

function keyValues(
  title: string,
  pairs: readonly { key?: string; value?: string }[] | undefined,
): CardBlock[] {
  return pairs === undefined || pairs.length === 0
    ? []
    : [
        {
          kind: 'table',
          title,
          columns: ['Key', 'Value'],
          rows: pairs.map((pair) => [pair.key ?? '', pair.value ?? '']),
        },
      ];
}

function graphics(
  title: string,
  collection:
    | { description?: string; collection?: { name?: string; image?: string }[] }
    | undefined,
): CardBlock[] {
  const images = (collection?.collection ?? [])
    .filter((graphic) => graphic.image !== undefined && graphic.image !== '')
    .map((graphic, index) => ({
      name: graphic.name ?? `Graphic ${index + 1}`,
      base64: graphic.image ?? '',
    }));
  if (images.length === 0 && collection?.description === undefined) return [];
  return [
    {
      kind: 'graphics',
      title,
      ...(collection?.description === undefined ? {} : { description: collection.description }),
      images,
    },
  ];
}

function formatNumber(value: number | undefined): string {
  return value === undefined ? '' : String(value);
}

/**
 * The card as an ordered list of sections, each with the blocks the renderers print; empty
 * fields and sections are left out. Shared by the Markdown and HTML renderers so both show
 * the same content.
 */
export function cardSections(card: ModelCard): CardSection[] {
  const details = card.model_details ?? {};
  const parameters = card.model_parameters ?? {};
  const analysis = card.quantitative_analysis ?? {};
  const considerations = card.considerations ?? {};
  const version = details.version;
  const versionText = [
    version?.name,
    version?.date === undefined ? undefined : `released ${version.date}`,
  ]
    .filter((part) => part !== undefined && part !== '')
    .join(', ');

  const sections: CardSection[] = [
    {
      title: 'Model details',
      blocks: [
        ...paragraph(undefined, details.overview),
        ...paragraph(undefined, details.documentation),
        ...list('Version', [
          versionText === '' ? undefined : { text: versionText },
          version?.diff === undefined ? undefined : { label: 'Changes', text: version.diff },
        ]),
        ...list(
          'Owners',
          details.owners?.map((owner) => ({
            text: [owner.name, owner.contact]
              .filter((part) => part !== undefined && part !== '')
              .join(', '),
          })),
        ),
        ...list(
          'Licenses',
          details.licenses?.map((license) =>
            license.identifier !== undefined
              ? { text: license.identifier }
              : { label: 'Custom', text: license.custom_text ?? '' },
          ),
        ),
        ...list(
          'References',
          details.references?.map((reference) => {
            const href = safeHref(reference.reference);
            return { text: reference.reference ?? '', ...(href === undefined ? {} : { href }) };
          }),
        ),
        ...list(
          'Citations',
          details.citations?.map((citation) => ({
            ...(citation.style === undefined ? {} : { label: citation.style }),
            text: citation.citation ?? '',
          })),
        ),
        ...paragraph('Path', details.path),
      ],
    },
    {
      title: 'Model parameters',
      blocks: [
        ...paragraph('Architecture', parameters.model_architecture),
        ...(parameters.data ?? []).flatMap((dataset, index) => {
          const href = safeHref(dataset.link);
          const title = `Dataset: ${dataset.name ?? `#${index + 1}`}`;
          return [
            ...list(title, [
              dataset.description === undefined ? undefined : { text: dataset.description },
              dataset.link === undefined
                ? undefined
                : { label: 'Link', text: dataset.link, ...(href === undefined ? {} : { href }) },
              ...(dataset.sensitive?.sensitive_data ?? []).map((item) => ({
                label: 'Sensitive',
                text: item,
              })),
            ]),
            ...graphics(`${title}, graphics`, dataset.graphics),
          ];
        }),
        ...paragraph('Input format', parameters.input_format),
        ...keyValues('Input format map', parameters.input_format_map),
        ...paragraph('Output format', parameters.output_format),
        ...keyValues('Output format map', parameters.output_format_map),
      ],
    },
    {
      title: 'Quantitative analysis',
      blocks: [
        ...(analysis.performance_metrics === undefined || analysis.performance_metrics.length === 0
          ? []
          : [
              {
                kind: 'table' as const,
                title: 'Performance metrics',
                columns: ['Metric', 'Value', 'Slice', 'Confidence interval'],
                rows: analysis.performance_metrics.map((metric) => [
                  metric.type ?? '',
                  formatNumber(metric.value),
                  metric.slice ?? '',
                  metric.confidence_interval === undefined
                    ? ''
                    : `[${formatNumber(metric.confidence_interval.lower_bound)}, ${formatNumber(metric.confidence_interval.upper_bound)}]`,
                ]),
              },
            ]),
        ...graphics('Graphics', analysis.graphics),
      ],
    },
    {
      title: 'Considerations',
      blocks: [
        ...list(
          'Intended users',
          considerations.users?.map((item) => ({ text: item.description ?? '' })),
        ),
        ...list(
          'Use cases',
          considerations.use_cases?.map((item) => ({ text: item.description ?? '' })),
        ),
        ...list(
          'Limitations',
          considerations.limitations?.map((item) => ({ text: item.description ?? '' })),
        ),
        ...list(
          'Tradeoffs',
          considerations.tradeoffs?.map((item) => ({ text: item.description ?? '' })),
        ),
        ...list(
          'Ethical considerations',
          considerations.ethical_considerations?.map((risk) =>
            risk.mitigation_strategy === undefined
              ? { text: risk.name ?? '' }
              : {
                  ...(risk.name === undefined ? {} : { label: risk.name }),
                  text: `Mitigation: ${risk.mitigation_strategy}`,
                },
          ),
        ),
      ],
    },
  ];
  return sections.filter((section) => section.blocks.length > 0);
}

/** The card's title: the model's name and version name. */
export function cardTitle(card: ModelCard): string {
  const name = card.model_details?.name ?? 'Model';
  const version = card.model_details?.version?.name;
  return version === undefined || version === ''
    ? `Model card: ${name}`
    : `Model card: ${name} (${version})`;
}
