const millisecondsPerDay = 86_400_000;

/**
 * Epoch milliseconds of an ISO 8601 date or date-time (`2024-03-01`,
 * `2024-03-01T12:30:00.123456Z`, `2024-03-01 12:30:00+01:00`, and the six-digit signed
 * years `toISOString` writes outside 0000–9999), or `undefined` when the text is not one
 * or names a day its month lacks. A value without a zone is read as UTC, the Arrow
 * convention for timestamps without a time zone, so the result never depends on the
 * machine's zone. Digits below the millisecond are kept as a fraction.
 */
export function parseIsoTimestamp(text: string): number | undefined {
  const match =
    /^((?:[+-]\d{6}|\d{4})-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(
      text.trim(),
    );
  if (match === null) return undefined;
  const [, date, hours = '00', minutes = '00', seconds = '00', fraction = '', zone = 'Z'] = match;
  const normalizedZone = zone.toUpperCase() === 'Z' ? 'Z' : normalizeOffset(zone);
  const whole = Date.parse(`${date}T${hours}:${minutes}:${seconds}${normalizedZone}`);
  if (Number.isNaN(whole) || !isCalendarDate(date ?? '')) return undefined;
  return fraction === '' ? whole : whole + Number(`0.${fraction}`) * 1000;
}

/** Date.parse rolls 2024-02-30 over into March; refuse days the month does not have. */
function isCalendarDate(date: string): boolean {
  const [year, month, day] = date.split(/(?<=\d)-/).map(Number) as [number, number, number];
  const probe = new Date(0);
  probe.setUTCFullYear(year, month - 1, day);
  return probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

function normalizeOffset(offset: string): string {
  const digits = offset.slice(1).replace(':', '');
  return `${offset[0]}${digits.slice(0, 2)}:${digits.slice(2, 4) || '00'}`;
}

/**
 * ISO 8601 text of epoch milliseconds in UTC (`2024-03-01T12:30:00.123Z`), with three more
 * digits when the value has microseconds. Throws `RangeError` outside the range of `Date`
 * (about 275,000 years either side of 1970); callers turn that into their own error.
 */
export function formatIsoTimestamp(epochMilliseconds: number): string {
  if (Number.isInteger(epochMilliseconds)) return new Date(epochMilliseconds).toISOString();
  const totalMicroseconds = Math.round(epochMilliseconds * 1000);
  const whole = Math.floor(totalMicroseconds / 1000);
  const iso = new Date(whole).toISOString();
  const microseconds = totalMicroseconds - whole * 1000;
  if (microseconds === 0) return iso;
  return `${iso.slice(0, -1)}${String(microseconds).padStart(3, '0')}Z`;
}

/** `YYYY-MM-DD` of the UTC day that holds the epoch milliseconds. */
export function formatIsoDate(epochMilliseconds: number): string {
  const dayStart = Math.floor(epochMilliseconds / millisecondsPerDay) * millisecondsPerDay;
  return new Date(dayStart).toISOString().slice(0, 10);
}
