import { InvalidArgumentError } from '@dagnostics/core';
import type { NumericArray } from '@dagnostics/core/stats';
import { assertArrayInput } from './validation';

/** A class label: a string, or an integer-valued number. */
export type Label = string | number;

/** Per-sample class labels: all strings or all integer-valued numbers. */
export type LabelInput = readonly string[] | readonly number[] | readonly Label[] | NumericArray;

/** Whether a set of labels is numeric or textual (`'empty'` when there are none). */
export type LabelKind = 'number' | 'string' | 'empty';

/** Labels read from user input, with their kind. */
export interface CheckedLabels {
  values: Label[];
  kind: LabelKind;
}

function kindOf(label: unknown): 'number' | 'string' | undefined {
  if (typeof label === 'string') return 'string';
  if (typeof label === 'number' && Number.isInteger(label)) return 'number';
  return undefined;
}

/**
 * Reads per-sample labels, checking that they are all strings or all integer-valued numbers,
 * as scikit-learn's `type_of_target` requires (a NaN is rejected as missing; a fractional
 * number means scores were passed where classes were expected).
 */
export function checkLabels(values: unknown, argument: string): CheckedLabels {
  assertArrayInput(values, argument);
  const result: Label[] = new Array(values.length);
  let kind: LabelKind = 'empty';
  for (let i = 0; i < values.length; i++) {
    const label = values[i];
    const labelKind = kindOf(label);
    if (labelKind === undefined) {
      const hint =
        typeof label === 'number'
          ? Number.isNaN(label)
            ? 'drop samples with missing labels first'
            : 'pass class labels, not scores or probabilities (use rocAucScore or logLoss for scores)'
          : 'use strings or integers as class labels';
      throw new InvalidArgumentError({
        message: `\`${argument}\` must hold class labels (strings or integers), but entry ${i} is ${String(label)}; ${hint}.`,
        argument,
      });
    }
    if (kind === 'empty') kind = labelKind;
    else if (kind !== labelKind) {
      throw new InvalidArgumentError({
        message: `\`${argument}\` mixes string and number labels (entry ${i}); use one type for all labels.`,
        argument,
      });
    }
    result[i] = label as Label;
  }
  return { values: result, kind };
}

/** Throws InvalidArgumentError when two label sets are of different kinds (strings vs numbers). */
export function assertSameKind(
  first: CheckedLabels,
  firstName: string,
  second: CheckedLabels,
  secondName: string,
): void {
  if (first.kind !== 'empty' && second.kind !== 'empty' && first.kind !== second.kind) {
    throw new InvalidArgumentError({
      message: `\`${firstName}\` holds ${first.kind} labels but \`${secondName}\` holds ${second.kind} labels; use one type for both.`,
      argument: secondName,
    });
  }
}

/** Orders labels as numpy sorts them: numbers ascending, strings by Unicode code point. */
export function compareLabels(first: Label, second: Label): number {
  if (typeof first === 'number' && typeof second === 'number') return first - second;
  const a = String(first);
  const b = String(second);
  if (a === b) return 0;
  const aPoints = Array.from(a, (character) => character.codePointAt(0) as number);
  const bPoints = Array.from(b, (character) => character.codePointAt(0) as number);
  const shared = Math.min(aPoints.length, bPoints.length);
  for (let i = 0; i < shared; i++) {
    const difference = (aPoints[i] as number) - (bPoints[i] as number);
    if (difference !== 0) return difference;
  }
  return aPoints.length - bPoints.length;
}

/** The distinct labels of all `arrays`, sorted as `np.unique` sorts them. */
export function uniqueSortedLabels(...arrays: readonly (readonly Label[])[]): Label[] {
  const seen = new Set<Label>();
  for (const array of arrays) for (const label of array) seen.add(label);
  return Array.from(seen).sort(compareLabels);
}

/** Formats a label for an error message. */
export function formatLabel(label: Label): string {
  return typeof label === 'string' ? JSON.stringify(label) : String(label);
}

/**
 * Reads an explicit list of labels (the `labels` option of several metrics): it must be
 * non-empty, of one kind, and without duplicates.
 */
export function checkLabelList(values: unknown, argument: string): CheckedLabels {
  const checked = checkLabels(values, argument);
  if (checked.values.length === 0) {
    throw new InvalidArgumentError({
      message: `\`${argument}\` must name at least one label; leave it out to use the labels present in the data.`,
      argument,
    });
  }
  if (new Set(checked.values).size !== checked.values.length) {
    throw new InvalidArgumentError({
      message: `\`${argument}\` must not repeat a label; got ${checked.values.map(formatLabel).join(', ')}.`,
      argument,
    });
  }
  return checked;
}
