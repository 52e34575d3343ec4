/**
 * Parsers that turn an environment variable's text into the value a setting expects.
 * A parser that cannot make sense of the text returns it unchanged (or NaN for numbers),
 * so the setting's zod schema reports the problem with the variable's name.
 */
export const envParsers = {
  /** The text as it is. */
  string: (raw: string): string => raw,
  /** A decimal number (`'1.5'` → 1.5); anything else → NaN, which the schema rejects. */
  number: (raw: string): number => (raw.trim() === '' ? Number.NaN : Number(raw)),
  /** `true/false`, `1/0`, `yes/no`, `on/off` (any case); anything else is passed through. */
  boolean: (raw: string): boolean | string => {
    const value = raw.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(value)) return true;
    if (['false', '0', 'no', 'off'].includes(value)) return false;
    return raw;
  },
  /** Seconds, as MLflow's variables give timeouts, to milliseconds (`'120'` → 120000). */
  secondsToMs: (raw: string): number =>
    raw.trim() === '' ? Number.NaN : Math.round(Number(raw) * 1000),
  /** A comma-separated list, trimmed, empty items dropped. */
  list: (raw: string): string[] =>
    raw
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
} as const;
