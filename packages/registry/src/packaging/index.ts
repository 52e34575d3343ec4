export {
  inferTensorSignature,
  type OnnxSessionMetadata,
  type OnnxValueMetadata,
} from './infer-tensor-signature';
export type { InputExample, TensorLike } from './input-example';
export { type LoggedOnnxModel, type LogOnnxModelOptions, logOnnxModel } from './log-onnx-model';
export { defaultOnnxProviders } from './mlmodel';
export { type ModelFile, type OnnxModelFilesOptions, onnxModelFiles } from './onnx-model-files';
export { defaultOnnxEnvironment, type PythonEnvironment } from './python-environment';
export { type ModelRegistrar, type RegisterModelOptions, registerModel } from './register-model';
export type { TensorDtype, TensorSignature, TensorSpec } from './tensor-signature';
