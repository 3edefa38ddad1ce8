// Intents: what a strategy wants. The risk engine and the broker decide what actually happens.
// A strategy file is the user's code, so an intent is checked where it leaves the strategy
// (`checkIntent`): a misspelt side or field must stop the run, not change its meaning.
import { InputError } from './errors.ts';
import type { PositionSide } from './types.ts';

/** `fraction` scales the configured position size (enter) or the open position (exit); default 1. */
export type Intent =
  | {
      readonly type: 'enter';
      readonly side: PositionSide;
      readonly fraction?: number;
      /** Limit price in quote currency; market order when absent. */
      readonly limitPrice?: number;
      /** Stop-loss distance from the entry price, in % (2 = 2%); 0 or absent = none. */
      readonly stopLossPct?: number;
      /** Take-profit distance from the entry price, in % ; 0 or absent = none. */
      readonly takeProfitPct?: number;
    }
  | {
      readonly type: 'exit';
      readonly fraction?: number;
      readonly limitPrice?: number;
    };

/** A value a strategy returned that is not an Intent; `field` names the offending field. */
export class InvalidIntent extends InputError {
  constructor(
    readonly problem: string,
    readonly field?: string,
  ) {
    super(problem, field === undefined ? {} : { field });
  }
}

const ENTER_FIELDS = new Set(['type', 'side', 'fraction', 'limitPrice', 'stopLossPct', 'takeProfitPct']);
const EXIT_FIELDS = new Set(['type', 'fraction', 'limitPrice']);

/**
 * Throws InvalidIntent unless `value` is an Intent: an object with `type` 'enter' (and `side`
 * 'long' or 'short') or 'exit'; no other fields; `fraction` in (0, 1]; `limitPrice` finite and
 * > 0; `stopLossPct` and `takeProfitPct` finite and >= 0. A field set to undefined counts as absent.
 * Allocates nothing for a valid intent, so a run pays only for the intents its strategy returns.
 */
export function checkIntent(value: unknown): asserts value is Intent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidIntent(`expected an intent object or null, got ${describe(value)}`);
  }
  const intent = value as Record<string, unknown>;
  const type = intent['type'];
  if (type !== 'enter' && type !== 'exit') throw new InvalidIntent(`${describe(type)} is not 'enter' or 'exit'`, 'type');
  const allowed = type === 'enter' ? ENTER_FIELDS : EXIT_FIELDS;
  for (const key in intent) {
    if (!allowed.has(key) && intent[key] !== undefined) throw new InvalidIntent(`unknown field in an '${type}' intent (allowed: ${[...allowed].join(', ')})`, key);
  }
  if (type === 'enter' && intent['side'] !== 'long' && intent['side'] !== 'short') {
    throw new InvalidIntent(`${describe(intent['side'])} is not 'long' or 'short'`, 'side');
  }
  const fraction = intent['fraction'];
  if (fraction !== undefined && !(typeof fraction === 'number' && fraction > 0 && fraction <= 1)) {
    throw new InvalidIntent(`${describe(fraction)} is not a number in (0, 1]`, 'fraction');
  }
  const limitPrice = intent['limitPrice'];
  if (limitPrice !== undefined && !(typeof limitPrice === 'number' && limitPrice > 0 && Number.isFinite(limitPrice))) {
    throw new InvalidIntent(`${describe(limitPrice)} is not a finite price > 0`, 'limitPrice');
  }
  if (type === 'enter') {
    checkPercent(intent, 'stopLossPct');
    checkPercent(intent, 'takeProfitPct');
  }
}

function checkPercent(intent: Record<string, unknown>, field: 'stopLossPct' | 'takeProfitPct'): void {
  const pct = intent[field];
  if (pct !== undefined && !(typeof pct === 'number' && pct >= 0 && Number.isFinite(pct))) {
    throw new InvalidIntent(`${describe(pct)} is not a finite percentage >= 0`, field);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) return String(value);
  return Array.isArray(value) ? 'an array' : typeof value;
}
