// The simulated exchange's matching: the user's orders against a synthetic book around the
// replayed price. Takers walk ten levels a spread apart, each holding a tenth of the tick's
// volume (consumed liquidity stays consumed until the next tick); resting orders fill at their
// own price when the price path reaches them, sharing the tick's volume in price-time order,
// which is where partial fills come from. Stops wait, not working, until the path crosses them.
import type { Clock } from '../core/index.ts';
import type { Account } from './account.ts';
import { rejected } from './binance-error.ts';
import { decFromNumber, div, floorTo, minDec, mul } from './decimal.ts';
import type { Dec } from './decimal.ts';
import type { SymbolFeed, Tick } from './feed.ts';
import type { SimMarket } from './markets.ts';
import { executionReport, isOpen } from './orders.ts';
import type { ExecutionType, OrderStatus, OrderType, Side, SimOrder, SimTrade, TimeInForce } from './orders.ts';

export interface NewOrder {
  readonly symbol: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly timeInForce?: TimeInForce | undefined;
  readonly quantity?: Dec | undefined;
  readonly quoteOrderQty?: Dec | undefined;
  readonly price?: Dec | undefined;
  readonly stopPrice?: Dec | undefined;
  readonly clientOrderId?: string | undefined;
}

export interface Fees {
  readonly maker: Dec;
  readonly taker: Dec;
}

export interface MatchingOptions {
  /**
   * Resting orders each book level is made of (default 1). A taker gets one trade per maker it
   * meets, as on Binance, so a large value makes one order fill in many trades.
   */
  readonly makersPerLevel?: number;
}

export type EngineEvent =
  | { readonly type: 'execution'; readonly report: Record<string, unknown> }
  | { readonly type: 'account'; readonly assets: readonly string[]; readonly time: number };

const LEVELS = 10;

interface Book {
  /** Liquidity taken from each ask/bid level during the current tick. */
  takenAsk: Dec[];
  takenBid: Dec[];
  tickVolume: Dec;
  /** Volume left this tick for resting orders. */
  restingVolume: Dec;
}

export class MatchingEngine {
  private readonly orders = new Map<number, SimOrder>();
  /** Open orders, and the newest order per (symbol, clientOrderId): lookups without scanning history. */
  private readonly open = new Set<SimOrder>();
  private readonly byClientId = new Map<string, SimOrder>();
  private readonly trades: SimTrade[] = [];
  private readonly books = new Map<string, Book>();
  private nextOrderId = 1;
  private nextTradeId = 1;
  private nextExecutionId = 1;
  private readonly listeners: ((event: EngineEvent) => void)[] = [];

  constructor(
    readonly markets: ReadonlyMap<string, SimMarket>,
    readonly feeds: ReadonlyMap<string, SymbolFeed>,
    readonly account: Account,
    readonly fees: Fees,
    private readonly clock: Clock,
    private readonly options: MatchingOptions = {},
  ) {}

  onEvent(listener: (event: EngineEvent) => void): void {
    this.listeners.push(listener);
  }

  market(symbol: string): SimMarket {
    const market = this.markets.get(symbol);
    if (market === undefined) throw rejected.invalidSymbol();
    return market;
  }

  /** Best bid and ask: one tick either side of the last price, on the tick grid. */
  topOfBook(symbol: string): { bid: Dec; ask: Dec } {
    const m = this.market(symbol);
    const last = this.feeds.get(symbol)!.lastPrice;
    const bid = floorTo(last, m.tickSize) - (last % m.tickSize === 0n ? m.tickSize : 0n);
    return { bid, ask: bid + 2n * m.tickSize };
  }

  /** The synthetic depth: [price, available qty] per level, best first. */
  depth(symbol: string, levels = LEVELS): { bids: [Dec, Dec][]; asks: [Dec, Dec][] } {
    const m = this.market(symbol);
    const { bid, ask } = this.topOfBook(symbol);
    const book = this.book(symbol);
    const gap = this.levelGap(symbol);
    const per = this.levelQty(m, book);
    const asks: [Dec, Dec][] = [];
    const bids: [Dec, Dec][] = [];
    for (let i = 0; i < Math.min(levels, LEVELS); i++) {
      asks.push([ask + BigInt(i) * gap, per - book.takenAsk[i]!]);
      const bidPrice = bid - BigInt(i) * gap;
      if (bidPrice > 0n) bids.push([bidPrice, per - book.takenBid[i]!]);
    }
    return { bids, asks };
  }

