import { InvalidArgumentError } from '@dagnostics/core';
import type { TokenBags } from '../model/types';

/** Token bags as the exported text classifier takes them: `[rows, length]`, row-major. */
export interface PaddedTokens {
  /** Token ids, padding with id 0; feed as `int64[rows, length]`. */
  readonly ids: BigInt64Array;
  /** 1 where `ids` holds a token, 0 for padding; feed as `float[rows, length]`. */
  readonly mask: Float32Array;
  /** Columns: the longest bag's size, at least 1 so that no tensor has a zero dimension. */
  readonly length: number;
  /** Rows: one per bag. */
  readonly rows: number;
}

function invalid(message: string): never {
  throw new InvalidArgumentError({ argument: 'bags', message });
}

/**
 * Turns EmbeddingBag's flat ids and offsets into the padded ids and mask that the model from
 * `exportOnnx` takes. Padding uses id 0 with mask 0, so it adds nothing to the mean.
 *
 * @throws {InvalidArgumentError} (`argument: 'bags'`) when the offsets do not start at 0, go
 *   down or past the ids, or an id is negative.
 */
export function tokenBagsToPadded(bags: TokenBags): PaddedTokens {
  const { ids, offsets } = bags;
  const rows = offsets.length;
  if (rows > 0 && offsets[0] !== 0) invalid(`offsets[0] must be 0, got ${offsets[0]}`);
  let length = 1;
  for (let row = 0; row < rows; row += 1) {
    const start = offsets[row] as number;
    const end = row + 1 < rows ? (offsets[row + 1] as number) : ids.length;
    if (end < start || end > ids.length) {
      invalid(`bag ${row} runs from ${start} to ${end}, outside 0..${ids.length} or backwards`);
    }
    length = Math.max(length, end - start);
  }
  const padded = new BigInt64Array(rows * length);
  const mask = new Float32Array(rows * length);
  for (let row = 0; row < rows; row += 1) {
    const start = offsets[row] as number;
    const end = row + 1 < rows ? (offsets[row + 1] as number) : ids.length;
    for (let index = start; index < end; index += 1) {
      const id = ids[index] as number;
      if (id < 0) invalid(`ids[${index}] is ${id}; token ids must not be negative`);
      const cell = row * length + index - start;
      padded[cell] = BigInt(id);
      mask[cell] = 1;
    }
  }
  return { ids: padded, mask, length, rows };
}
