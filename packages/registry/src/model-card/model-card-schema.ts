import { z } from 'zod';
import type { ModelCard } from './model-card';

let cached: z.ZodType<ModelCard> | undefined;

/**
 * The zod schema of {@link ModelCard}: Model Card Toolkit v0.0.2, with unknown fields refused
 * at every level (typos are caught, not dropped), ISO dates (`YYYY-MM-DD`), URIs for links
 * and references, finite metric values, base64 images, and licenses with exactly one of
 * `identifier` and `custom_text`. Built on first use.
 */
export function modelCardSchema(): z.ZodType<ModelCard> {
  cached ??= build();
  return cached;
}

function build(): z.ZodType<ModelCard> {
  const text = z.string();
  const uri = z.url();
  const described = z.strictObject({ description: text.optional() });
  const keyValue = z.strictObject({ key: text.optional(), value: text.optional() });
  const graphics = z.strictObject({
    description: text.optional(),
    collection: z
      .array(z.strictObject({ name: text.optional(), image: z.base64().optional() }))
      .optional(),
  });
  const license = z.union([
    z.strictObject({ identifier: text.min(1) }),
    z.strictObject({ custom_text: text.min(1) }),
  ]);
  const finite = z.number().refine(Number.isFinite, 'must be a finite number');
  return z.strictObject({
    schema_version: text.optional(),
    model_details: z
      .strictObject({
        name: text.optional(),
        overview: text.optional(),
        documentation: text.optional(),
        owners: z
          .array(z.strictObject({ name: text.optional(), contact: text.optional() }))
          .optional(),
        version: z
          .strictObject({
            name: text.optional(),
            date: z.iso.date().optional(),
            diff: text.optional(),
          })
          .optional(),
        licenses: z.array(license).optional(),
        references: z.array(z.strictObject({ reference: uri.optional() })).optional(),
        citations: z
          .array(z.strictObject({ style: text.optional(), citation: text.optional() }))
          .optional(),
        path: text.optional(),
      })
      .optional(),
    model_parameters: z
      .strictObject({
        model_architecture: text.optional(),
        data: z
          .array(
            z.strictObject({
              name: text.optional(),
              link: uri.optional(),
              sensitive: z.strictObject({ sensitive_data: z.array(text).optional() }).optional(),
              graphics: graphics.optional(),
              description: text.optional(),
            }),
          )
          .optional(),
        input_format: text.optional(),
        input_format_map: z.array(keyValue).optional(),
        output_format: text.optional(),
        output_format_map: z.array(keyValue).optional(),
      })
      .optional(),
    quantitative_analysis: z
      .strictObject({
        performance_metrics: z
          .array(
            z.strictObject({
              type: text.optional(),
              value: finite.optional(),
              slice: text.optional(),
              confidence_interval: z
                .strictObject({ lower_bound: finite.optional(), upper_bound: finite.optional() })
                .optional(),
            }),
          )
          .optional(),
        graphics: graphics.optional(),
      })
      .optional(),
    considerations: z
      .strictObject({
        users: z.array(described).optional(),
        use_cases: z.array(described).optional(),
        limitations: z.array(described).optional(),
        tradeoffs: z.array(described).optional(),
        ethical_considerations: z
          .array(z.strictObject({ name: text.optional(), mitigation_strategy: text.optional() }))
          .optional(),
      })
      .optional(),
  }) as z.ZodType<ModelCard>;
}
