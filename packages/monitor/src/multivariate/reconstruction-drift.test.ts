import { EmptyInputError, InvalidArgumentError } from '@dagnostics/core';
import { tableFromColumns } from '@dagnostics/core/arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectClose, readGolden } from '../../test/support/golden';
import {
  fitReconstructionDrift,
  type ReconstructionDriftChunk,
  type ReconstructionDriftOptions,
} from './index';

/** Continuous columns hold numbers (NaN when missing), categorical ones labels or null. */
type GoldenColumns = Record<string, number[] | (string | null)[]>;

interface GoldenChunk {
  key: string;
  chunkIndex: number;
  startIndex: number;
  endIndex: number;
  reconstructionError: number;
  samplingError: number;
  upperConfidenceBound: number;
  lowerConfidenceBound: number;
  upperThreshold: number | null;
  lowerThreshold: number | null;
  alert: boolean;
}

interface GoldenCase {
  name: string;
  continuousColumns: string[];
  categoricalColumns: string[];
  options: { chunkSize: number; varianceExplained?: number; componentCount?: number };
  dataOf?: string;
  reference?: GoldenColumns;
  analysis?: GoldenColumns;
  model: {
    svdSolver: string;
    componentCount: number;
    explainedVarianceRatio: number[];
    imputedContinuous: Record<string, number>;
    imputedCategorical: Record<string, string>;
    countEncodings: Record<string, Record<string, number>>;
    scalerMean: Record<string, number>;
    scalerScale: Record<string, number>;
    lowerThreshold: number | null;
    upperThreshold: number | null;
  };
  referenceChunks: GoldenChunk[];
  analysisChunks: GoldenChunk[];
}

const golden = readGolden<{ anchors: Record<string, string>; cases: GoldenCase[] }>(
  new URL('./__fixtures__/multivariate.json', import.meta.url),
);
const goldenCases = golden.cases.cases;

/**
 * PCA here goes through a Jacobi eigendecomposition and NannyML's through LAPACK, so the
 * principal axes agree to rounding, not bit for bit. The worst case in the fixture is
 * 4e-13 (a sampling error where the 2nd and 3rd eigenvalues are only 7e-4 apart); the
 * bound leaves room for fixtures regenerated on another BLAS build.
 */
const pcaRtol = 1e-10;
/** Imputation means, frequencies and scaler moments are plain sums: numpy's order gives 1e-15. */
const preprocessingRtol = 1e-13;

function inputsOf(testCase: GoldenCase): { reference: GoldenColumns; analysis: GoldenColumns } {
  const source =
    testCase.dataOf === undefined
      ? testCase
      : goldenCases.find((candidate) => candidate.name === testCase.dataOf);
  if (source?.reference === undefined || source.analysis === undefined) {
    throw new Error(`fixture case ${testCase.name} has no data`);
  }
  return { reference: source.reference, analysis: source.analysis };
}

function optionsOf(testCase: GoldenCase): ReconstructionDriftOptions {
  return {
    continuousColumns: testCase.continuousColumns,
    categoricalColumns: testCase.categoricalColumns,
    ...testCase.options,
  };
}

function expectChunks(
  actual: readonly ReconstructionDriftChunk[],
  expected: readonly GoldenChunk[],
  label: string,
): void {
  expect(actual.map((chunk) => chunk.key)).toEqual(expected.map((chunk) => chunk.key));
  actual.forEach((chunk, index) => {
    const want = expected[index] as GoldenChunk;
    const at = `${label} ${want.key}`;
    expect([chunk.chunkIndex, chunk.startIndex, chunk.endIndex, chunk.rowCount], at).toEqual([
      want.chunkIndex,
      want.startIndex,
      want.endIndex,
      want.endIndex - want.startIndex + 1,
    ]);
    expectClose(chunk.reconstructionError, want.reconstructionError, {
      rtol: pcaRtol,
      label: `${at} value`,
    });
    expectClose(chunk.samplingError, want.samplingError, { rtol: pcaRtol, label: `${at} se` });
    expectClose(chunk.upperConfidenceBound, want.upperConfidenceBound, {
      rtol: pcaRtol,
      label: `${at} upper bound`,
    });
    expectClose(chunk.lowerConfidenceBound, want.lowerConfidenceBound, {
      rtol: pcaRtol,
      label: `${at} lower bound`,
    });
    for (const side of ['upperThreshold', 'lowerThreshold'] as const) {
      const expectedThreshold = want[side];
      if (expectedThreshold === null) expect(chunk[side], `${at} ${side}`).toBeNull();
      else expectClose(chunk[side] as number, expectedThreshold, { rtol: pcaRtol, label: side });
    }
    expect(chunk.alert, `${at} alert`).toBe(want.alert);
  });
}

