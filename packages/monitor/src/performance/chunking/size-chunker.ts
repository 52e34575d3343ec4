import { InvalidArgumentError } from '@dagnostics/core';
import { assertInteger } from '../shared/validation';
import type { Chunk } from './chunk';
import { readTimestamps, type TimestampInput, timeOrder } from './timestamps';

/**
 * What to do with the rows left over when the row count is not a multiple of the chunk size
 * (NannyML's `incomplete`):
 * - `'keep'` (NannyML's default): they form a last, smaller chunk;
 * - `'append'`: they are added to the last full chunk;
 * - `'drop'`: they are left out.
 */
export type IncompleteChunk = 'keep' | 'append' | 'drop';

/** Options of {@link chunkBySize}. */
export interface SizeChunkOptions {
  /** Rows per chunk, an integer ≥ 1. */
  size: number;
  /** Leftover rows. Default `'keep'`. */
  incomplete?: IncompleteChunk;
  /**
   * One time per row. When given, rows are chunked in time order (ties keep their input
   * order) and each chunk gets the earliest and latest time of its rows.
   */
  timestamps?: TimestampInput;
}

/** Options of {@link chunkByCount}. */
export interface CountChunkOptions {
  /** Wanted number of chunks, an integer ≥ 1; the chunk size is ⌊rows / count⌋. */
  count: number;
  /** Leftover rows. Default `'keep'` (so there may be `count + 1` chunks). */
  incomplete?: IncompleteChunk;
  /** As in {@link SizeChunkOptions}. */
  timestamps?: TimestampInput;
}

function readIncomplete(incomplete: unknown): IncompleteChunk {
  const value = incomplete ?? 'keep';
  if (value !== 'keep' && value !== 'append' && value !== 'drop') {
    throw new InvalidArgumentError({
      message: `\`incomplete\` must be 'keep', 'append' or 'drop'; got ${String(value)}.`,
      argument: 'incomplete',
    });
  }
  return value;
}

/**
 * Splits `length` rows into chunks of `size` consecutive rows, as NannyML 0.13.1's
 * `SizeBasedChunker(chunk_size, incomplete)`. Keys are `'[first:last]'` row positions.
 *
 * Deviation: NannyML sorts by timestamp with pandas' default (unstable) quicksort, so rows
 * with equal timestamps may be ordered differently there; here ties keep their input order.
 *
 * @example
 * ```ts
 * chunkBySize(250, { size: 100 }).map((chunk) => chunk.key); // ['[0:99]', '[100:199]', '[200:249]']
 * ```
 * @throws InvalidArgumentError for a `size` that is not a positive integer, timestamps whose
 * count differs from `length`, an unknown `incomplete`, or `'append'` with no full chunk.
 */
export function chunkBySize(length: number, options: SizeChunkOptions): Chunk[] {
  const rowCount = assertInteger(length, 'length', 0);
  const size = assertInteger(options?.size, 'size', 1);
  const incomplete = readIncomplete(options.incomplete);
  const times = options.timestamps === undefined ? undefined : readTimestamps(options.timestamps);
  if (times !== undefined && times.length !== rowCount) {
    throw new InvalidArgumentError({
      message: `\`timestamps\` has ${times.length} entries but there are ${rowCount} rows; pass one time per row.`,
      argument: 'timestamps',
    });
  }
  const order =
    times === undefined ? Array.from({ length: rowCount }, (_, i) => i) : timeOrder(times);

  const spans: [number, number][] = [];
  const fullChunks = Math.floor(rowCount / size);
  for (let chunk = 0; chunk < fullChunks; chunk++)
    spans.push([chunk * size, chunk * size + size - 1]);
  const leftover = rowCount % size;
  if (leftover !== 0) {
    const span: [number, number] = [fullChunks * size, rowCount - 1];
    if (incomplete === 'keep') spans.push(span);
    else if (incomplete === 'append') {
      const last = spans[spans.length - 1];
      if (last === undefined) {
        throw new InvalidArgumentError({
          message: `There are ${rowCount} rows, fewer than one chunk of ${size}, so there is no full chunk to append them to; use a smaller \`size\` or \`incomplete: 'keep'\`.`,
          argument: 'incomplete',
        });
      }
      last[1] = span[1];
    }
  }

  return spans.map(([start, end], index) => {
    const rows = order.slice(start, end + 1);
    const chunk: Chunk = {
      key: `[${start}:${end}]`,
      index,
      startIndex: start,
      endIndex: end,
      rows,
    };
    if (times !== undefined) {
      let earliest = Number.POSITIVE_INFINITY;
      let latest = Number.NEGATIVE_INFINITY;
      for (const row of rows) {
        earliest = Math.min(earliest, times[row] as number);
        latest = Math.max(latest, times[row] as number);
      }
      chunk.startTimeMs = earliest;
      chunk.endTimeMs = latest;
    }
    return chunk;
  });
}

/**
 * Splits `length` rows into about `count` chunks of ⌊length / count⌋ rows, as NannyML
 * 0.13.1's `CountBasedChunker(chunk_number, incomplete)` (and, with `count: 10`, its
 * `DefaultChunker`). No rows give no chunks.
 *
 * @throws InvalidArgumentError for a `count` that is not a positive integer or exceeds the
 * row count (the chunk size would be 0), and as {@link chunkBySize}.
 */
export function chunkByCount(length: number, options: CountChunkOptions): Chunk[] {
  const rowCount = assertInteger(length, 'length', 0);
  const count = assertInteger(options?.count, 'count', 1);
  if (rowCount === 0) return [];
  const size = Math.floor(rowCount / count);
  if (size === 0) {
    throw new InvalidArgumentError({
      message: `Cannot split ${rowCount} rows into ${count} chunks; ask for at most ${rowCount} chunks.`,
      argument: 'count',
    });
  }
  return chunkBySize(rowCount, { ...options, size });
}
