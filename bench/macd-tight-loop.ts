// The reference for the engine's speed: MACD-cross trades computed by one hand-written loop over
// arrays (batch MACD, all-in sizing, next-open fills, fees, lot step, min notional, end-of-data
// close). It must produce exactly the engine's trades; the benchmark checks that.
import { roundDownToStep } from '../src/engine/index.ts';
import { isTie, type CandleSeries } from '../src/core/index.ts';
import { macd } from '../src/indicators/index.ts';

export interface TightTrade {
  entryTime: number;
  exitTime: number;
  qty: number;
  entryPrice: number;
  exitPrice: number;
  pnl: number;
}

export interface TightRules {
  cash: number;
  fee: number;
  lotStep: number;
  minNotional: number;
}

export function macdCrossTightLoop(s: CandleSeries, fast: number, slow: number, signal: number, rules: TightRules): { trades: TightTrade[]; endEquity: number } {
  const { macd: line, signal: sig } = macd(s.close, fast, slow, signal);
  const { time, open, close } = s;
  const n = s.length;
  const trades: TightTrade[] = [];
  let cash = rules.cash;
  let qty = 0;
  let entryPrice = 0;
  let entryTime = 0;
  let entryFee = 0;
  let pending = 0;
  let side = 0; // the last side of MACD against its signal that was not a tie (cross.ts)
  for (let i = 0; i < n; i++) {
    if (pending === 1) {
      const price = open[i]!;
      const q = roundDownToStep((cash > 0 ? cash : 0) / (price * (1 + rules.fee)), rules.lotStep);
      if (q > 0 && q * price >= rules.minNotional) {
        const notional = q * price;
        entryFee = notional * rules.fee;
        cash += -(notional + entryFee);
        if (cash < 0) cash = 0;
        qty = q;
        entryPrice = price;
        entryTime = time[i]!;
      }
    } else if (pending === -1) {
      cash = exit(i, open[i]!);
    }
    pending = 0;
    const a = line[i]!;
    const b = sig[i]!;
    if (Number.isNaN(a) || Number.isNaN(b) || isTie(a, b, close[i]!)) continue;
    const now = a > b ? 1 : -1;
    if (side === -1 && now === 1 && qty === 0) pending = 1;
    else if (side === 1 && now === -1 && qty > 0) pending = -1;
    side = now;
  }
  if (qty > 0) cash = exit(n - 1, close[n - 1]!);
  return { trades, endEquity: cash };

  function exit(i: number, price: number): number {
    const exitFee = qty * price * rules.fee;
    const next = cash + (qty * price - exitFee);
    trades.push({ entryTime, exitTime: time[i]!, qty, entryPrice, exitPrice: price, pnl: (price - entryPrice) * qty - (entryFee + exitFee) });
    qty = 0;
    return next;
  }
}
