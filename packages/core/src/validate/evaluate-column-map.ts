import { InvalidArgumentError } from '../errors';
import { type ColumnData, cellAt, isNullAt, requireNumeric, requireStrings } from './column-data';
import type { ColumnMapExpectation } from './expectations';
import { mapOutcome, type Outcome } from './outcome';

/** Evaluates a row-level expectation over one column, collecting the failing row indices. */
export function evaluateColumnMap(
  expectation: ColumnMapExpectation,
  data: ColumnData,
  rowCount: number,
): Outcome {
  const unexpected: number[] = [];
  let denominator = rowCount - data.nullCount;
  switch (expectation.type) {
    case 'expect_column_values_to_not_be_null':
      denominator = rowCount;
      if (data.nullCount > 0) {
        for (let index = 0; index < rowCount; index++)
          if (isNullAt(data, index)) unexpected.push(index);
      }
      break;
    case 'expect_column_values_to_be_between':
      collectOutOfBounds(requireNumeric(data, expectation.type), expectation, unexpected);
      break;
    case 'expect_column_values_to_be_in_set':
      collectNotInSet(data, expectation.valueSet, unexpected, expectation.type);
      break;
    case 'expect_column_values_to_be_unique':
      collectRepeated(data, unexpected, expectation.type);
      break;
    case 'expect_column_values_to_match_regex': {
      const pattern = new RegExp(expectation.regex, expectation.flags);
      const values = requireStrings(data, expectation.type, rowCount);
      for (let index = 0; index < values.length; index++) {
        const value = values[index];
        if (value != null && !pattern.test(value)) unexpected.push(index);
      }
      break;
    }
    case 'expect_column_value_lengths_to_be_between': {
      const values = requireStrings(data, expectation.type, rowCount);
      const min = expectation.min ?? null;
      const max = expectation.max ?? null;
      for (let index = 0; index < values.length; index++) {
        const value = values[index];
        if (value == null) continue;
        const length = codePointLength(value);
        if ((min !== null && length < min) || (max !== null && length > max))
          unexpected.push(index);
      }
      break;
    }
    case 'expect_column_values_to_be_increasing':
      collectNotIncreasing(
        requireNumeric(data, expectation.type),
        expectation.strictly ?? false,
        unexpected,
      );
      break;
  }
  return mapOutcome({
    unexpected,
    denominator,
    nullCount: data.nullCount,
    mostly: expectation.mostly,
    failureAt: (rowIndex) => ({
      column: data.name,
      failureCase: cellAt(data, rowIndex),
      rowIndex,
    }),
  });
}

type NumericData = Extract<ColumnData, { kind: 'numeric' }>;

function collectOutOfBounds(
  data: NumericData,
  bounds: { min?: number | null; max?: number | null; strictMin?: boolean; strictMax?: boolean },
  unexpected: number[],
): void {
  const { values, valid } = data;
  const min = bounds.min ?? Number.NEGATIVE_INFINITY;
  const max = bounds.max ?? Number.POSITIVE_INFINITY;
  const hasMin = bounds.min != null;
  const hasMax = bounds.max != null;
  const strictMin = hasMin && (bounds.strictMin ?? false);
  const strictMax = hasMax && (bounds.strictMax ?? false);
  for (let index = 0; index < values.length; index++) {
    if (valid !== null && valid[index] === 0) continue;
    const value = values[index] as number;
    // Written so that NaN, which compares false, fails.
    const aboveMin = strictMin ? value > min : value >= min;
    const belowMax = strictMax ? value < max : value <= max;
    if (!(aboveMin && belowMax)) unexpected.push(index);
  }
}

function collectNotIncreasing(data: NumericData, strictly: boolean, unexpected: number[]): void {
  const { values, valid } = data;
  let previous: number | undefined;
  for (let index = 0; index < values.length; index++) {
    if (valid !== null && valid[index] === 0) continue;
    const value = values[index] as number;
    if (previous !== undefined && !(strictly ? value > previous : value >= previous))
      unexpected.push(index);
    previous = value;
  }
}

function collectNotInSet(
  data: ColumnData,
  valueSet: readonly (string | number | boolean)[],
  unexpected: number[],
  check: string,
): void {
  if (data.kind === 'string') {
    const allowed = new Set(valueSet.filter((value) => typeof value === 'string'));
    data.values.forEach((value, index) => {
      if (value !== null && !allowed.has(value)) unexpected.push(index);
    });
    return;
  }
  const numeric = requireNumeric(data, check);
  const allowed = new Set<number>();
  for (const value of valueSet) {
    if (numeric.isBoolean && typeof value === 'boolean') allowed.add(value ? 1 : 0);
    if (!numeric.isBoolean && typeof value === 'number') allowed.add(value);
  }
  const { values, valid } = numeric;
  for (let index = 0; index < values.length; index++) {
    if (valid !== null && valid[index] === 0) continue;
    if (!allowed.has(values[index] as number)) unexpected.push(index);
  }
}

function collectRepeated(data: ColumnData, unexpected: number[], check: string): void {
  if (data.kind === 'other') {
    throw new InvalidArgumentError({
      argument: 'suite',
      message: `${check} supports numeric and string columns; ${JSON.stringify(data.name)} is neither. Remove the check or convert the column.`,
    });
  }
  const counts = new Map<number | string, number>();
  const present = (index: number) =>
    data.kind === 'numeric'
      ? data.valid === null || data.valid[index] === 1
      : data.values[index] !== null;
  const keyAt = (index: number) => data.values[index] as number | string;
  const length = data.values.length;
  for (let index = 0; index < length; index++) {
    if (!present(index)) continue;
    const key = keyAt(index);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (let index = 0; index < length; index++) {
    if (present(index) && (counts.get(keyAt(index)) as number) > 1) unexpected.push(index);
  }
}

/** Length in Unicode code points, as Python's `len` (a surrogate pair counts once). */
function codePointLength(value: string): number {
  let length = value.length;
  for (let index = 0; index < value.length - 1; index++) {
    const code = value.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        index++;
      }
    }
  }
  return length;
}
