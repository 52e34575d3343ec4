/**
 * A model card in the JSON interchange format of Google's Model Card Toolkit, schema
 * v0.0.2 (frozen: the project is archived). Field names are the schema's, in snake_case,
 * so `JSON.stringify(card)` is a valid `model_card.json`. Every field is optional, as in the
 * schema.
 */
export interface ModelCard {
  /** The schema's version; `0.0.2`. */
  schema_version?: string;
  model_details?: ModelCardDetails;
  model_parameters?: ModelCardParameters;
  quantitative_analysis?: ModelCardQuantitativeAnalysis;
  considerations?: ModelCardConsiderations;
}

/** Metadata about the model. */
export interface ModelCardDetails {
  name?: string;
  /** One line. */
  overview?: string;
  /** A thorough description of the model and its use. */
  documentation?: string;
  owners?: { name?: string; contact?: string }[];
  version?: { name?: string /** `YYYY-MM-DD`. */; date?: string; diff?: string };
  /** Each an SPDX identifier (or `proprietary`), or a custom text; exactly one of the two. */
  licenses?: (
    | { identifier: string; custom_text?: never }
    | { custom_text: string; identifier?: never }
  )[];
  /** Links (URIs) to more about the model. */
  references?: { reference?: string }[];
  citations?: { style?: string; citation?: string }[];
  /** Where the model is stored. */
  path?: string;
}

/** A key-value pair of the input and output format maps. */
export interface ModelCardKeyValue {
  key?: string;
  value?: string;
}

/** A collection of PNG graphics. */
export interface ModelCardGraphics {
  description?: string;
  /** `image`: a PNG, base64-encoded. */
  collection?: { name?: string; image?: string }[];
}

/** A dataset the model was trained or evaluated on. */
export interface ModelCardDataset {
  name?: string;
  /** URI. */
  link?: string;
  sensitive?: { sensitive_data?: string[] };
  graphics?: ModelCardGraphics;
  description?: string;
}

/** How the model was built. */
export interface ModelCardParameters {
  model_architecture?: string;
  data?: ModelCardDataset[];
  input_format?: string;
  input_format_map?: ModelCardKeyValue[];
  output_format?: string;
  output_format_map?: ModelCardKeyValue[];
}

/** A reported metric. */
export interface ModelCardPerformanceMetric {
  type?: string;
  value?: number;
  /** The slice it was computed on; unsliced when absent. */
  slice?: string;
  confidence_interval?: { lower_bound?: number; upper_bound?: number };
}

/** Metrics and graphics. */
export interface ModelCardQuantitativeAnalysis {
  performance_metrics?: ModelCardPerformanceMetric[];
  graphics?: ModelCardGraphics;
}

/** Intended users, use cases, limitations, tradeoffs and ethical considerations. */
export interface ModelCardConsiderations {
  users?: { description?: string }[];
  use_cases?: { description?: string }[];
  limitations?: { description?: string }[];
  tradeoffs?: { description?: string }[];
  ethical_considerations?: { name?: string; mitigation_strategy?: string }[];
}

/** The schema version this package writes. */
export const modelCardSchemaVersion = '0.0.2';
