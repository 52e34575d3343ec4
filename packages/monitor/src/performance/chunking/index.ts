export type { Chunk } from './chunk';
export {
  type ChunkColumns,
  type ChunkResult,
  type ChunkSlice,
  computeOverChunks,
} from './compute-over-chunks';
export { type ChunkPeriod, chunkByPeriod, type PeriodChunkOptions } from './period-chunker';
export {
  type CountChunkOptions,
  chunkByCount,
  chunkBySize,
  type IncompleteChunk,
  type SizeChunkOptions,
} from './size-chunker';
export type { TimestampInput } from './timestamps';
