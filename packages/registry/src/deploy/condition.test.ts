import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCondition } from './condition';
import { ConditionError } from './errors';

const check = (expression: string, result: number | readonly number[]) =>
  compileCondition(expression).evaluate(result);

describe('compileCondition', () => {
  it('evaluates comparisons over result as Argo conditions do', () => {
    expect(check('result >= 0.95', 0.95)).toBe(true);
    expect(check('result >= 0.95', 0.9499)).toBe(false);
    expect(check('result < 0.05', 0.01)).toBe(true);
    expect(check('result == 3', 3)).toBe(true);
    expect(check('result != 3', 3)).toBe(false);
    expect(check('result > 1e-3', 0.002)).toBe(true);
    expect(check('result <= -2', -2)).toBe(true);
  });

  it('combines with && and || (and/or/not words), ! and parentheses, && binding tighter', () => {
    expect(check('result > 0 && result < 1', 0.5)).toBe(true);
    expect(check('result > 0 && result < 1', 1.5)).toBe(false);
    expect(check('result < 0 || result > 1', 1.5)).toBe(true);
    expect(check('true || false && false', 0)).toBe(true);
    expect(check('(true || false) && false', 0)).toBe(false);
    expect(check('!(result > 1)', 0)).toBe(true);
    expect(check('result > 0 and not (result > 1) or false', 0.5)).toBe(true);
  });

  it('does arithmetic with the usual precedence', () => {
    expect(check('result * 100 >= 99', 0.995)).toBe(true);
    expect(check('1 + 2 * 3 == 7', 0)).toBe(true);
    expect(check('(1 + 2) * 3 == 9', 0)).toBe(true);
    expect(check('-result > 0', -1)).toBe(true);
    expect(check('abs(result - 1) < 0.1', 1.05)).toBe(true);
  });

  it('handles NaN and infinities with isNaN and isInf', () => {
    expect(check('isNaN(result)', Number.NaN)).toBe(true);
    expect(check('isNaN(result)', 1)).toBe(false);
    expect(check('result >= 0.95', Number.NaN)).toBe(false);
    expect(check('isInf(result)', Number.NEGATIVE_INFINITY)).toBe(true);
    expect(check('result == Inf', Number.POSITIVE_INFINITY)).toBe(true);
  });

  it('indexes vectors and measures them with len', () => {
    expect(check('result[0] >= 0.95', [0.97, 0.1])).toBe(true);
    expect(check('result[1] >= 0.95', [0.97, 0.1])).toBe(false);
    expect(check('len(result) == 2', [1, 2])).toBe(true);
    expect(check('len(result) == 0 || result[0] > 1', [])).toBe(true);
  });

  it('refuses syntax it does not know, with the position, and never runs JavaScript', () => {
    const cases: [string, number][] = [
      ['result >=', 9],
      ['result ** 2 > 1', 8],
      ['process.exit(1)', 7],
      ['result > 1; 1', 10],
      ['0 < result < 1', 11],
      ['(result > 1', 11],
      ['', 0],
    ];
    for (const [expression, position] of cases) {
      const error = (() => {
        try {
          compileCondition(expression);
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(ConditionError.isInstance(error), expression).toBe(true);
      expect((error as ConditionError).position, expression).toBe(position);
      expect((error as ConditionError).expression).toBe(expression);
    }
  });

  it('throws ConditionError when the expression does not apply to the value', () => {
    expect(() => check('len(result) > 0', 1)).toThrow(/len needs a vector/);
    expect(() => check('result', 1)).toThrow(/not a boolean/);
    expect(() => check('result[2] > 0', [1])).toThrow(/out of range/);
    expect(() => check('result > 0', [1])).toThrow(/needs a number/);
    expect(() => check('result == true', 1)).toThrow(/compares/);
    expect(() => check('result > 0 && 1', 1)).toThrow(ConditionError);
  });

  it('agrees with JavaScript comparisons for any double and threshold', () => {
    fc.assert(
      fc.property(
        fc.double(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        (value, threshold) => {
          const literal = threshold.toExponential();
          expect(check(`result >= ${literal}`, value)).toBe(value >= threshold);
          expect(check(`result < ${literal} || isNaN(result)`, value)).toBe(!(value >= threshold));
        },
      ),
    );
  });
});
