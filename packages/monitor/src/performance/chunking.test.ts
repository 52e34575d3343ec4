import { describe, expect, it } from 'vitest';
import { expectClose } from '../../test/support/golden';
import { type GoldenChunk, performanceGolden } from './__fixtures__/performance-fixture';
import {
  accuracy,
  type Chunk,
  chunkByCount,
  chunkByPeriod,
  chunkBySize,
  computeOverChunks,
} from './index';

const golden = performanceGolden();
const { yTrue, yPred } = golden.chunking;

function expectChunks(actual: Chunk[], expected: GoldenChunk[]): void {
  expect(actual.map((chunk) => chunk.key)).toEqual(expected.map((chunk) => chunk.key));
  actual.forEach((chunk, i) => {
    const want = expected[i] as GoldenChunk;
    expect(chunk.index).toBe(want.index);
    expect([chunk.startIndex, chunk.endIndex], chunk.key).toEqual([want.startIndex, want.endIndex]);
    const rows =
      want.rows ??
      Array.from({ length: want.endIndex - want.startIndex + 1 }, (_, k) => want.startIndex + k);
    expect(chunk.rows, chunk.key).toEqual(rows);
    if (want.startTimeMs !== undefined) {
      expect([chunk.startTimeMs, chunk.endTimeMs], chunk.key).toEqual([
        want.startTimeMs,
        want.endTimeMs,
      ]);
    }
  });
}

function expectAccuracies(chunks: Chunk[], expected: GoldenChunk[]): void {
  const results = computeOverChunks(chunks, { yTrue, yPred }, (rows) =>
    accuracy(rows.yTrue, rows.yPred),
  );
  results.forEach(({ value }, i) => {
    expectClose(value, expected[i]?.accuracy as number, { label: `chunk ${i}` });
  });
}

describe('chunking matches NannyML 0.13.1 (golden)', () => {
  it.each(
    golden.chunking.size.map((c) => [`${c.length} rows by ${c.size}, ${c.incomplete}`, c] as const),
  )('size: %s', (_name, testCase) => {
    const chunks = chunkBySize(testCase.length, {
      size: testCase.size,
      incomplete: testCase.incomplete,
    });
    expectChunks(chunks, testCase.chunks);
    expectAccuracies(chunks, testCase.chunks);
  });

  it('size, in timestamp order, with each chunk’s earliest and latest time', () => {
    const { timestamps, size, chunks } = golden.chunking.timedSize;
    expectChunks(chunkBySize(timestamps.length, { size, timestamps }), chunks);
  });

  it.each(golden.chunking.count.map((c) => [`${c.length} rows into ${c.count}`, c] as const))(
    'count: %s',
    (_name, testCase) => {
      const chunks = chunkByCount(testCase.length, { count: testCase.count });
      expectChunks(chunks, testCase.chunks);
      expectAccuracies(chunks, testCase.chunks);
    },
  );

  it.each(golden.chunking.period.map((c) => [c.period, c] as const))(
    'period: %s',
    (_name, testCase) => {
      expectChunks(
        chunkByPeriod(testCase.timestamps, { period: testCase.period }),
        testCase.chunks,
      );
    },
  );
});

describe('chunking: behaviour', () => {
  it('keeps, appends or drops the incomplete last chunk', () => {
    expect(chunkBySize(25, { size: 10 }).map((c) => c.key)).toEqual([
      '[0:9]',
      '[10:19]',
      '[20:24]',
    ]);
    expect(chunkBySize(25, { size: 10, incomplete: 'append' }).map((c) => c.key)).toEqual([
      '[0:9]',
      '[10:24]',
    ]);
    expect(chunkBySize(25, { size: 10, incomplete: 'drop' }).map((c) => c.key)).toEqual([
      '[0:9]',
      '[10:19]',
    ]);
    expect(() => chunkBySize(5, { size: 10, incomplete: 'append' })).toThrow(/no full chunk/);
  });

  it('accepts Date timestamps and reads them as UTC', () => {
    const chunks = chunkByPeriod(
      [new Date('2024-03-31T23:59:59Z'), new Date('2024-04-01T00:00:00Z')],
      {
        period: 'month',
      },
    );
    expect(chunks.map((c) => c.key)).toEqual(['2024-03', '2024-04']);
  });

  it('every row lands in exactly one chunk when nothing is dropped', () => {
    const rows = chunkBySize(103, { size: 10 }).flatMap((c) => c.rows);
    expect(rows).toEqual(Array.from({ length: 103 }, (_, i) => i));
  });

  it('rejects columns shorter than the chunked rows', () => {
    expect(() =>
      computeOverChunks(chunkBySize(10, { size: 5 }), { values: [1, 2, 3] }, () => 0),
    ).toThrow(/rows/);
  });
});