describe('fitReconstructionDrift matches NannyML DataReconstructionDriftCalculator (golden)', () => {
  it('names the anchor versions', () => {
    expect(golden.cases.anchors.nannyml).toBe('0.13.1');
  });

  it.each(goldenCases.map((testCase) => [testCase.name, testCase] as const))(
    '%s',
    (_name, testCase) => {
      const { reference, analysis } = inputsOf(testCase);
      const model = fitReconstructionDrift(reference, optionsOf(testCase));
      const want = testCase.model;

      expect(model.componentCount).toBe(want.componentCount);
      model.explainedVarianceRatio.forEach((ratio, index) => {
        expectClose(ratio, want.explainedVarianceRatio[index] as number, {
          rtol: pcaRtol,
          label: `explained variance ratio ${index}`,
        });
      });
      const { preprocessing } = model;
      for (const [column, value] of Object.entries(want.imputedContinuous)) {
        expectClose(preprocessing.continuousImputation[column] as number, value, {
          rtol: preprocessingRtol,
          label: `${column} imputation`,
        });
      }
      expect(preprocessing.categoricalImputation).toEqual(want.imputedCategorical);
      for (const [column, shares] of Object.entries(want.countEncodings)) {
        const encoding = preprocessing.countEncodings[column];
        expect([...(encoding?.keys() ?? [])].sort()).toEqual(Object.keys(shares).sort());
        for (const [label, share] of Object.entries(shares)) {
          expect(encoding?.get(label), `${column}=${label}`).toBe(share);
        }
      }
      for (const column of model.columns) {
        expectClose(preprocessing.scalerMean[column] as number, want.scalerMean[column] as number, {
          rtol: preprocessingRtol,
          label: `${column} scaler mean`,
        });
        expectClose(
          preprocessing.scalerScale[column] as number,
          want.scalerScale[column] as number,
          { rtol: preprocessingRtol, label: `${column} scaler scale` },
        );
      }

      expectChunks(model.referenceChunks, testCase.referenceChunks, 'reference');
      expectChunks(model.evaluate(analysis), testCase.analysisChunks, 'analysis');
    },
  );

  it('alerts on a change of correlation that leaves every marginal distribution unchanged', () => {
    const testCase = goldenCases.find((candidate) => candidate.name === 'correlation-drift');
    const { reference, analysis } = inputsOf(testCase as GoldenCase);
    const chunks = fitReconstructionDrift(reference, optionsOf(testCase as GoldenCase)).evaluate(
      analysis,
    );
    // The first 1250 analysis rows follow the reference structure, the rest are flipped.
    expect(chunks.map((chunk) => chunk.alert)).toEqual(
      chunks.map((chunk) => chunk.startIndex >= 1250),
    );
  });
});

