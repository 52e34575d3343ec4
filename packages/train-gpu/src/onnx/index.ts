/** ONNX export written in TypeScript: text classifiers and MLPs, opset 17 or 21. */
export {
  type ExportOnnxOptions,
  exportOnnx,
  modelSpecMetadataKey,
  type OnnxOpset,
  onnxOpsetIrVersions,
  onnxProducerName,
} from './export-onnx';
export { logitsOutput, type OnnxInputNames, probabilitiesOutput } from './model-graph';
export { type PaddedTokens, tokenBagsToPadded } from './token-bags-to-padded';
