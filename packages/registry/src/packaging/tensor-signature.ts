import { InvalidArgumentError } from '@dagnostics/core';
import { pythonJsonDumps } from './python-json';

/** A numpy dtype name MLflow accepts in a tensor spec. */
export type TensorDtype =
  | 'bool'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'float16'
  | 'float32'
  | 'float64'
  | 'object';

const tensorDtypes: ReadonlySet<string> = new Set<TensorDtype>([
  'bool',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'float16',
  'float32',
  'float64',
  'object',
]);

/** One tensor of a signature: MLflow's `TensorSpec`. */
export interface TensorSpec {
  /** The tensor's name (the ONNX input or output name); all of a schema's or none. */
  readonly name?: string;
  /** Element type as a numpy dtype name, e.g. `float32`. */
  readonly dtype: TensorDtype;
  /** Dimensions; `-1` for a dimension of any size (the batch). */
  readonly shape: readonly number[];
}

/** A tensor-based model signature (MLflow's `ModelSignature` of `TensorSpec`s). */
export interface TensorSignature {
  readonly inputs: readonly TensorSpec[];
  /** Default: no output schema. */
  readonly outputs?: readonly TensorSpec[];
}

function checkSchema(specs: readonly TensorSpec[], argument: string): void {
  const named = specs.filter((spec) => spec.name !== undefined).length;
  if (named !== 0 && named !== specs.length) {
    throw new InvalidArgumentError({
      message: `${argument}: MLflow needs either every tensor named or none; ${named} of ${specs.length} are named.`,
      argument,
    });
  }
  const names = new Set<string>();
  for (const spec of specs) {
    if (!tensorDtypes.has(spec.dtype)) {
      throw new InvalidArgumentError({
        message: `${argument}: ${JSON.stringify(spec.dtype)} is not a numpy dtype MLflow takes; use one of ${[...tensorDtypes].join(', ')}.`,
        argument,
      });
    }
    if (!spec.shape.every((size) => Number.isSafeInteger(size) && size >= -1)) {
      throw new InvalidArgumentError({
        message: `${argument}: shape [${spec.shape.join(', ')}] must hold integers ≥ -1 (-1 for a dimension of any size).`,
        argument,
      });
    }
    if (spec.name !== undefined) {
      if (names.has(spec.name)) {
        throw new InvalidArgumentError({
          message: `${argument}: tensor name ${JSON.stringify(spec.name)} appears twice.`,
          argument,
        });
      }
      names.add(spec.name);
    }
  }
}

function schemaJson(specs: readonly TensorSpec[]): string {
  return pythonJsonDumps(
    specs.map((spec) => ({
      ...(spec.name === undefined ? {} : { name: spec.name }),
      type: 'tensor',
      'tensor-spec': { dtype: spec.dtype, shape: [...spec.shape] },
    })),
  );
}

/**
 * The `signature` block of an MLmodel file: each schema as the JSON text MLflow's
 * `Schema.to_json()` writes (`[{"name": "X", "type": "tensor", "tensor-spec": {"dtype":
 * "float32", "shape": [-1, 4]}}]`), and `params: null`.
 *
 * @throws {InvalidArgumentError} for a dtype MLflow does not know, a shape entry below -1,
 *   a schema with some tensors named and others not, or a name used twice.
 */
export function signatureToMlmodel(signature: TensorSignature): {
  inputs: string;
  outputs: string | null;
  params: null;
} {
  checkSchema(signature.inputs, 'signature.inputs');
  if (signature.outputs !== undefined) checkSchema(signature.outputs, 'signature.outputs');
  return {
    inputs: schemaJson(signature.inputs),
    outputs:
      signature.outputs === undefined || signature.outputs.length === 0
        ? null
        : schemaJson(signature.outputs),
    params: null,
  };
}
