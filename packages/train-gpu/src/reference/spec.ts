/** Checks of a `ModelSpec` and of `ModelWeights` against it. */
import { TrainingInputError } from '../errors';
import type { ModelSpec, ModelWeights } from '../model/types';

function positiveInt(argument: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new TrainingInputError({
      argument,
      message: `Invalid ${argument} ${String(value)}: expected a positive integer.`,
    });
  }
}

/** Throws `TrainingInputError` unless every size in `spec` is a positive integer. */
export function checkSpec(spec: ModelSpec): void {
  if (spec.kind === 'text-classifier') {
    positiveInt('spec.vocabularySize', spec.vocabularySize);
    positiveInt('spec.embeddingDim', spec.embeddingDim);
  } else if (spec.kind === 'mlp') {
    positiveInt('spec.inputs', spec.inputs);
  } else {
    throw new TrainingInputError({
      argument: 'spec.kind',
      message: `Unknown model kind ${String((spec as { kind: unknown }).kind)}: expected 'text-classifier' or 'mlp'.`,
    });
  }
  spec.hidden.forEach((width, i) => {
    positiveInt(`spec.hidden[${String(i)}]`, width);
  });
  positiveInt('spec.classes', spec.classes);
  if (spec.classes < 2) {
    throw new TrainingInputError({
      argument: 'spec.classes',
      message: `Invalid spec.classes ${String(spec.classes)}: expected at least 2.`,
    });
  }
}

/** Input width of the first Linear layer, then each layer's output width. */
export function layerSizes(spec: ModelSpec): number[] {
  const input = spec.kind === 'text-classifier' ? spec.embeddingDim : spec.inputs;
  return [input, ...spec.hidden, spec.classes];
}

/** Throws `TrainingInputError` unless `weights` has the shapes its spec implies. */
export function checkWeights(weights: ModelWeights): void {
  const { spec } = weights;
  checkSpec(spec);
  const sizes = layerSizes(spec);
  const fail = (argument: string, message: string): never => {
    throw new TrainingInputError({ argument, message });
  };
  if (spec.kind === 'text-classifier') {
    const want = spec.vocabularySize * spec.embeddingDim;
    if (weights.embedding?.length !== want) {
      fail(
        'weights.embedding',
        `weights.embedding must have vocabularySize * embeddingDim = ${String(want)} values.`,
      );
    }
  }
  if (weights.layers.length !== sizes.length - 1) {
    fail(
      'weights.layers',
      `weights.layers has ${String(weights.layers.length)} layers; the spec needs ${String(sizes.length - 1)}.`,
    );
  }
  weights.layers.forEach((layer, l) => {
    const inF = sizes[l] as number;
    const outF = sizes[l + 1] as number;
    if (
      layer.inFeatures !== inF ||
      layer.outFeatures !== outF ||
      layer.weight.length !== inF * outF ||
      layer.bias.length !== outF
    ) {
      fail(
        `weights.layers[${String(l)}]`,
        `weights.layers[${String(l)}] must be Linear(${String(inF)}, ${String(outF)}).`,
      );
    }
  });
}
