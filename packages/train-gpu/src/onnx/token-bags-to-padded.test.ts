import { InvalidArgumentError } from '@dagnostics/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TokenBags } from '../model/types';
import { tokenBagsToPadded } from './index';

function argumentOf(bags: TokenBags): string | undefined {
  try {
    tokenBagsToPadded(bags);
  } catch (error) {
    if (InvalidArgumentError.isInstance(error)) return error.argument;
    throw error;
  }
  return undefined;
}

describe('tokenBagsToPadded', () => {
  it('pads every bag to the longest with id 0 and mask 0', () => {
    const padded = tokenBagsToPadded({
      ids: Int32Array.of(7, 8, 9, 3, 4),
      offsets: Int32Array.of(0, 3, 3),
    });
    expect(padded.rows).toBe(3);
    expect(padded.length).toBe(3);
    expect(Array.from(padded.ids)).toEqual([7n, 8n, 9n, 0n, 0n, 0n, 3n, 4n, 0n]);
    expect(Array.from(padded.mask)).toEqual([1, 1, 1, 0, 0, 0, 1, 1, 0]);
  });

  it('keeps one column when every bag is empty, and no rows for no bags', () => {
    const empty = tokenBagsToPadded({ ids: new Int32Array(0), offsets: Int32Array.of(0, 0) });
    expect([empty.rows, empty.length]).toEqual([2, 1]);
    expect(Array.from(empty.mask)).toEqual([0, 0]);
    const none = tokenBagsToPadded({ ids: new Int32Array(0), offsets: new Int32Array(0) });
    expect([none.rows, none.ids.length]).toEqual([0, 0]);
  });

  it('rejects offsets that do not start at 0, go backwards or past the ids, and negative ids', () => {
    expect(argumentOf({ ids: Int32Array.of(1, 2), offsets: Int32Array.of(1) })).toBe('bags');
    expect(argumentOf({ ids: Int32Array.of(1, 2), offsets: Int32Array.of(0, 2, 1) })).toBe('bags');
    expect(argumentOf({ ids: Int32Array.of(1, 2), offsets: Int32Array.of(0, 3) })).toBe('bags');
    expect(argumentOf({ ids: Int32Array.of(1, -2), offsets: Int32Array.of(0) })).toBe('bags');
  });

  it('keeps each bag, in order, under the mask (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.nat({ max: 1000 }), { maxLength: 6 }), { maxLength: 8 }),
        (bags) => {
          const offsets: number[] = [];
          let start = 0;
          for (const bag of bags) {
            offsets.push(start);
            start += bag.length;
          }
          const padded = tokenBagsToPadded({
            ids: Int32Array.from(bags.flat()),
            offsets: Int32Array.from(offsets),
          });
          expect(padded.rows).toBe(bags.length);
          expect(padded.length).toBe(Math.max(1, ...bags.map((bag) => bag.length)));
          bags.forEach((bag, row) => {
            const cells = Array.from(
              { length: padded.length },
              (_, column) => row * padded.length + column,
            );
            expect(
              cells
                .filter((cell) => padded.mask[cell] === 1)
                .map((cell) => Number(padded.ids[cell])),
            ).toEqual(bag);
            expect(
              cells
                .slice(bag.length)
                .every((cell) => padded.mask[cell] === 0 && padded.ids[cell] === 0n),
            ).toBe(true);
          });
        },
      ),
    );
  });
});
