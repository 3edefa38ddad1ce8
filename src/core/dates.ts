// Dates as users write them: ISO-8601 (UTC when no offset is given; a bare date is midnight UTC)
// or epoch milliseconds. NaN when the text is neither.

/** "2025-01-01 13:00": UTC to the minute, for messages. */
export function formatUtcMinute(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

export function parseUtcDate(text: string): number {
  const value = text.trim();
  if (/^\d+$/.test(value)) return Number(value);
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value.replace(' ', 'T');
  return Date.parse(/(Z|[+-]\d{2}:?\d{2})$/i.test(iso) ? iso : `${iso}Z`);
}
