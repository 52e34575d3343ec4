import { InvalidArgumentError, type RngState } from '@dagnostics/core';
import { crc32 } from './crc32';

/** What the next compaction of a level does with its coin (see `KllSketch`). */
export type KllCoin = 0 | 1 | 'fresh';

/** One compactor level: its items (weight 2^level each) and its coin state. */
export interface KllLevelState {
  /** Level 0 in any order, higher levels ascending. */
  readonly items: Float64Array;
  readonly coin: KllCoin;
}

/** Everything a KLL sketch is, as plain data: what `toBytes` writes and `fromBytes` reads. */
export interface KllState {
  readonly k: number;
  readonly rngState: RngState;
  readonly count: number;
  readonly nanCount: number;
  readonly infinityCount: number;
  /** +∞ for an empty sketch. */
  readonly minimum: number;
  /** −∞ for an empty sketch. */
  readonly maximum: number;
  readonly mean: number;
  /** Sum of squared deviations from the mean. */
  readonly squaredDeviations: number;
  /** Sum of the squared weights of the independent coin flips so far. */
  readonly varianceProxy: number;
  readonly levels: readonly KllLevelState[];
}

/** "DKLL": the first four bytes of every serialized KLL sketch. */
const MAGIC = [0x44, 0x4b, 0x4c, 0x4c] as const;
/**
 * Version of the binary layout `KllSketch.toBytes()` writes; `kllSketchFromBytes` reads this
 * version only. Version 1 (all numbers little-endian):
 *
 * | Offset | Size | Field |
 * |---|---|---|
 * | 0 | 4 | magic `DKLL` (0x44 0x4B 0x4C 0x4C) |
 * | 4 | 1 | format version, 1 |
 * | 5 | 1 | reserved, 0 |
 * | 6 | 2 | k (uint16) |
 * | 8 | 4 | level count L (uint32) |
 * | 12 | 8 | count of finite values (float64, an integer) |
 * | 20 | 8 | NaN count (float64) |
 * | 28 | 8 | ±∞ count (float64) |
 * | 36 | 8 | minimum (float64; +∞ when empty) |
 * | 44 | 8 | maximum (float64; −∞ when empty) |
 * | 52 | 8 | mean (float64) |
 * | 60 | 8 | sum of squared deviations from the mean (float64) |
 * | 68 | 8 | rank-error variance proxy (float64) |
 * | 76 | 4 | byte length J of the RNG state (uint32) |
 * | 80 | J | RNG state, `RngState` as UTF-8 JSON |
 * | 80 + J | 5·L | per level: coin (uint8: 0, 1, 2 = fresh), item count (uint32) |
 * | … | 8·Σ | items (float64), level 0 first |
 * | end − 4 | 4 | CRC-32 of every byte before it (uint32) |
 */
export const KLL_FORMAT_VERSION = 1;
/** Bytes before the RNG state: magic, version, reserved, k, level count, eight float64s. */
const FIXED_HEADER_BYTES = 80;
const CHECKSUM_BYTES = 4;
/** Bytes per level entry in the level table: coin (u8) and item count (u32). */
const LEVEL_ENTRY_BYTES = 5;
/** More levels than this would mean more than 2^64 values; such a buffer is corrupt. */
const MAX_LEVELS = 64;
/** Bounds of the accuracy parameter k (it is stored as a uint16). */
export const MIN_K = 8;
export const MAX_K = 65_535;

const COIN_CODES: Record<string, number> = { '0': 0, '1': 1, fresh: 2 };

