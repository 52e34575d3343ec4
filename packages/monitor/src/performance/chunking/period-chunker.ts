import { InvalidArgumentError } from '@dagnostics/core';
import type { Chunk } from './chunk';
import { readTimestamps, type TimestampInput, timeOrder } from './timestamps';

/**
 * Calendar periods for {@link chunkByPeriod}, in UTC, with the pandas frequency NannyML
 * would be given for each: `'hour'` (`'h'`), `'day'` (`'D'`), `'week'` (`'W'`, Monday to
 * Sunday), `'month'` (`'M'`), `'quarter'` (`'Q'`), `'year'` (`'Y'`).
 */
export type ChunkPeriod = 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

/** Options of {@link chunkByPeriod}. */
export interface PeriodChunkOptions {
  /** The calendar period each chunk covers. Default `'week'` (NannyML's default offset `'W'`). */
  period?: ChunkPeriod;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

function dayKey(time: number): string {
  const date = new Date(time);
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** The period containing `time`: its start, the start of the next one, and pandas' label for it. */
function periodOf(time: number, period: ChunkPeriod): { start: number; next: number; key: string } {
  const date = new Date(time);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  switch (period) {
    case 'hour': {
      const start = Math.floor(time / HOUR_MS) * HOUR_MS;
      return {
        start,
        next: start + HOUR_MS,
        key: `${dayKey(start)} ${pad(new Date(start).getUTCHours())}:00`,
      };
    }
    case 'day': {
      const start = Math.floor(time / DAY_MS) * DAY_MS;
      return { start, next: start + DAY_MS, key: dayKey(start) };
    }
    case 'week': {
      const dayStart = Math.floor(time / DAY_MS) * DAY_MS;
      const daysSinceMonday = (new Date(dayStart).getUTCDay() + 6) % 7;
      const start = dayStart - daysSinceMonday * DAY_MS;
      const next = start + 7 * DAY_MS;
      return { start, next, key: `${dayKey(start)}/${dayKey(next - DAY_MS)}` };
    }
    case 'month':
      return {
        start: Date.UTC(year, month, 1),
        next: Date.UTC(year, month + 1, 1),
        key: `${pad(year, 4)}-${pad(month + 1)}`,
      };
    case 'quarter': {
      const quarter = Math.floor(month / 3);
      return {
        start: Date.UTC(year, quarter * 3, 1),
        next: Date.UTC(year, quarter * 3 + 3, 1),
        key: `${pad(year, 4)}Q${quarter + 1}`,
      };
    }
    case 'year':
      return { start: Date.UTC(year, 0, 1), next: Date.UTC(year + 1, 0, 1), key: pad(year, 4) };
    default:
      throw new InvalidArgumentError({
        message: `\`period\` must be 'hour', 'day', 'week', 'month', 'quarter' or 'year'; got ${String(period)}.`,
        argument: 'period',
      });
  }
}

/**
 * Groups rows by the calendar period of their timestamp, as NannyML 0.13.1's
 * `PeriodBasedChunker(offset)`: one chunk per period that has rows, in time order, keyed by
 * pandas' label of the period (`'2024-03-04'`, `'2024-03-04/2024-03-10'`, `'2024-03'`,
 * `'2024Q1'`, `'2024'`, `'2024-03-04 13:00'`). Rows are counted in time order for
 * `startIndex`/`endIndex`, and each chunk spans its whole period (`startTimeMs` to the last
 * millisecond before the next period).
 *
 * @param timestamps - One time per row (milliseconds since the epoch, or `Date`), read as UTC.
 * @throws InvalidArgumentError for invalid times or an unknown `period`.
 */
export function chunkByPeriod(
  timestamps: TimestampInput,
  options: PeriodChunkOptions = {},
): Chunk[] {
  const times = readTimestamps(timestamps);
  const period = options.period ?? 'week';
  periodOf(0, period);
  const order = timeOrder(times);
  const chunks: Chunk[] = [];
  let current: Chunk | undefined;
  let currentNext = Number.NEGATIVE_INFINITY;
  order.forEach((row, position) => {
    const time = times[row] as number;
    if (current === undefined || time >= currentNext) {
      const span = periodOf(time, period);
      current = {
        key: span.key,
        index: chunks.length,
        startIndex: position,
        endIndex: position,
        rows: [],
        startTimeMs: span.start,
        endTimeMs: span.next - 1,
      };
      currentNext = span.next;
      chunks.push(current);
    }
    current.rows.push(row);
    current.endIndex = position;
  });
  return chunks;
}
