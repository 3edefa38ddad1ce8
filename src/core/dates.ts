// Dates as users write them: ISO-8601 (UTC when no offset is given; a bare date is midnight UTC)
// or epoch milliseconds. NaN when the text is neither. This is the one date parser: flags, sweep
// configs and candle files all read dates through it.

/** "2025-01-01 13:00": UTC to the minute, for messages. */
export function formatUtcMinute(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * ISO-8601 calendar date or date-time: `2025-01-05`, `2025-01-05T10:00`, `2025-01-05 10:00:30.5`,
 * with an optional `Z` or `±hh:mm` offset. Nothing else: `Date.parse` also reads `01/05/2025`,
 * as January 5th in the US convention, which a European reader means as May 1st.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Epoch milliseconds from ISO-8601 text (see ISO_DATE; UTC unless an offset is given) or from a
 * string of digits (epoch ms). NaN for anything else, including impossible dates (`2025-02-30`).
 */
export function parseUtcDate(text: string): number {
  const value = text.trim();
  if (/^\d+$/.test(value)) return Number(value);
  const match = ISO_DATE.exec(value);
  if (match === null) return NaN;
  const [, year, month, day, hour = '00', minute = '00'] = match;
  if (Number(hour) > 23 || Number(minute) > 59) return NaN;
  // Date.parse rolls 2025-02-30 over to March 2nd; a date that does not exist is refused instead.
  const calendar = Date.UTC(Number(year), Number(month) - 1, Number(day));
  if (new Date(calendar).getUTCDate() !== Number(day) || new Date(calendar).getUTCMonth() !== Number(month) - 1) return NaN;
  const iso = value.replace(' ', 'T');
  const dateTime = match[4] === undefined ? `${iso}T00:00` : iso;
  return Date.parse(match[7] === undefined ? `${dateTime}Z` : dateTime);
}
