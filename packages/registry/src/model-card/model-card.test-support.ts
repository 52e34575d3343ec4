import type { ModelCard } from './model-card';

/** A 1×1 transparent PNG, base64. */
export const tinyPngBase64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** A card with every field of the schema set, some with text that needs escaping. */
export function fullModelCard(): ModelCard {
  return {
    schema_version: '0.0.2',
    model_details: {
      name: 'airflow-failure-classifier',
      overview: 'Classifies failed Airflow task logs <b>by cause</b> & "severity".',
      documentation: 'Gradient-boosted trees over TF-IDF features.\nTrained weekly.',
      owners: [{ name: 'ML Platform', contact: 'ml@example.com' }],
      version: { name: 'v3', date: '2026-01-15', diff: 'Added the OOM class.' },
      licenses: [{ identifier: 'Apache-2.0' }, { custom_text: 'Internal use only' }],
      references: [{ reference: 'https://example.com/design' }],
      citations: [{ style: 'APA', citation: 'Doe, J. (2026). Log classifiers.' }],
      path: 'models:/m-0123456789abcdef0123456789abcdef',
    },
    model_parameters: {
      model_architecture: 'LightGBM, 200 trees',
      data: [
        {
          name: 'airflow-failures-2025',
          link: 'https://example.com/data',
          sensitive: { sensitive_data: ['hostnames'] },
          graphics: {
            description: 'Class balance',
            collection: [{ name: 'balance', image: tinyPngBase64 }],
          },
          description: '120k labelled logs',
        },
      ],
      input_format: 'text/plain',
      input_format_map: [{ key: 'log', value: 'string' }],
      output_format: 'application/json',
      output_format_map: [{ key: 'label', value: 'string' }],
    },
    quantitative_analysis: {
      performance_metrics: [
        {
          type: 'accuracy',
          value: 0.93,
          slice: 'all',
          confidence_interval: { lower_bound: 0.92, upper_bound: 0.94 },
        },
        { type: 'f1 | macro', value: 0.88 },
      ],
      graphics: { description: 'ROC', collection: [{ name: 'roc', image: tinyPngBase64 }] },
    },
    considerations: {
      users: [{ description: 'On-call engineers' }],
      use_cases: [{ description: 'Triage' }],
      limitations: [{ description: 'English logs only' }],
      tradeoffs: [{ description: 'Recall over precision' }],
      ethical_considerations: [
        { name: 'Blame', mitigation_strategy: 'Labels describe causes, not people' },
      ],
    },
  };
}
