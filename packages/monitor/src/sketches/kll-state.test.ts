import { ConfigError, createRng, DataFormatError, InvalidArgumentError } from '@dagnostics/core';
import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32';
import { createKllSketch, KLL_FORMAT_VERSION, kllSketchFromBytes } from './index';

const probabilities = Float64Array.from({ length: 101 }, (_, i) => i / 100);

function sketchOf(size: number, seed: number) {
  const rng = createRng([seed, 9]);
  const sketch = createKllSketch({ k: 64, seed });
  for (let i = 0; i < size; i++) sketch.update(i % 97 === 0 ? Number.NaN : rng.normal(3, 2));
  return sketch.update(Number.NEGATIVE_INFINITY);
}

/** Rewrites the trailing CRC-32 so that only the deliberate change is left to detect. */
function withValidChecksum(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  view.setUint32(bytes.length - 4, crc32(bytes.subarray(0, bytes.length - 4)), true);
  return bytes;
}

function expectRejected(bytes: Uint8Array, message: RegExp): void {
  let thrown: unknown;
  try {
    kllSketchFromBytes(bytes);
  } catch (error) {
    thrown = error;
  }
  expect(InvalidArgumentError.isInstance(thrown)).toBe(true);
  expect(DataFormatError.isInstance(thrown)).toBe(false);
  expect(ConfigError.isInstance(thrown)).toBe(false);
  expect(thrown).toMatchObject({ argument: 'bytes', code: 'SKETCH_FORMAT' });
  expect((thrown as Error).message).toMatch(message);
}

describe('KLL serialization', () => {
  it('round-trips exactly: same bytes, quantiles, counts and coin stream', () => {
    const sketch = sketchOf(25_000, 1);
    const bytes = sketch.toBytes();
    const restored = kllSketchFromBytes(bytes);
    expect(restored.toBytes()).toEqual(bytes);
    expect(restored.quantiles(probabilities)).toEqual(sketch.quantiles(probabilities));
    expect(restored.sortedView()).toEqual(sketch.sortedView());
    for (const key of ['k', 'count', 'nanCount', 'infinityCount', 'min', 'max', 'mean'] as const) {
      expect(restored[key]).toBe(sketch[key]);
    }
    expect(restored.standardDeviation).toBe(sketch.standardDeviation);
    expect(restored.rankErrorBound()).toBe(sketch.rankErrorBound());
    // Both continue identically, so the coin stream was restored too.
    const more = createRng(2).float64Array(10_000);
    expect(restored.updateMany(more).toBytes()).toEqual(sketch.updateMany(more).toBytes());
  });

  it('round-trips an empty sketch and reads bytes at an offset of a larger buffer', () => {
    const empty = kllSketchFromBytes(createKllSketch({ k: 8 }).toBytes());
    expect([empty.k, empty.count]).toEqual([8, 0]);
    const bytes = sketchOf(3_000, 3).toBytes();
    const padded = new Uint8Array(bytes.length + 11);
    padded.set(bytes, 5);
    expect(kllSketchFromBytes(padded.subarray(5, 5 + bytes.length)).toBytes()).toEqual(bytes);
  });

  it('writes the documented header', () => {
    const bytes = sketchOf(2_000, 4).toBytes();
    const view = new DataView(bytes.buffer);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('DKLL');
    expect(view.getUint8(4)).toBe(KLL_FORMAT_VERSION);
    expect(view.getUint16(6, true)).toBe(64);
    expect(view.getFloat64(12, true)).toBe(2_000 - Math.ceil(2_000 / 97));
    expect(view.getFloat64(20, true)).toBe(Math.ceil(2_000 / 97));
    expect(view.getFloat64(28, true)).toBe(1);
  });

  it('rejects a corrupted, truncated, foreign or other-version buffer with a typed error', () => {
    const bytes = sketchOf(5_000, 5).toBytes();
    const flipped = bytes.slice();
    flipped[bytes.length - 40] = (flipped[bytes.length - 40] as number) ^ 0x10;
    expectRejected(flipped, /checksum/);
    expectRejected(bytes.subarray(0, bytes.length - 9), /checksum/);
    expectRejected(bytes.subarray(0, 20), /shorter/);
    const foreign = bytes.slice();
    foreign[0] = 0x50;
    expectRejected(foreign, /magic/);
    const nextVersion = bytes.slice();
    nextVersion[4] = KLL_FORMAT_VERSION + 1;
    expectRejected(nextVersion, /version 2 is not supported/);
    // Checksummed but inconsistent: an item outside [min, max], and a wrong count.
    const outside = bytes.slice();
    new DataView(outside.buffer).setFloat64(outside.length - 12, 1e9, true);
    expectRejected(withValidChecksum(outside), /outside \[minimum, maximum\]/);
    const miscounted = bytes.slice();
    new DataView(miscounted.buffer).setFloat64(12, 4_000, true);
    expectRejected(withValidChecksum(miscounted), /weigh/);
    expect(() => kllSketchFromBytes('DKLL' as unknown as Uint8Array)).toThrow(/Uint8Array/);
  });

  it('stays small: a sketch of more than 10 million values serializes to under 1 MB', () => {
    // Size depends on the count and k only. Doubling a sketch of 200k values by self-merges
    // reaches 12.8M values without generating them (bench/sketch.ts streams 10M).
    const sketch = createKllSketch({ seed: 6 }).updateMany(createRng(6).float64Array(200_000));
    for (let i = 0; i < 6; i++) sketch.merge(sketch);
    expect(sketch.count).toBe(12_800_000);
    const bytes = sketch.toBytes();
    expect(bytes.length).toBeLessThan(1_000_000);
    expect(bytes.length).toBeLessThan(8 * (3 * 200 + 8 * 25) + 1_000);
  });
});
