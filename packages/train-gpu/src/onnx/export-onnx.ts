import { create, toBinary } from '@bufbuild/protobuf';
import { InvalidArgumentError } from '@dagnostics/core';
import {
  GraphProtoSchema,
  ModelProtoSchema,
  OperatorSetIdProtoSchema,
  StringStringEntryProtoSchema,
} from 'onnx-buf';
import type { ModelWeights } from '../model/types';
import { checkWeights } from './check-weights';
import { type GraphParts, mlpGraph, type OnnxInputNames, textClassifierGraph } from './model-graph';

/** The opsets the exporter writes, with the IR version each is paired with. */
export const onnxOpsetIrVersions = { 17: 8, 21: 10 } as const;

/** A supported ONNX opset: 17 (IR 8, onnxruntime ≥ 1.13) or 21 (IR 10, onnxruntime ≥ 1.18). */
export type OnnxOpset = keyof typeof onnxOpsetIrVersions;

/** The producer name written into every exported model. */
export const onnxProducerName = '@dagnostics/train-gpu';

/** Metadata key under which the exporter stores the model's spec as JSON. */
export const modelSpecMetadataKey = 'dagnostics.model_spec';

/** Options of {@link exportOnnx}. */
export interface ExportOnnxOptions {
  /** ONNX opset. Default 17 (IR 8); 21 writes IR 10. */
  readonly opset?: OnnxOpset;
  /** Names of the graph inputs. Defaults: `ids`, `mask`, `features`. */
  readonly inputNames?: Partial<OnnxInputNames>;
  /** `producer_version` of the model. Default `''`. */
  readonly producerVersion?: string;
  /**
   * `metadata_props`, e.g. the tokenizer version or the label names, for the serving side to
   * check. The exporter adds the spec as JSON under {@link modelSpecMetadataKey}, which is
   * therefore reserved. Default none.
   */
  readonly metadata?: Readonly<Record<string, string>>;
}

const defaultInputNames: OnnxInputNames = { ids: 'ids', mask: 'mask', features: 'features' };

function invalid(argument: string, message: string): never {
  throw new InvalidArgumentError({ argument, message });
}

function graphParts(weights: ModelWeights, names: OnnxInputNames): GraphParts {
  const { spec } = weights;
  if (spec.kind === 'text-classifier') {
    return textClassifierGraph({ ...weights, spec }, weights.embedding as Float32Array, names);
  }
  return mlpGraph({ ...weights, spec }, names);
}

function checkInputNames(parts: GraphParts): void {
  const taken = new Set([
    ...parts.initializers.map((tensor) => tensor.name),
    ...parts.nodes.flatMap((node) => node.output),
  ]);
  const seen = new Set<string>();
  for (const { name } of parts.inputs) {
    if (name === '' || taken.has(name) || seen.has(name)) {
      invalid(
        'inputNames',
        `input name ${JSON.stringify(name)} is empty, repeated or used inside the graph`,
      );
    }
    seen.add(name);
  }
}

/**
 * Writes `weights` as an ONNX model (the serialized `ModelProto`), runnable by onnxruntime
 * (Node, web, Python) with no Python export step.
 *
 * - Text classifier: inputs `ids: int64[batch, length]` (padded) and `mask: float[batch, length]`
 *   (1 for a token, 0 for padding; see `tokenBagsToPadded`); the graph computes
 *   EmbeddingBag(mean), where an empty bag embeds to zeros as in PyTorch.
 * - MLP: input `features: float[batch, inputs]`.
 *
 * Both give `logits` and `probabilities` (softmax over the last axis), `float[batch, classes]`.
 * Weights are initializers with little-endian float32 `raw_data`, named as PyTorch's
 * `state_dict` would (`embedding.weight`, `layers.0.weight`, ...).
 *
 * @throws {InvalidArgumentError} when the weights do not match their spec (`weights`), the
 *   opset is not 17 or 21 (`opset`), an input name clashes (`inputNames`) or the metadata
 *   uses the reserved key (`metadata`).
 */
export function exportOnnx(weights: ModelWeights, options: ExportOnnxOptions = {}): Uint8Array {
  const opset = options.opset ?? 17;
  const irVersion = onnxOpsetIrVersions[opset];
  if (irVersion === undefined) {
    invalid('opset', `opset must be one of 17, 21; got ${String(opset)}`);
  }
  const metadata = options.metadata ?? {};
  if (Object.hasOwn(metadata, modelSpecMetadataKey)) {
    invalid('metadata', `the metadata key ${modelSpecMetadataKey} is reserved for the exporter`);
  }
  checkWeights(weights);
  const parts = graphParts(weights, { ...defaultInputNames, ...options.inputNames });
  checkInputNames(parts);
  const model = create(ModelProtoSchema, {
    irVersion: BigInt(irVersion),
    opsetImport: [create(OperatorSetIdProtoSchema, { domain: '', version: BigInt(opset) })],
    producerName: onnxProducerName,
    producerVersion: options.producerVersion ?? '',
    graph: create(GraphProtoSchema, {
      name: weights.spec.kind === 'text-classifier' ? 'text_classifier' : 'mlp',
      node: parts.nodes,
      initializer: parts.initializers,
      input: parts.inputs,
      output: parts.outputs,
    }),
    metadataProps: [
      ...Object.entries(metadata),
      [modelSpecMetadataKey, JSON.stringify(weights.spec)] as const,
    ].map(([key, value]) => create(StringStringEntryProtoSchema, { key, value })),
  });
  return toBinary(ModelProtoSchema, model);
}