  /** Checks and places an order (or only checks it, for order/test). */
  place(request: NewOrder, dryRun = false): { order: SimOrder; fills: SimTrade[] } {
    const m = this.market(request.symbol);
    const now = this.clock.now();
    const clientOrderId = request.clientOrderId ?? `sim-${this.nextOrderId}-${now}`;
    const previous = this.byClientId.get(clientKey(m.symbol, clientOrderId));
    if (previous !== undefined && isOpen(previous)) throw rejected.duplicateOrder();
    checkFilters(m, request, this.feeds.get(m.symbol)!.lastPrice);
    if (request.type !== 'MARKET' && this.openCount(m.symbol) >= m.maxNumOrders) throw rejected.filter('MAX_NUM_ORDERS');
    const last = this.feeds.get(m.symbol)!.lastPrice;
    const { bid, ask } = this.topOfBook(m.symbol);
    const isStop = request.type === 'STOP_LOSS_LIMIT' || request.type === 'TAKE_PROFIT_LIMIT';
    if (isStop && triggered(request.type, request.side, request.stopPrice!, last, last)) throw rejected.wouldTriggerImmediately();
    if (request.type === 'LIMIT_MAKER' && (request.side === 'BUY' ? request.price! >= ask : request.price! <= bid)) throw rejected.wouldMatchAndTake();
    if (request.type === 'MARKET' || (request.type === 'LIMIT' && request.timeInForce === 'FOK')) {
      const plan = this.plan(m, request);
      if (request.type === 'LIMIT' && plan.qty < request.quantity!) {
        if (dryRun) return { order: this.newOrder(m, request, clientOrderId, now), fills: [] };
        const order = this.record(m, request, clientOrderId, now);
        this.finish(order, 'EXPIRED', now, 'UNFILLED_FOK_ORDER_EXPIRED');
        return { order, fills: [] };
      }
      this.checkTakerFunds(m, request.side, plan);
    }
    const lockAsset = request.side === 'BUY' ? m.quoteAsset : m.baseAsset;
    const lockAmount = request.type === 'MARKET' ? 0n : request.side === 'BUY' ? mul(request.price!, request.quantity!) : request.quantity!;
    if (this.account.get(lockAsset).free < lockAmount) throw rejected.insufficientBalance();
    if (dryRun) return { order: this.newOrder(m, request, clientOrderId, now), fills: [] };

    const order = this.record(m, request, clientOrderId, now);
    if (lockAmount > 0n) {
      this.account.lock(lockAsset, lockAmount);
      order.locked = lockAmount;
    }
    const fills = order.isWorking ? this.take(m, order, now) : [];
    if (order.type === 'MARKET' || order.timeInForce !== 'GTC') {
      if (isOpen(order)) this.finish(order, 'EXPIRED', now, order.type === 'MARKET' ? 'INSUFFICIENT_LIQUIDITY' : 'UNFILLED_IOC_QUANTITY_EXPIRED');
    }
    this.emitAccount(m, now);
    return { order, fills };
  }

  cancel(symbol: string, orderId: number | undefined, clientOrderId: string | undefined): SimOrder {
    const m = this.market(symbol);
    const order = this.find(symbol, orderId, clientOrderId, true);
    if (order === undefined || !isOpen(order)) throw rejected.unknownOrderCancel();
    const now = this.clock.now();
    this.finish(order, 'CANCELED', now);
    this.emitAccount(m, now);
    return order;
  }

  /** The order by id, else the newest with that clientOrderId. */
  find(symbol: string, orderId: number | undefined, clientOrderId: string | undefined, forCancel = false): SimOrder | undefined {
    this.market(symbol);
    if (orderId !== undefined) {
      const order = this.orders.get(orderId);
      if (order === undefined || order.symbol !== symbol) return undefined;
      if (clientOrderId !== undefined && order.clientOrderId !== clientOrderId) throw forCancel ? rejected.unknownOrderCancel() : rejected.clientIdMismatch();
      return order;
    }
    return clientOrderId === undefined ? undefined : this.byClientId.get(clientKey(symbol, clientOrderId));
  }

  openOrders(symbol?: string): SimOrder[] {
    return [...this.open].filter((o) => symbol === undefined || o.symbol === symbol).sort((a, b) => a.orderId - b.orderId);
  }

