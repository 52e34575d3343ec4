import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  directionFromCode,
  directionToCode,
  formatJournalDatetime,
  parseJournalDatetime,
  trialStateFromCode,
  trialStateToCode,
} from './journal-log';

describe('journal vocabulary', () => {
  it("writes datetimes as Python's isoformat with microseconds in UTC", () => {
    expect(formatJournalDatetime(new Date('2026-01-31T23:59:58.007Z'))).toBe(
      '2026-01-31T23:59:58.007000+00:00',
    );
  });

  it('reads the datetimes Python writes, offsets included', () => {
    expect(parseJournalDatetime('2026-01-31T12:00:00.123456+00:00')).toEqual(
      new Date('2026-01-31T12:00:00.123Z'),
    );
    expect(parseJournalDatetime('2026-01-31T12:00:00+02:30')).toEqual(
      new Date('2026-01-31T09:30:00.000Z'),
    );
    expect(parseJournalDatetime('2026-01-31T12:00:00.5Z')).toEqual(
      new Date('2026-01-31T12:00:00.500Z'),
    );
    expect(parseJournalDatetime('2026-01-31 12:00:00')).toEqual(new Date(2026, 0, 31, 12, 0, 0));
    expect(parseJournalDatetime('yesterday')).toBeUndefined();
    expect(parseJournalDatetime(null)).toBeUndefined();
  });

  it('round-trips any millisecond time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253402300799999 }), (milliseconds) => {
        const date = new Date(milliseconds);
        expect(parseJournalDatetime(formatJournalDatetime(date))).toEqual(date);
      }),
    );
  });

  it("maps states and directions to Optuna's integers", () => {
    expect(
      ['RUNNING', 'COMPLETE', 'PRUNED', 'FAIL', 'WAITING'].map((s) => trialStateToCode(s as never)),
    ).toEqual([0, 1, 2, 3, 4]);
    expect(trialStateFromCode(3)).toBe('FAIL');
    expect(trialStateFromCode(9)).toBeUndefined();
    expect(directionToCode('minimize')).toBe(1);
    expect(directionToCode('maximize')).toBe(2);
    expect(directionFromCode(2)).toBe('maximize');
    expect(directionFromCode(0)).toBeUndefined();
  });
});
