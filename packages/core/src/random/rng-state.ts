import { z } from 'zod';
import { InvalidArgumentError } from '../errors';
import type { Sfc64Snapshot, Uint64Halves } from './sfc64';

/**
 * A JSON-serializable snapshot of an `Rng`, from `rng.getState()`; `restoreRng(state)`
 * continues the stream exactly where it was taken, and forks of the restored generator
 * equal forks of the original. Store it with checkpoints; a `JSON.stringify`/`JSON.parse`
 * round trip is lossless.
 *
 * The SFC64 part is numpy's own state, so a stream can also be continued in Python:
 * ```python
 * bg = np.random.SFC64()
 * bg.state = {'bit_generator': 'SFC64', 'state': {'state': np.array([int(w) for w in s['words']], dtype=np.uint64)},
 *             'has_uint32': int(s['hasUint32']), 'uinteger': s['uinteger']}
 * ```
 */
export interface RngState {
  /** Snapshot format version; `1`. */
  version: 1;
  /** The bit generator, named as numpy names it. */
  bitGenerator: 'SFC64';
  /** The seed as numpy SeedSequence entropy: uint32 words, lowest first. */
  entropy: number[];
  /** The SeedSequence spawn key (uint32 words) of this generator's fork path. */
  spawnKey: number[];
  /**
   * SFC64's four uint64 state words a, b, c and counter as decimal strings (JSON numbers
   * cannot hold uint64): numpy's `bit_generator.state['state']['state']`.
   */
  words: [string, string, string, string];
  /** Whether half of a uint64 is buffered for the next uint32 draw: numpy's `has_uint32`. */
  hasUint32: boolean;
  /** The buffered uint32 (meaningful when `hasUint32`): numpy's `uinteger`. */
  uinteger: number;
  /** The second normal of the last polar-method pair, when not yet returned; else `null`. */
  normalSpare: number | null;
}

/** A state that passed validation, in the form the generator loads. */
export interface ParsedRngState {
  entropy: readonly number[];
  spawnKey: readonly number[];
  sfc64: Sfc64Snapshot;
  normalSpare: number | null;
}

const twoPow32 = 2n ** 32n;

/** Builds the snapshot (copying the arrays); `sfc64` is the bit generator's current state. */
export function serializeRngState(parts: ParsedRngState): RngState {
  const [a, b, c, counter] = parts.sfc64.words;
  return {
    version: 1,
    bitGenerator: 'SFC64',
    entropy: [...parts.entropy],
    spawnKey: [...parts.spawnKey],
    words: [toDecimal(a), toDecimal(b), toDecimal(c), toDecimal(counter)],
    hasUint32: parts.sfc64.hasUint32,
    uinteger: parts.sfc64.uinteger,
    normalSpare: parts.normalSpare,
  };
}

/** Validates `state` (typically parsed JSON); throws `InvalidArgumentError` (`argument: 'state'`). */
export function parseRngState(state: unknown): ParsedRngState {
  const result = stateSchema().safeParse(state);
  if (!result.success) {
    throw new InvalidArgumentError({
      message: `Invalid RNG state: ${z.prettifyError(result.error)}\nPass an object returned by rng.getState(), unchanged (a JSON round trip is fine).`,
      argument: 'state',
      cause: result.error,
    });
  }
  const { data } = result;
  return {
    entropy: data.entropy,
    spawnKey: data.spawnKey,
    sfc64: {
      words: [
        toHalves(data.words[0]),
        toHalves(data.words[1]),
        toHalves(data.words[2]),
        toHalves(data.words[3]),
      ],
      hasUint32: data.hasUint32,
      uinteger: data.uinteger,
    },
    normalSpare: data.normalSpare,
  };
}

function toDecimal([high, low]: Uint64Halves): string {
  return (BigInt(high) * twoPow32 + BigInt(low)).toString();
}

function toHalves(decimal: string): Uint64Halves {
  const value = BigInt(decimal);
  return [Number(value / twoPow32), Number(value % twoPow32)];
}

let cachedSchema: ReturnType<typeof buildStateSchema> | undefined;

// Built on first use, not at import.
function stateSchema(): ReturnType<typeof buildStateSchema> {
  cachedSchema ??= buildStateSchema();
  return cachedSchema;
}

function buildStateSchema() {
  const uint32 = z.number().int().min(0).max(0xffffffff);
  const uint64 = z
    .string()
    .regex(/^(0|[1-9][0-9]{0,19})$/, 'expected a uint64 as a decimal string')
    .refine((text) => BigInt(text) < twoPow32 * twoPow32, 'expected a value below 2 ** 64');
  return z.strictObject({
    version: z.literal(1),
    bitGenerator: z.literal('SFC64'),
    entropy: z.array(uint32),
    spawnKey: z.array(uint32),
    words: z.tuple([uint64, uint64, uint64, uint64]),
    hasUint32: z.boolean(),
    uinteger: uint32,
    normalSpare: z.number().nullable(),
  });
}
