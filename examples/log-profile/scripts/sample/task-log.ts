import type { Rng } from './random-helpers';

/**
 * How a deployment stamps its log lines: `[2024-05-01, 12:00:03 UTC]` (the default
 * formatter with a timezone-aware `asctime`) or `[2024-05-01T12:00:03.123+0000]`
 * (ISO with milliseconds, what many deployments configure).
 */
export type TimestampStyle = 'bracketed-utc' | 'iso-milliseconds';

/** A log level as Python's logging prints it. */
export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

function twoDigits(value: number): string {
  return value.toString().padStart(2, '0');
}

/**
 * The task log of one attempt, written line by line on a clock that runs from the
 * attempt's start (offset 0) to its end (offset `durationMs`) and never goes back.
 */
export class TaskLog {
  readonly #lines: string[] = [];
  #offsetMs = 0;

  /**
   * @param startMs Start of the attempt, milliseconds since the epoch.
   * @param durationMs Length of the attempt in milliseconds; the clock stops there.
   * @param style How lines are stamped.
   */
  constructor(
    readonly startMs: number,
    readonly durationMs: number,
    readonly style: TimestampStyle,
  ) {}

  /** Milliseconds since the start of the attempt at which the next line is stamped. */
  get offsetMs(): number {
    return this.#offsetMs;
  }

  /** Milliseconds left before the end of the attempt. */
  get remainingMs(): number {
    return this.durationMs - this.#offsetMs;
  }

  /** Moves the clock forward by `milliseconds`, stopping at the end of the attempt. */
  advance(milliseconds: number): void {
    this.#offsetMs = Math.min(this.durationMs, this.#offsetMs + Math.max(0, milliseconds));
  }

  /** Moves the clock to `offsetMs` unless it is already past it. */
  moveTo(offsetMs: number): void {
    this.#offsetMs = Math.min(this.durationMs, Math.max(this.#offsetMs, offsetMs));
  }

  /** The stamp of a line written now, brackets included. */
  stamp(): string {
    const date = new Date(this.startMs + this.#offsetMs);
    const day = `${date.getUTCFullYear()}-${twoDigits(date.getUTCMonth() + 1)}-${twoDigits(date.getUTCDate())}`;
    const time = `${twoDigits(date.getUTCHours())}:${twoDigits(date.getUTCMinutes())}:${twoDigits(date.getUTCSeconds())}`;
    if (this.style === 'bracketed-utc') return `[${day}, ${time} UTC]`;
    const milliseconds = date.getUTCMilliseconds().toString().padStart(3, '0');
    return `[${day}T${time}.${milliseconds}+0000]`;
  }

  /** Writes one record of Airflow's task log format; `message` may span several lines. */
  write(level: LogLevel, source: string, message: string): void {
    this.#lines.push(`${this.stamp()} {${source}} ${level} - ${message}`);
  }

  /** Writes an INFO record. */
  info(source: string, message: string): void {
    this.write('INFO', source, message);
  }

  /** Writes a WARNING record. */
  warning(source: string, message: string): void {
    this.write('WARNING', source, message);
  }

  /** Writes an ERROR record. */
  error(source: string, message: string): void {
    this.write('ERROR', source, message);
  }

  /** Appends text as it is, without a stamp: tracebacks, UI headers, raw stderr. */
  raw(text: string): void {
    this.#lines.push(text);
  }

  /**
   * Writes `count` lines spread over the next `spanMs` milliseconds with some jitter:
   * `writeOne(index, stepMs)` writes line `index`; it may advance the clock by a fifth of
   * `stepMs` or so between two lines it writes, and the total stays near `spanMs`.
   */
  pace(
    rng: Rng,
    count: number,
    spanMs: number,
    writeOne: (index: number, stepMs: number) => void,
  ): void {
    if (count <= 0) return;
    const stepMs = Math.max(0, spanMs) / count;
    for (let index = 0; index < count; index += 1) {
      this.advance(stepMs * (0.5 + 0.6 * rng.float()));
      writeOne(index, stepMs);
    }
  }

  /** Drops every line after the first `count`, as a log file lost with its worker. */
  keepFirstLines(count: number): void {
    this.#lines.length = Math.min(this.#lines.length, Math.max(0, count));
  }

  /** Cuts the last line after `keepCharacters` characters, as a log upload cut off mid-write. */
  cutLastLine(keepCharacters: number): void {
    const last = this.#lines.pop();
    if (last !== undefined) this.#lines.push(last.slice(0, Math.max(1, keepCharacters)));
  }

  /** The log text, lines joined by `\n`. */
  render(): string {
    return this.#lines.join('\n');
  }
}
