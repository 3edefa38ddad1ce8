// One journal entry as a line a person reads: the fields that matter for its kind (a fill's side,
// quantity and price; a balance's equity and P&L), numbers rounded for display. The entry as
// stored stays in the API (GET /api/v1/journal) and `rampart journal`.
import { money, num, signedMoney } from './format.ts';
import { numberOf, rec, textOf } from './read.ts';

/** At most this many fields in the line of a kind without its own summary. */
const GENERIC_FIELDS = 6;

/** A price or quantity to 6 significant digits ("0.000123457", "64,123.5"); a dash when missing. */
export function short(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return num(value);
  return num(Number(value.toPrecision(6)), 8);
}

const join = (...parts: (string | false | undefined)[]): string => parts.filter((p): p is string => typeof p === 'string' && p !== '').join(' · ');

type Summary = (d: Record<string, unknown>) => string;

const SUMMARIES: Record<string, Summary> = {
  start: (d) => join(`${textOf(d, 'symbol')} ${textOf(d, 'timeframe')}`, textOf(d, 'strategy'), numberOf(d, 'cash') !== null && `cash ${money(numberOf(d, 'cash'))}`),
  stop: (d) => join(textOf(d, 'reason'), numberOf(d, 'candles') !== null && `${num(numberOf(d, 'candles'), 0)} candles`, textOf(d, 'error')),
  candle: (d) => join(`O ${short(numberOf(d, 'open'))}`, `H ${short(numberOf(d, 'high'))}`, `L ${short(numberOf(d, 'low'))}`, `C ${short(numberOf(d, 'close'))}`, numberOf(d, 'volume') !== null && `vol ${short(numberOf(d, 'volume'))}`, textOf(d, 'origin')),
  balance: (d) => join(`equity ${money(numberOf(d, 'equity'))}`, `P&L ${signedMoney(numberOf(d, 'pnl'))}`, `position ${short(numberOf(d, 'position'))}`, textOf(d, 'lastSignal') !== '' && `signal ${textOf(d, 'lastSignal')}`, textOf(d, 'riskState') !== '' && `risk ${textOf(d, 'riskState')}`),
  fill: (d) => {
    const f = rec(d.fill ?? d);
    return join(`${textOf(f, 'side')} ${short(numberOf(f, 'qty'))} @ ${short(numberOf(f, 'price'))}`, numberOf(f, 'fee') !== null && `fee ${short(numberOf(f, 'fee'))}`, textOf(f, 'reason'));
  },
  trade: (d) => join(`${textOf(d, 'side')} ${short(numberOf(d, 'qty'))}`, `${short(numberOf(d, 'entryPrice'))} → ${short(numberOf(d, 'exitPrice'))}`, `P&L ${signedMoney(numberOf(d, 'pnl'))}`, textOf(d, 'exitReason')),
  feed: (d) => join(textOf(d, 'reason') === '' ? textOf(d, 'type') : `${textOf(d, 'type')}: ${textOf(d, 'reason')}`, numberOf(d, 'reconnects') !== null && `reconnect ${num(numberOf(d, 'reconnects'), 0)}`),
  refusal: (d) => join(textOf(d, 'code'), textOf(d, 'reason'), textOf(d, 'source')),
  decision: (d) => (d.intent === null || d.intent === undefined ? 'no action' : generic(rec(d.intent))),
};

/** `kind`'s data as one readable line: the kind's own fields, or the first few scalar fields as `name value`. */
export function summarize(kind: string, data: Record<string, unknown>): string {
  return (SUMMARIES[kind] ?? generic)(data) || '—';
}

/** Scalar fields (one level of nesting flattened as `outer.inner`) as `name value`, numbers rounded. */
function generic(data: Record<string, unknown>): string {
  const parts: string[] = [];
  const add = (name: string, value: unknown): void => {
    if (typeof value === 'number') parts.push(`${name} ${short(value)}`);
    else if (typeof value === 'string' && value !== '') parts.push(`${name} ${value}`);
    else if (typeof value === 'boolean') parts.push(`${name} ${value ? 'yes' : 'no'}`);
  };
  for (const [name, value] of Object.entries(data)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) for (const [inner, v] of Object.entries(value)) add(`${name}.${inner}`, v);
    else if (Array.isArray(value)) parts.push(`${name} ×${value.length}`);
    else add(name, value);
  }
  return join(...parts.slice(0, GENERIC_FIELDS), parts.length > GENERIC_FIELDS && '…');
}
