/**
 * A contiguous group of samples (rows) that a metric is computed on, as a NannyML 0.13.1
 * `Chunk`.
 */
export interface Chunk {
  /** NannyML's key: `'[start:end]'` for size and count chunks, the period (e.g. `'2024-03'`) for period chunks. */
  key: string;
  /** Position of the chunk in the list, from 0. */
  index: number;
  /**
   * First row of the chunk, counted in chunking order (time order when timestamps were
   * given, otherwise the input order). NannyML's `start_index`.
   */
  startIndex: number;
  /** Last row of the chunk (inclusive), counted as `startIndex`. NannyML's `end_index`. */
  endIndex: number;
  /** Positions of the chunk's rows in the caller's arrays, in chunking order. */
  rows: number[];
  /**
   * Earliest time covered, in milliseconds since the Unix epoch (UTC): the period's start
   * for period chunks, the earliest timestamp for size or count chunks. Undefined without
   * timestamps.
   */
  startTimeMs?: number;
  /**
   * Latest time covered (inclusive), in milliseconds since the epoch: the last millisecond
   * of the period for period chunks, the latest timestamp for size or count chunks.
   */
  endTimeMs?: number;
}