  /**
   * GET /allOrders paging (specs/binance-spot.md §3.10): from `fromId` on, or inside the time
   * window, the oldest first; with neither, the most recent. Each page is at most `limit` orders,
   * ascending by id, so a client pages on with the last id + 1. `visible` leaves out orders the
   * venue does not show yet (the lookup-lag fault) before the page is cut.
   */
  allOrders(symbol: string, fromId?: number, limit = 500, query: ListQuery<SimOrder> = {}): SimOrder[] {
    const rows = [...this.orders.values()].filter(
      (o) => o.symbol === symbol && (fromId === undefined || o.orderId >= fromId) && inWindow(o.time, query) && (query.visible?.(o) ?? true),
    );
    return page(rows, fromId !== undefined || query.startTime !== undefined, limit);
  }

  /** GET /myTrades paging (§3.12): as allOrders, by trade id (`fromId`), optionally one order's trades. */
  myTrades(symbol: string, options: { orderId?: number; fromId?: number; limit?: number } & ListQuery<SimTrade> = {}): SimTrade[] {
    const matching = this.trades.filter(
      (t) =>
        t.symbol === symbol &&
        (options.orderId === undefined || t.orderId === options.orderId) &&
        (options.fromId === undefined || t.id >= options.fromId) &&
        inWindow(t.time, options) &&
        (options.visible?.(t) ?? true),
    );
    return page(matching, options.fromId !== undefined || options.startTime !== undefined, options.limit ?? 500);
  }

  /** A market tick: fresh liquidity, stops that trigger, resting orders the path reaches. */
  onTick(tick: Tick): void {
    const m = this.markets.get(tick.symbol);
    if (m === undefined) return;
    const book = this.book(tick.symbol);
    book.takenAsk.fill(0n);
    book.takenBid.fill(0n);
    book.tickVolume = floorTo(tick.volume, m.stepSize);
    book.restingVolume = book.tickVolume;
    const lo = minDec(tick.previous, tick.price);
    const hi = tick.previous > tick.price ? tick.previous : tick.price;
    const now = this.clock.now();
    let changed = false;
    for (const order of this.openOrders(tick.symbol)) {
      if (order.isWorking || !triggered(order.type, order.side, order.stopPrice, lo, hi)) continue;
      order.isWorking = true;
      order.workingTime = now;
      order.updateTime = now;
      changed = true;
    }
    const resting = this.openOrders(tick.symbol)
      .filter((o) => o.isWorking && (o.side === 'BUY' ? lo <= o.price : hi >= o.price))
      .sort((a, b) => (a.side === b.side ? (a.side === 'BUY' ? cmp(b.price, a.price) : cmp(a.price, b.price)) : 0) || a.orderId - b.orderId);
    for (const order of resting) {
      if (book.restingVolume <= 0n) break;
      const qty = minDec(order.origQty - order.executedQty, book.restingVolume);
      if (qty <= 0n) continue;
      book.restingVolume -= qty;
      this.fill(m, order, order.price, qty, true, now);
      changed = true;
    }
    if (changed) this.emitAccount(m, now);
  }

  snapshot(): Record<string, unknown> {
    return {
      orders: [...this.orders.values()].map(toPlain),
      trades: this.trades.map(toPlain), nextOrderId: this.nextOrderId, nextTradeId: this.nextTradeId, nextExecutionId: this.nextExecutionId };
  }

  restore(data: { orders: Record<string, unknown>[]; trades: Record<string, unknown>[]; nextOrderId: number; nextTradeId: number; nextExecutionId: number }): void {
    this.orders.clear();
    this.open.clear();
    this.byClientId.clear();
    for (const row of data.orders) {
      const order = fromPlain(row) as unknown as SimOrder;
      this.orders.set(order.orderId, order);
      this.byClientId.set(clientKey(order.symbol, order.clientOrderId), order);
      this.track(order);
    }
    this.trades.length = 0;
    for (const row of data.trades) this.trades.push(fromPlain(row) as unknown as SimTrade);
    this.nextOrderId = data.nextOrderId;
    this.nextTradeId = data.nextTradeId;
    this.nextExecutionId = data.nextExecutionId;
  }