function invalid(message: string, cause?: unknown): InvalidArgumentError {
  return new InvalidArgumentError({
    message: `Not a readable KLL sketch: ${message}. Pass the bytes of \`toBytes()\` unchanged.`,
    argument: 'bytes',
    code: 'SKETCH_FORMAT',
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Writes a sketch state in the layout described at {@link KLL_FORMAT_VERSION}. */
export function encodeKllState(state: KllState): Uint8Array {
  const rngBytes = new TextEncoder().encode(JSON.stringify(state.rngState));
  const itemCount = state.levels.reduce((total, level) => total + level.items.length, 0);
  const byteLength =
    FIXED_HEADER_BYTES +
    rngBytes.length +
    LEVEL_ENTRY_BYTES * state.levels.length +
    8 * itemCount +
    CHECKSUM_BYTES;
  const bytes = new Uint8Array(byteLength);
  const view = new DataView(bytes.buffer);
  bytes.set(MAGIC, 0);
  view.setUint8(4, KLL_FORMAT_VERSION);
  view.setUint16(6, state.k, true);
  view.setUint32(8, state.levels.length, true);
  const header = [
    state.count,
    state.nanCount,
    state.infinityCount,
    state.minimum,
    state.maximum,
    state.mean,
    state.squaredDeviations,
    state.varianceProxy,
  ];
  header.forEach((value, index) => {
    view.setFloat64(12 + 8 * index, value, true);
  });
  view.setUint32(76, rngBytes.length, true);
  bytes.set(rngBytes, FIXED_HEADER_BYTES);
  let offset = FIXED_HEADER_BYTES + rngBytes.length;
  for (const level of state.levels) {
    view.setUint8(offset, COIN_CODES[String(level.coin)] as number);
    view.setUint32(offset + 1, level.items.length, true);
    offset += LEVEL_ENTRY_BYTES;
  }
  for (const level of state.levels) {
    for (let i = 0; i < level.items.length; i++) {
      view.setFloat64(offset, level.items[i] as number, true);
      offset += 8;
    }
  }
  view.setUint32(offset, crc32(bytes.subarray(0, offset)), true);
  return bytes;
}

function readHeader(bytes: Uint8Array, view: DataView) {
  if (bytes.length < FIXED_HEADER_BYTES + CHECKSUM_BYTES) {
    throw invalid(`${bytes.length} bytes is shorter than the smallest sketch`);
  }
  if (MAGIC.some((byte, index) => bytes[index] !== byte)) {
    throw invalid('the buffer does not start with the magic bytes "DKLL"');
  }
  const version = view.getUint8(4);
  if (version !== KLL_FORMAT_VERSION) {
    throw invalid(
      `format version ${version} is not supported (this build reads version ${KLL_FORMAT_VERSION})`,
    );
  }
  const checksumOffset = bytes.length - CHECKSUM_BYTES;
  if (crc32(bytes.subarray(0, checksumOffset)) !== view.getUint32(checksumOffset, true)) {
    throw invalid('the CRC-32 checksum does not match, so the bytes were changed or truncated');
  }
  const k = view.getUint16(6, true);
  const levelCount = view.getUint32(8, true);
  if (k < MIN_K) throw invalid(`k = ${k} is below ${MIN_K}`);
  if (levelCount < 1 || levelCount > MAX_LEVELS) {
    throw invalid(`${levelCount} levels is outside [1, ${MAX_LEVELS}]`);
  }
  const numbers = Array.from({ length: 8 }, (_, index) => view.getFloat64(12 + 8 * index, true));
  return { k, levelCount, numbers: numbers as [number, ...number[]] };
}

function isCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

function readRngState(bytes: Uint8Array, view: DataView): { rngState: RngState; end: number } {
  const length = view.getUint32(76, true);
  const end = FIXED_HEADER_BYTES + length;
  if (end > bytes.length - CHECKSUM_BYTES) throw invalid('the RNG state runs past the end');
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(
      bytes.subarray(FIXED_HEADER_BYTES, end),
    );
    return { rngState: JSON.parse(text) as RngState, end };
  } catch (error) {
    throw invalid('the RNG state is not UTF-8 JSON', error);
  }
}

function checkLevelItems(items: Float64Array, level: number, minimum: number, maximum: number) {
  for (let i = 0; i < items.length; i++) {
    const value = items[i] as number;
    if (!(value >= minimum && value <= maximum)) {
      throw invalid(`level ${level} holds ${value}, outside [minimum, maximum]`);
    }
    if (level > 0 && i > 0 && value < (items[i - 1] as number)) {
      throw invalid(`level ${level} is not in ascending order`);
    }
  }
}

/**
 * Reads the layout of {@link encodeKllState}, checking the magic, version, checksum, sizes
 * and the sketch's invariants (levels above 0 sorted, items within [minimum, maximum],
 * item weights adding up to the count). The RNG state is returned as parsed, unchecked:
 * `restoreRng` checks it.
 *
 * @throws InvalidArgumentError (argument `bytes`, code `SKETCH_FORMAT`) for anything else.
 */
export function decodeKllState(bytes: Uint8Array): KllState {
  if (!(bytes instanceof Uint8Array)) throw invalid('expected a Uint8Array');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { k, levelCount, numbers } = readHeader(bytes, view);
  const [count, nanCount, infinityCount, minimum, maximum, mean, squaredDeviations, proxy] =
    numbers as [number, number, number, number, number, number, number, number];
  if (!(isCount(count) && isCount(nanCount) && isCount(infinityCount))) {
    throw invalid('a count is not a non-negative integer');
  }
  if (count === 0 ? minimum !== Infinity || maximum !== -Infinity : !(minimum <= maximum)) {
    throw invalid('the minimum and maximum do not fit the count');
  }
  if (!(Number.isFinite(mean) && squaredDeviations >= 0 && proxy >= 0)) {
    throw invalid('the mean, squared deviations or variance proxy are out of range');
  }
  const { rngState, end } = readRngState(bytes, view);
  let offset = end;
  const itemsEnd = bytes.length - CHECKSUM_BYTES;
  if (offset + LEVEL_ENTRY_BYTES * levelCount > itemsEnd) {
    throw invalid('the level table runs past the end');
  }
  const coins: KllCoin[] = [];
  const sizes: number[] = [];
  for (let level = 0; level < levelCount; level++) {
    const code = view.getUint8(offset);
    if (code > 2) throw invalid(`level ${level} has coin code ${code}`);
    coins.push(code === 2 ? 'fresh' : (code as 0 | 1));
    sizes.push(view.getUint32(offset + 1, true));
    offset += LEVEL_ENTRY_BYTES;
  }
  const itemCount = sizes.reduce((total, size) => total + size, 0);
  if (offset + 8 * itemCount !== itemsEnd) {
    throw invalid(`the level table announces ${itemCount} items, which does not match the length`);
  }
  let weightTotal = 0;
  const levels: KllLevelState[] = sizes.map((size, level) => {
    const items = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      items[i] = view.getFloat64(offset, true);
      offset += 8;
    }
    checkLevelItems(items, level, minimum, maximum);
    weightTotal += size * 2 ** level;
    return { items, coin: coins[level] as KllCoin };
  });
  if (weightTotal !== count) {
    throw invalid(`the items weigh ${weightTotal} in all, not the count ${count}`);
  }
  return {
    k,
    rngState,
    count,
    nanCount,
    infinityCount,
    minimum,
    maximum,
    mean,
    squaredDeviations,
    varianceProxy: proxy,
    levels,
  };
}
