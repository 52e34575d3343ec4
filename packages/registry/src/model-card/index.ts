export {
  type AttachedModelCard,
  attachModelCard,
  modelCardFileNames,
  modelCardSha256Tag,
} from './attach-model-card';
export {
  type ModelCard,
  type ModelCardConsiderations,
  type ModelCardDataset,
  type ModelCardDetails,
  type ModelCardGraphics,
  type ModelCardKeyValue,
  type ModelCardParameters,
  type ModelCardPerformanceMetric,
  type ModelCardQuantitativeAnalysis,
  modelCardSchemaVersion,
} from './model-card';
export { modelCardSchema } from './model-card-schema';
export { parseModelCard } from './parse-model-card';
export { renderModelCardHtml } from './render-model-card-html';
export { escapeMarkdown, renderModelCardMarkdown } from './render-model-card-markdown';
