import { InvalidArgumentError } from '@dagnostics/core';
import type { LinearWeights, ModelWeights } from '../model/types';

function fail(message: string): never {
  throw new InvalidArgumentError({ argument: 'weights', message });
}

function checkSize(name: string, actual: number, expected: number): void {
  if (actual !== expected) {
    fail(`${name} has ${actual} values; the spec needs ${expected}`);
  }
}

function checkCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    fail(`${name} must be a positive integer, got ${value}`);
  }
}

function checkLayer(layer: LinearWeights, index: number, inputs: number, outputs: number): void {
  const name = `layers[${index}]`;
  if (layer.inFeatures !== inputs || layer.outFeatures !== outputs) {
    fail(
      `${name} is ${layer.inFeatures} → ${layer.outFeatures}; the spec needs ${inputs} → ${outputs}`,
    );
  }
  checkSize(`${name}.weight`, layer.weight.length, outputs * inputs);
  checkSize(`${name}.bias`, layer.bias.length, outputs);
}

/**
 * Checks that `weights` match their spec: an embedding table only for a text classifier,
 * of `vocabularySize × embeddingDim` values, and one `Linear` per hidden layer plus the
 * output layer, each chaining from the previous width to the next.
 *
 * @throws {InvalidArgumentError} (`argument: 'weights'`) naming the first mismatch.
 */
export function checkWeights(weights: ModelWeights): void {
  const { spec } = weights;
  let width: number;
  if (spec.kind === 'text-classifier') {
    checkCount('spec.vocabularySize', spec.vocabularySize);
    checkCount('spec.embeddingDim', spec.embeddingDim);
    if (weights.embedding === undefined) fail('a text classifier needs an embedding table');
    checkSize('embedding', weights.embedding.length, spec.vocabularySize * spec.embeddingDim);
    width = spec.embeddingDim;
  } else {
    checkCount('spec.inputs', spec.inputs);
    if (weights.embedding !== undefined) fail('an MLP has no embedding table');
    width = spec.inputs;
  }
  spec.hidden.forEach((size, index) => {
    checkCount(`spec.hidden[${index}]`, size);
  });
  checkCount('spec.classes', spec.classes);
  const widths = [...spec.hidden, spec.classes];
  if (weights.layers.length !== widths.length) {
    fail(
      `there are ${weights.layers.length} layers; the spec needs ${widths.length} ` +
        `(${spec.hidden.length} hidden and the output layer)`,
    );
  }
  widths.forEach((outputs, index) => {
    checkLayer(weights.layers[index] as LinearWeights, index, width, outputs);
    width = outputs;
  });
}
