import { describe, expect, it } from 'vitest';
import { createFrozenTrial } from '../trial/frozen-trial';
import type { Distribution, TrialState } from '../types';
import { groupDecomposedSearchSpace, intersectionSearchSpace } from './search-space';

const x: Distribution = { kind: 'float', low: 0, high: 1, log: false, step: null };
const xWide: Distribution = { kind: 'float', low: 0, high: 2, log: false, step: null };
const y: Distribution = { kind: 'int', low: 1, high: 5, log: false, step: 1 };
const c: Distribution = { kind: 'categorical', choices: ['a', 'b'] };

function trial(
  number: number,
  distributions: Record<string, Distribution>,
  state: TrialState = 'COMPLETE',
) {
  return createFrozenTrial({ number, state, distributions });
}

describe('intersectionSearchSpace', () => {
  it('is empty without finished trials', () => {
    expect(intersectionSearchSpace([])).toEqual({});
    expect(intersectionSearchSpace([trial(0, { x }, 'RUNNING')])).toEqual({});
  });

  it('keeps the parameters all complete trials share with equal distributions, sorted', () => {
    const space = intersectionSearchSpace([
      trial(0, { y, x, c }),
      trial(1, { x, c, y }),
      trial(2, { x: xWide, y }, 'RUNNING'),
      trial(3, { c, y }),
    ]);
    expect(Object.keys(space)).toEqual(['c', 'y']);
    expect(space.y).toEqual(y);
  });

  it('drops a parameter whose range changed', () => {
    expect(intersectionSearchSpace([trial(0, { x, y }), trial(1, { x: xWide, y })])).toEqual({ y });
  });

  it('counts pruned trials only with includePruned', () => {
    const trials = [trial(0, { x, y }), trial(1, { y }, 'PRUNED'), trial(2, { x }, 'FAIL')];
    expect(intersectionSearchSpace(trials)).toEqual({ x, y });
    expect(intersectionSearchSpace(trials, { includePruned: true })).toEqual({ y });
  });

  it('treats categorical choices by value (NaN equals NaN)', () => {
    const a: Distribution = { kind: 'categorical', choices: [Number.NaN, 1] };
    const b: Distribution = { kind: 'categorical', choices: [Number.NaN, 1] };
    const d: Distribution = { kind: 'categorical', choices: [Number.NaN, true] };
    expect(Object.keys(intersectionSearchSpace([trial(0, { a }), trial(1, { a: b })]))).toEqual([
      'a',
    ]);
    expect(intersectionSearchSpace([trial(0, { a }), trial(1, { a: d })])).toEqual({});
  });
});

describe('groupDecomposedSearchSpace', () => {
  it('splits parameters into groups that always occur together', () => {
    const groups = groupDecomposedSearchSpace([
      trial(0, { x, y }),
      trial(1, { x, y, c }),
      trial(2, { y }),
    ]);
    expect(groups.map((group) => Object.keys(group))).toEqual([['y'], ['x'], ['c']]);
  });

  it('keeps the first distribution and skips unfinished trials unless pruned are included', () => {
    const groups = groupDecomposedSearchSpace([
      trial(0, { x, y }),
      trial(1, { x: xWide, y }),
      trial(2, { c }, 'PRUNED'),
      trial(3, { c, y }, 'RUNNING'),
    ]);
    expect(groups).toEqual([{ x, y }]);
    const withPruned = groupDecomposedSearchSpace([trial(0, { x, y }), trial(1, { c }, 'PRUNED')], {
      includePruned: true,
    });
    expect(withPruned).toEqual([{ x, y }, { c }]);
  });
});
