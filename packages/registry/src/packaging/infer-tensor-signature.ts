import { InvalidArgumentError } from '@dagnostics/core';
import type { TensorDtype, TensorSignature, TensorSpec } from './tensor-signature';

/**
 * What {@link inferTensorSignature} reads of an onnxruntime `InferenceSession`
 * (onnxruntime-node or onnxruntime-web ≥ 1.21): its inputs' and outputs' metadata.
 */
export interface OnnxSessionMetadata {
  readonly inputMetadata: readonly OnnxValueMetadata[];
  readonly outputMetadata: readonly OnnxValueMetadata[];
}

/** onnxruntime's `InferenceSession.ValueMetadata`. */
export type OnnxValueMetadata =
  | { readonly name: string; readonly isTensor: false }
  | {
      readonly name: string;
      readonly isTensor: true;
      readonly type: string;
      readonly shape: ReadonlyArray<number | string>;
    };

const dtypeOfOnnxType: Readonly<Record<string, TensorDtype>> = {
  bool: 'bool',
  int8: 'int8',
  int16: 'int16',
  int32: 'int32',
  int64: 'int64',
  uint8: 'uint8',
  uint16: 'uint16',
  uint32: 'uint32',
  uint64: 'uint64',
  float16: 'float16',
  float32: 'float32',
  float64: 'float64',
  string: 'object',
};

/** The numpy dtype MLflow uses for an onnxruntime tensor type (`string` → `object`). */
export function dtypeOfOnnxTensorType(type: string, argument = 'type'): TensorDtype {
  const dtype = dtypeOfOnnxType[type];
  if (dtype === undefined) {
    throw new InvalidArgumentError({
      message: `ONNX tensor type ${JSON.stringify(type)} has no numpy dtype MLflow could record; give the signature yourself.`,
      argument,
    });
  }
  return dtype;
}

function toSpec(metadata: OnnxValueMetadata, side: 'input' | 'output'): TensorSpec {
  if (!metadata.isTensor) {
    throw new InvalidArgumentError({
      message: `The ONNX ${side} ${JSON.stringify(metadata.name)} is not a tensor (a sequence or map, such as skl2onnx's ZipMap); export it as a tensor (skl2onnx: options {zipmap: false}) or give the signature yourself.`,
      argument: 'session',
    });
  }
  return {
    name: metadata.name,
    dtype: dtypeOfOnnxTensorType(metadata.type, 'session'),
    // A symbolic dimension (`'N'`, `'batch'`) or an unknown one is any size: MLflow's -1.
    shape: metadata.shape.map((size) => (typeof size === 'number' && size >= 0 ? size : -1)),
  };
}

/**
 * The tensor signature of an ONNX model as an onnxruntime session sees it: each input and
 * output by name, with its element type as a numpy dtype and its shape, dynamic
 * dimensions as -1.
 *
 * @throws {InvalidArgumentError} for a non-tensor input or output (a map or sequence), or
 *   an element type numpy lacks (bfloat16, 4-bit integers).
 *
 * @example
 * ```ts
 * const session = await InferenceSession.create('model.onnx');
 * const signature = inferTensorSignature(session);
 * // { inputs: [{ name: 'X', dtype: 'float32', shape: [-1, 4] }], outputs: [...] }
 * ```
 */
export function inferTensorSignature(session: OnnxSessionMetadata): TensorSignature {
  return {
    inputs: session.inputMetadata.map((metadata) => toSpec(metadata, 'input')),
    outputs: session.outputMetadata.map((metadata) => toSpec(metadata, 'output')),
  };
}
