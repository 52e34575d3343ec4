/**
 * The nodes and initializers of the exported graphs (native-serving.md §4.2): an
 * EmbeddingBag(mean) over padded ids and a mask, then `Gemm → Relu` per hidden layer, then
 * the output `Gemm` and a softmax. Every op used here keeps the same signature from opset 13
 * through 21 (axes are inputs of Unsqueeze and ReduceSum), so one graph serves each opset.
 */

import type { NodeProto, TensorProto, ValueInfoProto } from 'onnx-buf';
import { TensorProto_DataType } from 'onnx-buf';
import type { DenseMlpSpec, ModelWeights, TextClassifierSpec } from '../model/types';
import { makeFloatTensor, makeInt64Tensor, makeNode, makeTensorValueInfo } from './graph-builder';

/** Names of the graph inputs. */
export interface OnnxInputNames {
  /** Padded token ids, `int64[batch, length]` (text classifier). Default `ids`. */
  readonly ids: string;
  /** 1 for a real token, 0 for padding, `float[batch, length]` (text classifier). Default `mask`. */
  readonly mask: string;
  /** Dense features, `float[batch, inputs]` (MLP). Default `features`. */
  readonly features: string;
}

/** The graph's parts, ready for a `GraphProto`. */
export interface GraphParts {
  readonly nodes: NodeProto[];
  readonly initializers: TensorProto[];
  readonly inputs: ValueInfoProto[];
  readonly outputs: ValueInfoProto[];
}

/** Name of the raw class scores output, `float[batch, classes]`. */
export const logitsOutput = 'logits';
/** Name of the softmax output, `float[batch, classes]`. */
export const probabilitiesOutput = 'probabilities';

const batch = 'batch';

/** Appends `[Gemm → Relu]* → Gemm → Softmax` after `input`; the layers are checked already. */
function appendLayers(weights: ModelWeights, input: string, parts: GraphParts): void {
  let current = input;
  const last = weights.layers.length - 1;
  weights.layers.forEach((layer, index) => {
    const weight = `layers.${index}.weight`;
    const bias = `layers.${index}.bias`;
    parts.initializers.push(
      makeFloatTensor(weight, [layer.outFeatures, layer.inFeatures], layer.weight),
      makeFloatTensor(bias, [layer.outFeatures], layer.bias),
    );
    const linear = index === last ? logitsOutput : `layers.${index}.linear`;
    // torch's Linear weight is [out, in]: y = x W^T + b.
    parts.nodes.push(
      makeNode('Gemm', [current, weight, bias], [linear], `layers.${index}.gemm`, { transB: 1n }),
    );
    if (index === last) return;
    current = `layers.${index}.relu`;
    parts.nodes.push(makeNode('Relu', [linear], [current], `layers.${index}.relu`));
  });
  parts.nodes.push(
    makeNode('Softmax', [logitsOutput], [probabilitiesOutput], 'softmax', { axis: -1n }),
  );
  const classes = weights.spec.classes;
  parts.outputs.push(
    makeTensorValueInfo(logitsOutput, TensorProto_DataType.FLOAT, [batch, classes]),
    makeTensorValueInfo(probabilitiesOutput, TensorProto_DataType.FLOAT, [batch, classes]),
  );
}

/** EmbeddingBag(mode='mean') on padded ids, then the MLP head. */
export function textClassifierGraph(
  weights: ModelWeights & { readonly spec: TextClassifierSpec },
  embedding: Float32Array,
  names: OnnxInputNames,
): GraphParts {
  const { spec } = weights;
  const parts: GraphParts = {
    nodes: [],
    initializers: [
      makeFloatTensor('embedding.weight', [spec.vocabularySize, spec.embeddingDim], embedding),
      makeInt64Tensor('axes.tokens', [1], [1n]),
      makeInt64Tensor('axes.features', [1], [2n]),
      makeFloatTensor('one', [], new Float32Array([1])),
    ],
    inputs: [
      makeTensorValueInfo(names.ids, TensorProto_DataType.INT64, [batch, 'length']),
      makeTensorValueInfo(names.mask, TensorProto_DataType.FLOAT, [batch, 'length']),
    ],
    outputs: [],
  };
  parts.nodes.push(
    makeNode('Gather', ['embedding.weight', names.ids], ['bag.rows'], 'bag.gather', { axis: 0n }),
    makeNode('Unsqueeze', [names.mask, 'axes.features'], ['bag.mask3'], 'bag.unsqueeze'),
    makeNode('Mul', ['bag.rows', 'bag.mask3'], ['bag.masked'], 'bag.mul'),
    makeNode('ReduceSum', ['bag.masked', 'axes.tokens'], ['bag.sum'], 'bag.sum', {
      keepdims: 0n,
    }),
    makeNode('ReduceSum', [names.mask, 'axes.tokens'], ['bag.count'], 'bag.count', {
      keepdims: 1n,
    }),
    // An empty bag has count 0 and sum 0: dividing by max(count, 1) embeds it to zeros, as torch does.
    makeNode('Max', ['bag.count', 'one'], ['bag.divisor'], 'bag.max'),
    makeNode('Div', ['bag.sum', 'bag.divisor'], ['bag.mean'], 'bag.mean'),
  );
  appendLayers(weights, 'bag.mean', parts);
  return parts;
}

/** The MLP on dense features. */
export function mlpGraph(
  weights: ModelWeights & { readonly spec: DenseMlpSpec },
  names: OnnxInputNames,
): GraphParts {
  const parts: GraphParts = {
    nodes: [],
    initializers: [],
    inputs: [
      makeTensorValueInfo(names.features, TensorProto_DataType.FLOAT, [batch, weights.spec.inputs]),
    ],
    outputs: [],
  };
  appendLayers(weights, names.features, parts);
  return parts;
}
