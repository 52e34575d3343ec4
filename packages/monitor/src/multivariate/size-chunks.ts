import type { IncompleteChunkHandling } from './types';

/** A run of consecutive rows: `startIndex` to `endIndex`, both inclusive. */
export interface RowRange {
  startIndex: number;
  endIndex: number;
}

/**
 * Cuts `rowCount` rows into consecutive chunks of `chunkSize` rows, as NannyML's
 * `SizeBasedChunker`; the rows after the last full chunk are kept as a smaller chunk,
 * dropped, or appended to the last full chunk. With `append` and fewer rows than one
 * chunk, the rows form a single chunk (NannyML fails there).
 */
export function sizeChunks(
  rowCount: number,
  chunkSize: number,
  incomplete: IncompleteChunkHandling,
): RowRange[] {
  const fullChunks = Math.floor(rowCount / chunkSize);
  const ranges: RowRange[] = [];
  for (let chunk = 0; chunk < fullChunks; chunk++) {
    ranges.push({ startIndex: chunk * chunkSize, endIndex: (chunk + 1) * chunkSize - 1 });
  }
  const leftover = rowCount - fullChunks * chunkSize;
  if (leftover === 0 || incomplete === 'drop') return ranges;
  const last = ranges.at(-1);
  if (incomplete === 'append' && last !== undefined) {
    last.endIndex = rowCount - 1;
  } else {
    ranges.push({ startIndex: fullChunks * chunkSize, endIndex: rowCount - 1 });
  }
  return ranges;
}
