import { InvalidArgumentError } from '@dagnostics/core';
import { assertArrayInput } from '../shared/validation';
import type { Chunk } from './chunk';

/** Per-row columns, each an array or typed array with one entry per row. */
export type ChunkColumns = Record<string, ArrayLike<unknown>>;

/** The rows of each column that fall in one chunk, as plain arrays. */
export type ChunkSlice<Columns extends ChunkColumns> = {
  [Name in keyof Columns]: Columns[Name] extends ArrayLike<infer Element> ? Element[] : never;
};

/** A chunk and the value computed on its rows. */
export interface ChunkResult<Value> {
  chunk: Chunk;
  value: Value;
}

/**
 * Computes a value (any metric of this module, or your own) on each chunk: every column is
 * cut down to the chunk's rows, in chunk order, and passed to `compute`. The NannyML
 * workflow is `chunkBySize`/`chunkByCount`/`chunkByPeriod`, then this, then
 * `standardDeviationThresholds` on the reference results.
 *
 * @example
 * ```ts
 * const chunks = chunkBySize(yTrue.length, { size: 500 });
 * const perChunk = computeOverChunks(chunks, { yTrue, yPred }, (rows) =>
 *   accuracy(rows.yTrue, rows.yPred),
 * );
 * ```
 * @throws InvalidArgumentError when a column is not an array or is too short for a chunk's rows.
 * Errors thrown by `compute` propagate.
 */
export function computeOverChunks<Columns extends ChunkColumns, Value>(
  chunks: readonly Chunk[],
  columns: Columns,
  compute: (rows: ChunkSlice<Columns>, chunk: Chunk) => Value,
): ChunkResult<Value>[] {
  const names = Object.keys(columns);
  let neededLength = 0;
  for (const chunk of chunks)
    for (const row of chunk.rows) neededLength = Math.max(neededLength, row + 1);
  for (const name of names) {
    const column = columns[name];
    assertArrayInput(column, `columns.${name}`);
    if (column.length < neededLength) {
      throw new InvalidArgumentError({
        message: `Column \`${name}\` has ${column.length} rows but the chunks reach row ${neededLength - 1}; chunk the same rows you pass.`,
        argument: `columns.${name}`,
      });
    }
  }
  return chunks.map((chunk) => {
    const slice: Record<string, unknown[]> = {};
    for (const name of names) {
      const column = columns[name] as ArrayLike<unknown>;
      slice[name] = chunk.rows.map((row) => column[row]);
    }
    return { chunk, value: compute(slice as ChunkSlice<Columns>, chunk) };
  });
}
