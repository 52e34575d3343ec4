/** Checks of training data against a model spec, before any work is done. */
import { TrainingInputError } from '../errors';
import type { Features, Labels, ModelSpec } from '../model/types';

function fail(argument: string, message: string): never {
  throw new TrainingInputError({ argument, message });
}

/**
 * Throws `TrainingInputError` unless `features` fit `spec` (token bags for a text classifier
 * with ids in range and ordered offsets; finite dense rows of `spec.inputs` for an MLP).
 * Returns the number of rows.
 */
export function checkFeatures(spec: ModelSpec, features: Features): number {
  if (spec.kind === 'text-classifier') {
    if (
      features instanceof Float32Array ||
      !(features?.ids instanceof Int32Array) ||
      !(features.offsets instanceof Int32Array)
    ) {
      fail(
        'features',
        'A text classifier needs token bags { ids: Int32Array, offsets: Int32Array }.',
      );
    }
    const { ids, offsets } = features;
    if (offsets.length > 0 && offsets[0] !== 0)
      fail('features.offsets', 'features.offsets[0] must be 0.');
    for (let r = 0; r < offsets.length; r += 1) {
      const o = offsets[r] as number;
      if (o > ids.length || (r > 0 && o < (offsets[r - 1] as number))) {
        fail(
          'features.offsets',
          `features.offsets must be non-decreasing and at most ids.length (row ${String(r)}).`,
        );
      }
    }
    for (let k = 0; k < ids.length; k += 1) {
      const id = ids[k] as number;
      if (id < 0 || id >= spec.vocabularySize) {
        fail(
          'features.ids',
          `features.ids[${String(k)}] = ${String(id)} is outside 0 .. ${String(spec.vocabularySize - 1)}.`,
        );
      }
    }
    return offsets.length;
  }
  if (!(features instanceof Float32Array))
    fail('features', 'An MLP needs dense features as a Float32Array [rows, inputs].');
  if (features.length % spec.inputs !== 0) {
    fail(
      'features',
      `features has ${String(features.length)} values, not a multiple of spec.inputs = ${String(spec.inputs)}.`,
    );
  }
  for (let i = 0; i < features.length; i += 1) {
    if (!Number.isFinite(features[i])) {
      fail(
        'features',
        `features[${String(i)}] is ${String(features[i])}; features must be finite.`,
      );
    }
  }
  return features.length / spec.inputs;
}

/** Throws `TrainingInputError` unless there is one label per row, each in `0 .. classes - 1`. */
export function checkLabels(spec: ModelSpec, labels: Labels, rows: number): void {
  if (!(labels instanceof Int32Array)) fail('labels', 'labels must be an Int32Array.');
  if (labels.length !== rows) {
    fail(
      'labels',
      `labels has ${String(labels.length)} values but features have ${String(rows)} rows.`,
    );
  }
  for (let i = 0; i < labels.length; i += 1) {
    const y = labels[i] as number;
    if (y < 0 || y >= spec.classes) {
      fail(
        'labels',
        `labels[${String(i)}] = ${String(y)} is outside 0 .. ${String(spec.classes - 1)}.`,
      );
    }
  }
}

/** Throws `TrainingInputError` unless `value` is a positive integer. */
export function checkPositiveInt(argument: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    fail(argument, `Invalid ${argument} ${String(value)}: expected a positive integer.`);
  }
}
