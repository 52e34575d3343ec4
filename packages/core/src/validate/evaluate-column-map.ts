import { InvalidArgumentError } from '../errors';
import { type ColumnData, cellAt, isNullAt, requireNumeric, requireStrings } from './column-data';
import type { ColumnMapExpectation } from './expectations';
import { mapOutcome, type Outcome } from './outcome';
import { repeatedRows } from './repeated-numbers';
import { entryCounts, entryFlags, type StringCodes } from './string-codes';

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
      collectFailingEntries(
        requireStrings(data, expectation.type, rowCount),
        (value) => pattern.test(value),
        unexpected,
      );
      break;
    }
    case 'expect_column_value_lengths_to_be_between': {
      const min = expectation.min ?? null;
      const max = expectation.max ?? null;
      collectFailingEntries(
        requireStrings(data, expectation.type, rowCount),
        (value) => {
          const length = codePointLength(value);
          return !((min !== null && length < min) || (max !== null && length > max));
        },
        unexpected,
      );
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
  // Each loop is written so that NaN, which compares false, fails; the common inclusive
  // case without nulls gets a loop of its own, the hot path of large tables.
  const length = values.length;
  if (valid === null && !strictMin && !strictMax) {
    for (let index = 0; index < length; index++) {
      const value = values[index] as number;
      if (!(value >= min && value <= max)) unexpected.push(index);
    }
    return;
  }
  for (let index = 0; index < length; index++) {
    if (valid !== null && valid[index] === 0) continue;
    const value = values[index] as number;
    const aboveMin = strictMin ? value > min : value >= min;
    const belowMax = strictMax ? value < max : value <= max;
    if (!(aboveMin && belowMax)) unexpected.push(index);
  }
}

/** Rows (not null) whose string fails `test`; the test runs once per distinct string. */
function collectFailingEntries(
  strings: StringCodes,
  test: (value: string) => boolean,
  unexpected: number[],
): void {
  const passes = entryFlags(strings.entries, test);
  if (passes.every((flag) => flag === 1)) return;
  const { codes } = strings;
  for (let index = 0; index < codes.length; index++) {
    const code = codes[index] as number;
    if (code >= 0 && passes[code] === 0) unexpected.push(index);
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
    collectFailingEntries(data, (value) => allowed.has(value), unexpected);
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
  if (data.kind === 'numeric') {
    for (const row of repeatedRows(data.values, data.valid)) unexpected.push(row);
    return;
  }
  const counts = entryCounts(data);
  const { codes } = data;
  for (let index = 0; index < codes.length; index++) {
    const code = codes[index] as number;
    if (code >= 0 && (counts[code] as number) > 1) unexpected.push(index);
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
