import { describe, expect, it } from 'vitest';
import { readGolden } from '../../test/support/golden';
import { tableFromColumns } from '../arrow';
import { defineSuite, type Expectation, validate } from './index';

interface GoldenCase {
  label: string;
  columns: Record<string, (number | string | null)[]>;
  expectation: Expectation;
  success: boolean;
  result: {
    element_count?: number;
    missing_count?: number;
    unexpected_count?: number;
    unexpected_percent?: number | null;
    unexpected_list?: unknown[];
    unexpected_index_list?: number[];
    observed_value?: unknown;
  };
}

const golden = readGolden<GoldenCase[]>(
  new URL('./__fixtures__/great-expectations.json', import.meta.url),
);

function tableOf(columns: GoldenCase['columns']) {
  return tableFromColumns(
    Object.fromEntries(
      Object.entries(columns).map(([name, values]) => [
        name,
        values.length === 0 ? new Float64Array(0) : values,
      ]),
    ),
  );
}

/** GE lists a missing cell as NaN or None and a compound failure as a record; the failure table holds null and the list of cells. */
function asFailureCase(value: unknown): unknown {
  if (typeof value === 'number' && Number.isNaN(value)) return null;
  if (value !== null && typeof value === 'object' && !Array.isArray(value))
    return Object.values(value);
  return value;
}

describe('agreement with Great Expectations 1.2.0 (pandas engine)', () => {
  it.each(golden.cases)('$label', (testCase) => {
    const result = validate(tableOf(testCase.columns), defineSuite([testCase.expectation]), {
      resultFormat: 'complete',
    });
    const check = result.results[0];
    const expected = testCase.result;
    expect(check?.success).toBe(testCase.success);
    if (expected.element_count !== undefined)
      expect(check?.elementCount).toBe(expected.element_count);
    if (expected.missing_count !== undefined) expect(check?.nullCount).toBe(expected.missing_count);
    if (expected.unexpected_count !== undefined)
      expect(check?.unexpectedCount).toBe(expected.unexpected_count);
    if (expected.unexpected_percent === null) expect(check?.unexpectedPercent).toBeNull();
    else if (expected.unexpected_percent !== undefined)
      expect(check?.unexpectedPercent).toBeCloseTo(expected.unexpected_percent, 12);
    if (expected.unexpected_index_list !== undefined) {
      expect(result.failureCases.map((row) => row.rowIndex)).toEqual(
        expected.unexpected_index_list,
      );
      expect(result.failureCases.map((row) => row.failureCase)).toEqual(
        (expected.unexpected_list ?? []).map(asFailureCase),
      );
    }
    if ('observed_value' in expected) {
      if (typeof expected.observed_value === 'number')
        expect(check?.observedValue).toBeCloseTo(expected.observed_value, 12);
      else expect(check?.observedValue).toEqual(expected.observed_value);
    }
  });
});