  private newOrder(m: SimMarket, r: NewOrder, clientOrderId: string, now: number): SimOrder {
    return {
      symbol: m.symbol,
      orderId: this.nextOrderId,
      clientOrderId,
      side: r.side,
      type: r.type,
      timeInForce: r.timeInForce ?? 'GTC',
      price: r.price ?? 0n,
      origQty: r.quantity ?? 0n,
      origQuoteOrderQty: r.quoteOrderQty ?? 0n,
      stopPrice: r.stopPrice ?? 0n,
      time: now,
      executedQty: 0n,
      cummulativeQuoteQty: 0n,
      status: 'NEW',
      updateTime: now,
      // A stop waits, not working, until the price path crosses it.
      isWorking: r.type !== 'STOP_LOSS_LIMIT' && r.type !== 'TAKE_PROFIT_LIMIT',
      workingTime: now,
      locked: 0n,
    };
  }

  /** Takes a new order on the books: status NEW, reported as such. */
  private record(m: SimMarket, r: NewOrder, clientOrderId: string, now: number): SimOrder {
    const order = this.newOrder(m, r, clientOrderId, now);
    this.nextOrderId++;
    this.orders.set(order.orderId, order);
    this.byClientId.set(clientKey(m.symbol, clientOrderId), order);
    this.transition(order, 'NEW', 'NEW', now);
    return order;
  }

  /** What a taker order would get from the book now: quantity and cost, without changing anything. */
  private plan(m: SimMarket, r: NewOrder): { qty: Dec; cost: Dec } {
    let qty = 0n;
    let cost = 0n;
    for (const [price, available] of this.levels(m, r.side, r.type === 'MARKET' ? undefined : r.price)) {
      const take = this.takeQty(m, r, available, price, qty, cost);
      qty += take;
      cost += mul(take, price);
      if (take < available) break;
    }
    return { qty, cost };
  }

  private checkTakerFunds(m: SimMarket, side: Side, plan: { qty: Dec; cost: Dec }): void {
    if (side === 'BUY' ? this.account.get(m.quoteAsset).free < plan.cost : this.account.get(m.baseAsset).free < plan.qty) throw rejected.insufficientBalance();
  }

  /** How much of a level a taker takes, given what it has taken so far. */
  private takeQty(m: SimMarket, r: NewOrder, available: Dec, price: Dec, qtySoFar: Dec, costSoFar: Dec): Dec {
    if (r.quoteOrderQty !== undefined && r.quoteOrderQty > 0n) return minDec(available, floorTo(div(r.quoteOrderQty - costSoFar, price), m.stepSize));
    return minDec(available, (r.quantity ?? 0n) - qtySoFar);
  }

  private levels(m: SimMarket, side: Side, limit: Dec | undefined): [Dec, Dec][] {
    const { bids, asks } = this.depth(m.symbol);
    const side_ = side === 'BUY' ? asks : bids;
    return side_.filter(([price, qty]) => qty > 0n && (limit === undefined || (side === 'BUY' ? price <= limit : price >= limit)));
  }

  /**
   * Executes the taker part of a new order against the synthetic book. The levels it takes are
   * worked out first, so the fill that completes an order sized by quote amount is known when it
   * is made: that fill's report says FILLED, as Binance's last TRADE report does.
   */
  private take(m: SimMarket, order: SimOrder, now: number): SimTrade[] {
    if (order.type === 'STOP_LOSS_LIMIT' || order.type === 'TAKE_PROFIT_LIMIT' || order.type === 'LIMIT_MAKER') return [];
    const book = this.book(m.symbol);
    const request: NewOrder = { ...order, quantity: order.origQty, quoteOrderQty: order.origQuoteOrderQty };
    const gap = this.levelGap(m.symbol);
    const { bid, ask } = this.topOfBook(m.symbol);
    const takes: { price: Dec; qty: Dec; level: number }[] = [];
    let qtySoFar = order.executedQty;
    let costSoFar = order.cummulativeQuoteQty;
    let spent = false;
    for (const [price, available] of this.levels(m, order.side, order.type === 'MARKET' ? undefined : order.price)) {
      const qty = this.takeQty(m, request, available, price, qtySoFar, costSoFar);
      if (qty <= 0n) {
        spent = true;
        break;
      }
      takes.push({ price, qty, level: Number((order.side === 'BUY' ? price - ask : bid - price) / gap) });
      qtySoFar += qty;
      costSoFar += mul(qty, price);
      if (qty < available) {
        spent = true;
        break;
      }
    }
    // A quote-amount order is complete once what is left of the amount buys less than a lot;
    // if the book ran out first, it expires like any market order (INSUFFICIENT_LIQUIDITY).
    const last = takes.at(-1);
    const quoteLeft = order.origQuoteOrderQty - costSoFar;
    const quoteDone = order.origQuoteOrderQty > 0n && (spent || (last !== undefined && floorTo(div(quoteLeft, last.price), m.stepSize) === 0n));
    return takes.flatMap(({ price, qty, level }, i) => {
      (order.side === 'BUY' ? book.takenAsk : book.takenBid)[level]! += qty;
      // One trade per maker at the level (makersPerLevel); the last one completes a quote-amount order.
      const parts = this.makerShares(m, book, qty);
      return parts.map((part, j) => this.fill(m, order, price, part, false, now, quoteDone && i === takes.length - 1 && j === parts.length - 1));
    });
  }

