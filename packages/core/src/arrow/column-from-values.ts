import { type DataType, Field, type Vector } from 'apache-arrow';
import { InvalidArgumentError } from '../errors';
import { coerceValue, describeValue } from './coerce-value';
import { inferValueType, type StringEncoding } from './infer-value-type';
import { type RecordLocator, valueError } from './record-locator';
import { supportedTypesDescription, valueFamilyOf } from './value-family';
import { vectorFromValues } from './vector-from-values';

/**
 * One column built from JavaScript values: of the declared field's type when `declared` is
 * given (each value checked, a null refused where the field is not nullable), otherwise of
 * the inferred type (see `inferValueType`) in a nullable field.
 */
export function columnFromValues(
  name: string,
  values: readonly unknown[],
  declared: Field | undefined,
  stringEncoding: StringEncoding,
  locator: RecordLocator,
): { field: Field; vector: Vector } {
  const field = declared ?? new Field(name, inferType(name, values, stringEncoding, locator), true);
  const family = valueFamilyOf(field.type);
  if (family === undefined) {
    throw new InvalidArgumentError({
      argument: 'schema',
      message: `Field ${JSON.stringify(name)} has type ${String(field.type)}, which cannot be built from JavaScript values. Declare one of: ${supportedTypesDescription}.`,
    });
  }
  const converted = new Array<unknown>(values.length);
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    const result = coerceValue(field.type, family, value);
    if (result === undefined) {
      throw valueError(
        locator,
        name,
        index,
        `${describeValue(value)} does not fit type ${String(field.type)}; fix the value or declare another type in the schema`,
      );
    }
    if (result === null && !field.nullable) {
      throw valueError(
        locator,
        name,
        index,
        'is null but the schema declares the field not nullable; supply a value or make the field nullable',
      );
    }
    converted[index] = result;
  }
  return { field, vector: vectorFromValues(field.type, converted) };
}

function inferType(
  name: string,
  values: readonly unknown[],
  stringEncoding: StringEncoding,
  locator: RecordLocator,
): DataType {
  const inferred = inferValueType(values, stringEncoding);
  if (inferred.ok) return inferred.type;
  const problem =
    inferred.firstIndex === undefined
      ? `holds a value of kind ${inferred.kind}, which a flat column cannot store; flatten it, convert it to a string (for example with JSON.stringify) or leave the column out`
      : `holds a ${inferred.kind} but ${locator.describe(inferred.firstIndex)} holds a ${inferred.firstKind}; give the column one kind of value, or pass a schema that declares its type`;
  throw valueError(locator, name, inferred.index, problem);
}
