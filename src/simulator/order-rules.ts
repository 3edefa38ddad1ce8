// Binance's parameter rules for a new order, one row per order type (specs/binance-spot.md §3.4,
// "Additional mandatory parameters by type"), and the character set of a clientOrderId. The
// simulator checks every new order against this table, before filters, with Binance's codes:
// a missing parameter -1102, one sent that the type does not take -1106.
import { rejected } from './binance-error.ts';
import type { OrderType } from './orders.ts';

/** Every order type Binance spot has; the simulator trades the ones its exchangeInfo lists. */
export type BinanceOrderType = OrderType | 'STOP_LOSS' | 'TAKE_PROFIT';

/** The order parameters whose presence depends on the type. */
export type OrderParam = 'quantity' | 'quoteOrderQty' | 'price' | 'stopPrice' | 'trailingDelta' | 'timeInForce' | 'icebergQty';

export interface OrderTypeRule {
  /** Each must be sent. */
  readonly required: readonly OrderParam[];
  /** At least one of the two must be sent; `both: false`: not both. */
  readonly either?: { readonly params: readonly [OrderParam, OrderParam]; readonly both: boolean };
  /** May be sent. A parameter in none of the three lists is refused. */
  readonly optional: readonly OrderParam[];
}

const STOP = { params: ['stopPrice', 'trailingDelta'], both: true } as const;

export const ORDER_TYPE_RULES = {
  LIMIT: { required: ['timeInForce', 'quantity', 'price'], optional: ['icebergQty'] },
  // quoteOrderQty: spend (BUY) or receive (SELL) this much quote asset; never with quantity.
  MARKET: { required: [], either: { params: ['quantity', 'quoteOrderQty'], both: false }, optional: [] },
  STOP_LOSS: { required: ['quantity'], either: STOP, optional: [] },
  STOP_LOSS_LIMIT: { required: ['timeInForce', 'quantity', 'price'], either: STOP, optional: ['icebergQty'] },
  TAKE_PROFIT: { required: ['quantity'], either: STOP, optional: [] },
  TAKE_PROFIT_LIMIT: { required: ['timeInForce', 'quantity', 'price'], either: STOP, optional: ['icebergQty'] },
  // Post-only: no timeInForce (it never rests as anything but GTC).
  LIMIT_MAKER: { required: ['quantity', 'price'], optional: ['icebergQty'] },
} as const satisfies Record<BinanceOrderType, OrderTypeRule>;

/** The type's name in Binance's "… orders are not supported for this symbol." */
export const ORDER_TYPE_NAMES: Readonly<Record<BinanceOrderType, string>> = {
  LIMIT: 'Limit',
  MARKET: 'Market',
  STOP_LOSS: 'Stop loss',
  STOP_LOSS_LIMIT: 'Stop loss limit',
  TAKE_PROFIT: 'Take profit',
  TAKE_PROFIT_LIMIT: 'Take profit limit',
  LIMIT_MAKER: 'Limit maker',
};

const PARAMS: readonly OrderParam[] = ['quantity', 'quoteOrderQty', 'price', 'stopPrice', 'trailingDelta', 'timeInForce', 'icebergQty'];

export function isBinanceOrderType(type: string): type is BinanceOrderType {
  return Object.hasOwn(ORDER_TYPE_RULES, type);
}

/** Throws Binance's -1102 / -1106 for the first parameter `type` requires and lacks, or takes not. */
export function checkOrderParams(type: BinanceOrderType, params: URLSearchParams): void {
  const rule: OrderTypeRule = ORDER_TYPE_RULES[type];
  const sent = (name: OrderParam): boolean => (params.get(name) ?? '') !== '';
  for (const name of rule.required) if (!sent(name)) throw rejected.mandatory(name);
  if (rule.either !== undefined) {
    const [a, b] = rule.either.params;
    if (!sent(a) && !sent(b)) throw rejected.eitherParam(a, b);
    if (!rule.either.both && sent(a) && sent(b)) throw rejected.notRequired(b);
  }
  const allowed = new Set<OrderParam>([...rule.required, ...rule.optional, ...(rule.either?.params ?? [])]);
  for (const name of PARAMS) if (sent(name) && !allowed.has(name)) throw rejected.notRequired(name);
}

/** Binance's clientOrderId characters (the FIX docs' regex; REST refuses the same ones). */
const CLIENT_ORDER_ID = /^[A-Za-z0-9_-]{1,36}$/;

/** Throws -1100 for a clientOrderId (new order or cancel) outside Binance's character set. */
export function checkClientOrderId(name: string, value: string): void {
  if (!CLIENT_ORDER_ID.test(value)) throw rejected.illegalChars(name, '^[a-zA-Z0-9-_]{1,36}$');
}