  /** One trade of `order`; `completes`: the fill that completes an order sized by quote amount. */
  private fill(m: SimMarket, order: SimOrder, price: Dec, qty: Dec, isMaker: boolean, now: number, completes = false): SimTrade {
    const quote = mul(qty, price);
    const rate = isMaker ? this.fees.maker : this.fees.taker;
    const isBuy = order.side === 'BUY';
    const commission = isBuy ? mul(qty, rate) : mul(quote, rate);
    const fromLocked = order.type !== 'MARKET';
    if (isBuy) {
      // A resting buy locked price × qty; a fill below the limit frees the difference.
      const spent = fromLocked ? mul(qty, order.price) : quote;
      this.account.debit(m.quoteAsset, spent, fromLocked);
      if (fromLocked) {
        order.locked -= spent;
        this.account.credit(m.quoteAsset, spent - quote);
      }
      this.account.credit(m.baseAsset, qty - commission);
    } else {
      this.account.debit(m.baseAsset, qty, fromLocked);
      if (fromLocked) order.locked -= qty;
      this.account.credit(m.quoteAsset, quote - commission);
    }
    order.executedQty += qty;
    order.cummulativeQuoteQty += quote;
    const full = order.origQuoteOrderQty > 0n ? completes : order.executedQty >= order.origQty;
    const trade: SimTrade = {
      id: this.nextTradeId++,
      symbol: m.symbol,
      orderId: order.orderId,
      price,
      qty,
      quoteQty: quote,
      commission,
      commissionAsset: isBuy ? m.baseAsset : m.quoteAsset,
      time: now,
      isBuyer: isBuy,
      isMaker,
    };
    this.trades.push(trade);
    if (full && order.locked > 0n) {
      this.account.unlock(isBuy ? m.quoteAsset : m.baseAsset, order.locked);
      order.locked = 0n;
    }
    this.transition(order, full ? 'FILLED' : 'PARTIALLY_FILLED', 'TRADE', now, trade);
    return trade;
  }

  /** Ends an open order: cancel or expiry, unlocking what it still held. */
  private finish(order: SimOrder, status: 'CANCELED' | 'EXPIRED', now: number, reason?: string): void {
    const m = this.market(order.symbol);
    if (order.locked > 0n) this.account.unlock(order.side === 'BUY' ? m.quoteAsset : m.baseAsset, order.locked);
    order.locked = 0n;
    if (reason !== undefined) order.expiryReason = reason;
    this.transition(order, status, status, now);
  }

  /**
   * The one place an order's status changes: it sets the status and update time, keeps the set of
   * open orders, and sends the execution report, so the user data stream's last report for an
   * order always carries the status the REST API shows.
   */
  private transition(order: SimOrder, status: OrderStatus, execution: ExecutionType, now: number, fill?: SimTrade): void {
    order.status = status;
    order.updateTime = now;
    this.track(order);
    this.emitExecution(order, execution, now, fill);
  }

  private openCount(symbol: string): number {
    let count = 0;
    for (const o of this.open) if (o.symbol === symbol) count++;
    return count;
  }

  private track(order: SimOrder): void {
    if (isOpen(order)) this.open.add(order);
    else this.open.delete(order);
  }

  private book(symbol: string): Book {
    let book = this.books.get(symbol);
    if (book === undefined) {
      const m = this.market(symbol);
      const volume = floorTo(decFromNumber(this.feeds.get(symbol)!.tickVolume), m.stepSize);
      book = { takenAsk: new Array<Dec>(LEVELS).fill(0n), takenBid: new Array<Dec>(LEVELS).fill(0n), tickVolume: volume, restingVolume: volume };
      this.books.set(symbol, book);
    }
    return book;
  }

