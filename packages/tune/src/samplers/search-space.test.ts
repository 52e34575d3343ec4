import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFrozenTrial } from '../trial/frozen-trial';
import type { Distribution, TrialState } from '../types';
import {
  groupDecomposedSearchSpace,
  IntersectionSearchSpace,
  intersectionSearchSpace,
} from './search-space';

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

describe('IntersectionSearchSpace', () => {
  const distributions = [x, xWide, y, c];
  const states: TrialState[] = ['COMPLETE', 'PRUNED', 'FAIL', 'RUNNING', 'WAITING'];

  it('equals intersectionSearchSpace as trials are added and finish', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            params: fc.array(fc.tuple(fc.constantFrom('p', 'q', 'r'), fc.nat(3)), {
              maxLength: 3,
            }),
            first: fc.constantFrom(...states),
            later: fc.constantFrom(...states),
            finishAt: fc.nat(30),
          }),
          { maxLength: 30, size: 'max' },
        ),
        fc.boolean(),
        (specs, includePruned) => {
          const cache = new IntersectionSearchSpace({ includePruned });
          const trials: ReturnType<typeof trial>[] = [];
          const spaceOf = (i: number) =>
            Object.fromEntries(
              (specs[i]?.params ?? []).map(([name, d]) => [name, distributions[d] as Distribution]),
            );
          specs.forEach((spec, step) => {
            trials.push(trial(step, spaceOf(step), spec.first));
            // Unfinished trials may finish later (a new, finished object).
            specs.forEach((other, i) => {
              const current = trials[i];
              if (current === undefined || other.finishAt !== step) return;
              if (current.state === 'RUNNING' || current.state === 'WAITING') {
                trials[i] = trial(i, spaceOf(i), other.later);
              }
            });
            const snapshot = [...trials];
            const expected = intersectionSearchSpace(snapshot, { includePruned });
            const actual = cache.calculate(snapshot, 's');
            expect(Object.keys(actual)).toEqual(Object.keys(expected));
            expect(actual).toEqual(expected);
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('starts over for another study or a list that does not extend the last one', () => {
    const cache = new IntersectionSearchSpace();
    expect(cache.calculate([trial(0, { x, y }), trial(1, { x })], 'a')).toEqual({ x });
    expect(cache.calculate([trial(0, { y })], 'b')).toEqual({ y });
    expect(cache.calculate([trial(0, { y }), trial(1, { x, y })], 'b')).toEqual({ y });
    // Trial 0 is another object with another id: not the list seen before.
    const other = createFrozenTrial({
      number: 0,
      trialId: 99,
      state: 'COMPLETE',
      distributions: { c },
    });
    expect(cache.calculate([other, trial(1, { c, y })], 'b')).toEqual({ c });
    expect(cache.calculate([], 'b')).toEqual({});
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
