import { InvalidArgumentError } from '@dagnostics/core';
import { PythonFloat, type PythonJsonValue, pythonJsonDumps } from './python-json';

/**
 * A tensor as onnxruntime's `Tensor` holds it (a `new Tensor('float32', data, [2, 4])` fits):
 * element type, dimensions and the elements in row-major order.
 */
export interface TensorLike {
  /** onnxruntime's element type name: `float32`, `int64`, `bool`, `string`, ... */
  readonly type: string;
  readonly dims: readonly number[];
  readonly data: ArrayLike<number | bigint | boolean | string>;
}

/** An input example: one tensor (a single-input model) or tensors by input name. */
export type InputExample = TensorLike | Readonly<Record<string, TensorLike>>;

/** The files MLflow writes for an input example, and the MLmodel's `saved_input_example_info`. */
export interface InputExampleFiles {
  readonly info: {
    artifact_path: string;
    serving_input_path: string;
    type: 'ndarray';
  };
  /** `input_example.json`. */
  readonly inputExample: string;
  /** `serving_input_example.json`: the example as a request to MLflow's scoring server. */
  readonly servingInputExample: string;
}

const floatTypes = new Set(['float16', 'float32', 'float64']);

function isTensorLike(value: unknown): value is TensorLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as TensorLike).type === 'string' &&
    Array.isArray((value as TensorLike).dims) &&
    typeof (value as TensorLike).data === 'object'
  );
}

function element(tensor: TensorLike, index: number): PythonJsonValue {
  const value = tensor.data[index] as number | bigint | boolean | string;
  if (floatTypes.has(tensor.type)) {
    // MLflow writes NaN as null (json has no NaN).
    return Number.isNaN(value) ? null : new PythonFloat(Number(value));
  }
  if (tensor.type === 'bool') return Boolean(value);
  return value;
}

function nest(tensor: TensorLike, argument: string): PythonJsonValue {
  const size = tensor.dims.reduce((product, dimension) => product * dimension, 1);
  if (!tensor.dims.every((dimension) => Number.isSafeInteger(dimension) && dimension >= 0)) {
    throw new InvalidArgumentError({
      message: `${argument}: dims [${tensor.dims.join(', ')}] must be integers ≥ 0.`,
      argument,
    });
  }
  if (size !== tensor.data.length) {
    throw new InvalidArgumentError({
      message: `${argument}: dims [${tensor.dims.join(', ')}] hold ${size} elements but data has ${tensor.data.length}.`,
      argument,
    });
  }
  const build = (depth: number, offset: number): PythonJsonValue => {
    if (depth === tensor.dims.length) return element(tensor, offset);
    const dimension = tensor.dims[depth] as number;
    const stride = tensor.dims.slice(depth + 1).reduce((product, next) => product * next, 1);
    return Array.from({ length: dimension }, (_, index) =>
      build(depth + 1, offset + index * stride),
    );
  };
  return build(0, 0);
}

/**
 * `input_example.json` and `serving_input_example.json` as MLflow writes them for numpy
 * examples (`type: ndarray`): one tensor as nested lists, several as an object by name;
 * the serving example wraps it in `{"inputs": ...}`, indented by 2.
 *
 * @throws {InvalidArgumentError} when a tensor's dims do not match its data.
 */
export function inputExampleFiles(example: InputExample): InputExampleFiles {
  const value: PythonJsonValue = isTensorLike(example)
    ? nest(example, 'inputExample')
    : Object.fromEntries(
        Object.entries(example).map(([name, tensor]) => [
          name,
          nest(tensor, `inputExample.${name}`),
        ]),
      );
  return {
    info: {
      artifact_path: 'input_example.json',
      serving_input_path: 'serving_input_example.json',
      type: 'ndarray',
    },
    inputExample: pythonJsonDumps(value),
    servingInputExample: pythonJsonDumps({ inputs: value }, { indent: 2 }),
  };
}
