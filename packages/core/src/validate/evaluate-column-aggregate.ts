import { DataType, type Vector } from 'apache-arrow';
import { InvalidArgumentError } from '../errors';
import { mean, quantile, standardDeviation } from '../stats';
import { type ColumnData, type NumericValues, requireNumeric } from './column-data';
import type { ColumnAggregateExpectation, StrictBounds, ValueType } from './expectations';
import { listOutcome, type Outcome } from './outcome';
import { entryCounts } from './string-codes';

/**
 * Evaluates an expectation on a statistic of one column. A statistic that is undefined
 * (the mean of no value, the standard deviation of fewer than two, anything over a NaN)
 * is observed as null and fails, whatever the bounds.
 */
export function evaluateColumnAggregate(
  expectation: ColumnAggregateExpectation,
  data: ColumnData,
  vector: Vector,
): Outcome {
  if (expectation.type === 'expect_column_values_to_be_of_type') {
    const observed = String(vector.type);
    const success = matchesValueType(vector.type as DataType, expectation.valueType);
    return listOutcome(
      success ? [] : [{ column: data.name, failureCase: observed, rowIndex: null }],
      {
        nullCount: data.nullCount,
        unexpectedCount: null,
        unexpectedPercent: null,
        observedValue: observed,
      },
    );
  }
  const observed = observe(expectation, data);
  const success = observed !== null && withinBounds(observed, expectation);
  return listOutcome(
    success ? [] : [{ column: data.name, failureCase: observed, rowIndex: null }],
    {
      success,
      nullCount: data.nullCount,
      unexpectedCount: null,
      unexpectedPercent: null,
      observedValue: observed,
    },
  );
}

function observe(
  expectation: Exclude<ColumnAggregateExpectation, { type: 'expect_column_values_to_be_of_type' }>,
  data: ColumnData,
): number | null {
  if (expectation.type === 'expect_column_unique_value_count_to_be_between') {
    return distinctCount(data, expectation.type);
  }
  const values = nonNullValues(requireNumeric(data, expectation.type));
  let observed: number;
  switch (expectation.type) {
    case 'expect_column_mean_to_be_between':
      if (values.length === 0) return null;
      observed = mean(values);
      break;
    case 'expect_column_stdev_to_be_between':
      if (values.length < 2) return null;
      observed = standardDeviation(values, { ddof: 1 });
      break;
    case 'expect_column_quantile_values_to_be_between':
      if (values.length === 0) return null;
      observed = quantile(values, expectation.quantile, { method: expectation.method ?? 'linear' });
      break;
  }
  return Number.isNaN(observed) ? null : observed;
}

/** Inclusive unless strict; a missing bound does not limit. */
export function withinBounds(value: number, bounds: StrictBounds): boolean {
  const { min, max } = bounds;
  if (min != null && !(bounds.strictMin ? value > min : value >= min)) return false;
  if (max != null && !(bounds.strictMax ? value < max : value <= max)) return false;
  return true;
}

function nonNullValues(data: Extract<ColumnData, { kind: 'numeric' }>): NumericValues {
  const { values, valid, nullCount } = data;
  if (valid === null) return values;
  const compact = new Float64Array(values.length - nullCount);
  let position = 0;
  for (let index = 0; index < values.length; index++) {
    if (valid[index] === 1) compact[position++] = values[index] as number;
  }
  return compact;
}

function distinctCount(data: ColumnData, check: string): number {
  if (data.kind === 'string') {
    let used = 0;
    for (const count of entryCounts(data)) if (count > 0) used++;
    return used;
  }
  if (data.kind === 'other') {
    throw new InvalidArgumentError({
      argument: 'suite',
      message: `${check} supports numeric and string columns; ${JSON.stringify(data.name)} is neither. Remove the check or convert the column.`,
    });
  }
  return new Set(nonNullValues(data)).size;
}

function matchesValueType(type: DataType, valueType: ValueType): boolean {
  const dictionaryOf = DataType.isDictionary(type) ? type.dictionary : undefined;
  switch (valueType) {
    case 'integer':
      return DataType.isInt(type);
    case 'float':
      return DataType.isFloat(type);
    case 'number':
      return DataType.isInt(type) || DataType.isFloat(type) || DataType.isDecimal(type);
    case 'boolean':
      return DataType.isBool(type);
    case 'string': {
      const inner = dictionaryOf ?? type;
      return DataType.isUtf8(inner) || DataType.isLargeUtf8(inner);
    }
    case 'timestamp':
      return DataType.isTimestamp(type);
    case 'date':
      return DataType.isDate(type);
    case 'null':
      return DataType.isNull(type);
  }
}