describe('fitReconstructionDrift: inputs and options', () => {
  const testCase = goldenCases.find((candidate) => candidate.name === 'tiny-chunks') as GoldenCase;
  const { reference, analysis } = inputsOf(testCase);

  it('reads Arrow tables like plain columns', () => {
    const plain = fitReconstructionDrift(reference, optionsOf(testCase));
    const fromTable = fitReconstructionDrift(tableFromColumns(reference), optionsOf(testCase));
    expect(fromTable.referenceChunks).toEqual(plain.referenceChunks);
    expect(fromTable.evaluate(tableFromColumns(analysis))).toEqual(plain.evaluate(analysis));
  });

  it('averages the row errors of each chunk', () => {
    const model = fitReconstructionDrift(reference, { ...optionsOf(testCase), chunkSize: 7 });
    const rows = model.rowErrors(analysis);
    expect(rows).toHaveLength(12);
    const chunks = model.evaluate(analysis);
    expect(chunks.map((chunk) => chunk.key)).toEqual(['[0:6]', '[7:11]']);
    chunks.forEach((chunk) => {
      const slice = rows.slice(chunk.startIndex, chunk.endIndex + 1);
      expectClose(chunk.reconstructionError, slice.reduce((sum, v) => sum + v, 0) / slice.length, {
        rtol: 1e-14,
      });
    });
  });

  it('keeps, drops or appends the rows after the last full chunk', () => {
    const model = fitReconstructionDrift(reference, { ...optionsOf(testCase), chunkSize: 5 });
    const keys = (incomplete: 'keep' | 'drop' | 'append') =>
      model.evaluate(analysis, { incomplete }).map((chunk) => chunk.key);
    expect(keys('keep')).toEqual(['[0:4]', '[5:9]', '[10:11]']);
    expect(keys('drop')).toEqual(['[0:4]', '[5:9]']);
    expect(keys('append')).toEqual(['[0:4]', '[5:11]']);
    expect(model.evaluate(analysis, { chunkSize: 20 }).map((chunk) => chunk.key)).toEqual([
      '[0:11]',
    ]);
  });

  it('uses constant thresholds and drops a lower threshold at or below 0', () => {
    const options = optionsOf(testCase);
    const constant = fitReconstructionDrift(reference, {
      ...options,
      threshold: { kind: 'constant', lower: 0.5, upper: 2 },
    });
    expect([constant.lowerThreshold, constant.upperThreshold]).toEqual([0.5, 2]);
    for (const chunk of constant.evaluate(analysis)) {
      const value = chunk.reconstructionError;
      expect(chunk.alert).toBe(!(value > 0.5 && value < 2));
    }
    const floored = fitReconstructionDrift(reference, {
      ...options,
      threshold: { kind: 'constant', lower: 0, upper: 2 },
    });
    expect(floored.lowerThreshold).toBeNull();
    const upperOnly = fitReconstructionDrift(reference, {
      ...options,
      threshold: { kind: 'standard-deviation', lowerMultiplier: null, upperMultiplier: 1 },
    });
    expect(upperOnly.lowerThreshold).toBeNull();
    expect(upperOnly.upperThreshold as number).toBeLessThan(
      fitReconstructionDrift(reference, options).upperThreshold as number,
    );
  });

  it('reconstructs perfectly with every component kept', () => {
    const model = fitReconstructionDrift(reference, {
      continuousColumns: testCase.continuousColumns,
      categoricalColumns: testCase.categoricalColumns,
      chunkSize: 1,
      componentCount: 6,
    });
    for (const error of model.rowErrors(analysis)) expect(error).toBeLessThan(1e-12);
  });

  it('does not depend on the units or the order of the continuous columns', () => {
    const base = fitReconstructionDrift(reference, optionsOf(testCase)).rowErrors(analysis);
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        fc.shuffledSubarray(testCase.continuousColumns, {
          minLength: testCase.continuousColumns.length,
        }),
        (scale, shift, order) => {
          const rescale = (columns: GoldenColumns) => ({
            ...columns,
            weight_kg: (columns.weight_kg as number[]).map((value) => value * scale + shift),
          });
          const errors = fitReconstructionDrift(rescale(reference), {
            ...optionsOf(testCase),
            continuousColumns: order,
          }).rowErrors(rescale(analysis));
          errors.forEach((error, row) => {
            expectClose(error, base[row] as number, { rtol: 1e-7, label: `row ${row}` });
          });
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('fitReconstructionDrift: bad input', () => {
  const reference = {
    a: new Float64Array([1, 2, 3, 4, 5, 6]),
    b: new Float64Array([2, 1, 4, 3, 6, 5]),
    c: ['x', 'y', 'x', null, 'y', 'x'],
  };
  const options: ReconstructionDriftOptions = {
    continuousColumns: ['a', 'b'],
    categoricalColumns: ['c'],
    chunkSize: 2,
  };
  const failure = (run: () => unknown): InvalidArgumentError => {
    try {
      run();
    } catch (error) {
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      return error as InvalidArgumentError;
    }
    throw new Error('expected an InvalidArgumentError');
  };

  it('names a missing column and lists those present', () => {
    const error = failure(() =>
      fitReconstructionDrift({ a: reference.a, c: reference.c }, options),
    );
    expect(error.argument).toBe('reference');
    expect(error.message).toContain('"b"');
    expect(error.message).toContain('"a", "c"');
    const model = fitReconstructionDrift(reference, options);
    expect(failure(() => model.evaluate({ a: reference.a, b: reference.b })).message).toContain(
      'Column "c" is missing from the current data',
    );
  });

  it('rejects empty data and columns without any value with EmptyInputError', () => {
    const empty = failure(() =>
      fitReconstructionDrift({ a: new Float64Array(0), b: new Float64Array(0), c: [] }, options),
    );
    expect(EmptyInputError.isInstance(empty)).toBe(true);
    const allMissing = failure(() =>
      fitReconstructionDrift({ ...reference, b: new Float64Array(6).fill(Number.NaN) }, options),
    );
    expect(EmptyInputError.isInstance(allMissing)).toBe(true);
    expect(allMissing.message).toContain('"b"');
    const noLabels = failure(() =>
      fitReconstructionDrift({ ...reference, c: new Array(6).fill(null) }, options),
    );
    expect(EmptyInputError.isInstance(noLabels)).toBe(true);
    expect(noLabels.message).toContain('"c"');
    const model = fitReconstructionDrift(reference, options);
    expect(
      EmptyInputError.isInstance(
        failure(() => model.evaluate({ a: new Float64Array(0), b: new Float64Array(0), c: [] })),
      ),
    ).toBe(true);
  });

  it('accepts a constant column (scale 1) but not a reference where every column is constant', () => {
    const model = fitReconstructionDrift(
      { ...reference, a: new Float64Array(6).fill(7.5) },
      options,
    );
    expect(model.preprocessing.scalerScale.a).toBe(1);
    const shifted = model.rowErrors({ ...reference, a: new Float64Array(6).fill(8.5) });
    const unshifted = model.rowErrors({ ...reference, a: new Float64Array(6).fill(7.5) });
    shifted.forEach((error, row) => {
      expect(error).toBeGreaterThan(unshifted[row] as number);
    });
    const error = failure(() =>
      fitReconstructionDrift(
        { a: new Float64Array(4).fill(1), b: new Float64Array(4).fill(2), c: ['x', 'x', 'x', 'x'] },
        options,
      ),
    );
    expect(error.message).toContain('constant');
  });

  it('rejects infinities, wrong value kinds and ragged columns, naming the column', () => {
    expect(
      failure(() =>
        fitReconstructionDrift(
          { ...reference, a: new Float64Array([1, 2, Infinity, 4, 5, 6]) },
          options,
        ),
      ).message,
    ).toContain('"a" of the reference data is infinite at row 2');
    expect(
      failure(() =>
        fitReconstructionDrift({ ...reference, c: [1, 2, 3, 4, 5, 6] } as never, options),
      ).message,
    ).toContain('Categorical column "c"');
    expect(
      failure(() =>
        fitReconstructionDrift({ ...reference, a: ['1', '2', '3', '4', '5', '6'] }, options),
      ).message,
    ).toContain('Continuous column "a"');
    expect(
      failure(() => fitReconstructionDrift({ ...reference, b: new Float64Array(5) }, options))
        .message,
    ).toContain('differ in length');
    expect(failure(() => fitReconstructionDrift(null as never, options)).argument).toBe(
      'reference',
    );
  });

  it('rejects invalid options', () => {
    const cases: [Partial<ReconstructionDriftOptions>, string][] = [
      [{ chunkSize: 0 }, 'chunkSize'],
      [{ chunkSize: 2.5 }, 'chunkSize'],
      [{ varianceExplained: 1 }, 'varianceExplained'],
      [{ varianceExplained: 0 }, 'varianceExplained'],
      [{ varianceExplained: 0.5, componentCount: 1 }, 'componentCount'],
      [{ componentCount: 0 }, 'componentCount'],
      [{ componentCount: 4 }, 'componentCount'],
      [{ incomplete: 'merge' as never }, 'incomplete'],
      [{ continuousColumns: [], categoricalColumns: [] }, 'options'],
      [{ continuousColumns: ['a', 'a'] }, 'options'],
      [{ categoricalColumns: ['c', 'a'] }, 'options'],
      [{ threshold: { kind: 'constant', lower: 2, upper: 1 } }, 'threshold'],
      [{ threshold: { kind: 'standard-deviation', upperMultiplier: -1 } }, 'threshold'],
      [{ threshold: { kind: 'quantile' } as never }, 'threshold'],
    ];
    for (const [override, argument] of cases) {
      expect(
        failure(() => fitReconstructionDrift(reference, { ...options, ...override })).argument,
      ).toBe(argument);
    }
    expect(
      failure(() =>
        fitReconstructionDrift(reference, { ...options, chunkSize: 10, incomplete: 'drop' }),
      ).message,
    ).toContain('no complete chunk');
    expect(failure(() => fitReconstructionDrift(reference, undefined as never)).argument).toBe(
      'options',
    );
    const single = failure(() =>
      fitReconstructionDrift({ a: [1], b: [2], c: ['x'] }, { ...options, chunkSize: 1 }),
    );
    expect(single.message).toContain('single row');
    const model = fitReconstructionDrift(reference, options);
    expect(failure(() => model.evaluate(reference, { chunkSize: -1 })).argument).toBe('chunkSize');
  });
});