  /** A taker's quantity at one level, split into one trade per maker it meets. */
  private makerShares(m: SimMarket, book: Book, qty: Dec): Dec[] {
    const makers = BigInt(Math.max(1, Math.floor(this.options.makersPerLevel ?? 1)));
    const perMaker = floorTo(this.levelQty(m, book) / makers, m.stepSize);
    if (makers === 1n || perMaker <= 0n) return [qty];
    const shares: Dec[] = [];
    for (let left = qty; left > 0n; left -= perMaker) shares.push(minDec(perMaker, left));
    return shares;
  }

  private levelQty(m: SimMarket, book: Book): Dec {
    return floorTo(book.tickVolume / BigInt(LEVELS), m.stepSize);
  }

  /** Levels sit 0.02% apart (at least one tick), like a liquid pair's book. */
  private levelGap(symbol: string): Dec {
    const m = this.market(symbol);
    const last = this.feeds.get(symbol)!.lastPrice;
    const gap = floorTo(last / 5000n, m.tickSize);
    return gap > m.tickSize ? gap : m.tickSize;
  }

  private emitExecution(order: SimOrder, x: ExecutionType, now: number, fill?: SimTrade): void {
    const report = executionReport(order, x, now, this.nextExecutionId++, fill);
    for (const listener of this.listeners) listener({ type: 'execution', report });
  }

  private emitAccount(m: SimMarket, now: number): void {
    this.account.updateTime = now;
    for (const listener of this.listeners) listener({ type: 'account', assets: [m.baseAsset, m.quoteAsset], time: now });
  }
}

/** JSON-safe copy of a record: exact decimals become {"$bigint": "…"} (a tag, so no string is mistaken for one). */
function toPlain(row: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? { $bigint: v.toString() } : v]));
}

function fromPlain(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k, typeof v === 'object' && v !== null && '$bigint' in v ? BigInt(String((v as { $bigint: unknown }).$bigint)) : v]),
  );
}

/** A time window (server ms, both ends inclusive) and what the venue shows yet. */
export interface ListQuery<T> {
  readonly startTime?: number;
  readonly endTime?: number;
  readonly visible?: (row: T) => boolean;
}

function inWindow(time: number, query: { readonly startTime?: number; readonly endTime?: number }): boolean {
  return (query.startTime === undefined || time >= query.startTime) && (query.endTime === undefined || time <= query.endTime);
}

/** Binance's pages: the first `limit` rows from a starting point, else the last `limit`; oldest first either way. */
function page<T>(rows: T[], fromStart: boolean, limit: number): T[] {
  return fromStart ? rows.slice(0, limit) : rows.slice(-limit);
}

function clientKey(symbol: string, clientOrderId: string): string {
  return `${symbol}\u0000${clientOrderId}`;
}

function cmp(a: Dec, b: Dec): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether a stop triggers when the price moves over [lo, hi]. */
function triggered(type: OrderType, side: Side, stop: Dec, lo: Dec, hi: Dec): boolean {
  const fallsTo = lo <= stop;
  const risesTo = hi >= stop;
  if (type === 'STOP_LOSS_LIMIT') return side === 'SELL' ? fallsTo : risesTo;
  if (type === 'TAKE_PROFIT_LIMIT') return side === 'SELL' ? risesTo : fallsTo;
  return false;
}

/** PRICE_FILTER → LOT_SIZE / MARKET_LOT_SIZE → NOTIONAL, in exact decimals. */
function checkFilters(m: SimMarket, r: NewOrder, last: Dec): void {
  for (const price of [r.price, r.stopPrice]) {
    if (price === undefined) continue;
    if (price < m.minPrice || price > m.maxPrice || price % m.tickSize !== 0n) throw rejected.filter('PRICE_FILTER');
  }
  if (r.quantity !== undefined) {
    if (r.type === 'MARKET') {
      if (r.quantity <= 0n || r.quantity > m.maxQty) throw rejected.filter('MARKET_LOT_SIZE');
      if (r.quantity % m.stepSize !== 0n) throw rejected.filter('LOT_SIZE');
    } else if (r.quantity < m.minQty || r.quantity > m.maxQty || r.quantity % m.stepSize !== 0n) {
      throw rejected.filter('LOT_SIZE');
    }
  }
  const notional = r.quoteOrderQty ?? mul(r.quantity ?? 0n, r.price ?? last);
  // exchangeInfo says applyMinToMarket: true, applyMaxToMarket: false.
  if (notional < m.minNotional || (r.type !== 'MARKET' && notional > m.maxNotional)) throw rejected.filter('NOTIONAL');
}
