/**
 * The journal's vocabulary, as Optuna 5 writes it (`optuna/storages/journal/_storage.py`):
 * operation codes, the integer values of `TrialState` and `StudyDirection`, and the ISO
 * datetimes with microseconds and a UTC offset.
 */
import type { StudyDirection, TrialState } from '../../types';

/** One journal record: `{"op_code": int, "worker_id": str, ...fields}`. */
export type JournalLog = { readonly op_code: number; readonly worker_id: string } & Readonly<
  Record<string, unknown>
>;

/** Optuna's `JournalOperation` codes. */
export const JournalOperation = {
  createStudy: 0,
  deleteStudy: 1,
  setStudyUserAttr: 2,
  setStudySystemAttr: 3,
  createTrial: 4,
  setTrialParam: 5,
  setTrialStateValues: 6,
  setTrialIntermediateValue: 7,
  setTrialUserAttr: 8,
  setTrialSystemAttr: 9,
  /** Written by Rustuna; Optuna and this storage skip it. */
  discardTrials: 10,
} as const;

const trialStateCodes: Readonly<Record<TrialState, number>> = {
  RUNNING: 0,
  COMPLETE: 1,
  PRUNED: 2,
  FAIL: 3,
  WAITING: 4,
};
const trialStatesByCode: readonly TrialState[] = [
  'RUNNING',
  'COMPLETE',
  'PRUNED',
  'FAIL',
  'WAITING',
];

/** The integer Optuna stores for a trial state. */
export function trialStateToCode(state: TrialState): number {
  return trialStateCodes[state];
}

/** The trial state an Optuna integer stands for; undefined when it stands for none. */
export function trialStateFromCode(code: unknown): TrialState | undefined {
  return typeof code === 'number' ? trialStatesByCode[code] : undefined;
}

/** Whether a trial in `state` can no longer change (COMPLETE, PRUNED or FAIL). */
export function isFinishedState(state: TrialState): boolean {
  return state === 'COMPLETE' || state === 'PRUNED' || state === 'FAIL';
}

/** Optuna's `StudyDirection` integer (`MINIMIZE = 1`, `MAXIMIZE = 2`). */
export function directionToCode(direction: StudyDirection): number {
  return direction === 'minimize' ? 1 : 2;
}

/** The direction an Optuna integer stands for; undefined for `NOT_SET` or garbage. */
export function directionFromCode(code: unknown): StudyDirection | undefined {
  if (code === 1) return 'minimize';
  if (code === 2) return 'maximize';
  return undefined;
}

/**
 * A date as Python's `datetime.isoformat(timespec="microseconds")` writes a UTC time:
 * `2026-01-31T12:00:00.123000+00:00`.
 */
export function formatJournalDatetime(date: Date): string {
  return `${date.toISOString().slice(0, 23)}000+00:00`;
}

const isoDatetime =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2}(?::?\d{2})?)?$/;

/**
 * Reads a datetime Python's `datetime.fromisoformat` accepts in a journal. Without an
 * offset the time is local, as Optuna's replay (`astimezone()`) takes it. Precision below
 * a millisecond is dropped.
 */
export function parseJournalDatetime(text: unknown): Date | undefined {
  if (typeof text !== 'string') return undefined;
  const match = isoDatetime.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second, fraction = '', offset] = match;
  const milliseconds = Number(fraction.padEnd(3, '0').slice(0, 3));
  const fields = [
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    milliseconds,
  ] as const;
  if (offset === undefined) return new Date(...fields);
  let offsetMinutes = 0;
  if (offset !== 'Z') {
    const digits = offset.slice(1).replaceAll(':', '');
    offsetMinutes =
      (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * (offset[0] === '-' ? -1 : 1);
  }
  return new Date(Date.UTC(...fields) - offsetMinutes * 60_000);
}
