// The trade statistics of a run, added up one closed trade at a time: a run that only needs its
// metrics (every scenario of a sweep) keeps no Trade objects, and a run that keeps them gets the
// same figures, as both add the same numbers in the same order.
import type { Metrics } from '../core/index.ts';

export type TradeStats = Pick<Metrics, 'winRatePct' | 'profitFactor' | 'expectancy' | 'tradeCount' | 'avgTradePct' | 'bestTradePct' | 'worstTradePct'>;

export class TradeTally {
  private count = 0;
  private wins = 0;
  private grossProfit = 0;
  private grossLoss = 0;
  private pnlSum = 0;
  private pctSum = 0;
  private best = -Infinity;
  private worst = Infinity;

  /** One closed trade: its pnl net of fees (quote currency) and its return on entry notional (%). */
  add(pnl: number, returnPct: number): void {
    this.count++;
    if (pnl > 0) {
      this.wins++;
      this.grossProfit += pnl;
    } else {
      this.grossLoss -= pnl;
    }
    this.pnlSum += pnl;
    this.pctSum += returnPct;
    this.best = Math.max(this.best, returnPct);
    this.worst = Math.min(this.worst, returnPct);
  }

  /** Win rate and averages in %; profit factor Infinity with no losing trade, all 0 with no trade. */
  stats(): TradeStats {
    const { count, grossProfit, grossLoss } = this;
    if (count === 0) {
      return { winRatePct: 0, profitFactor: 0, expectancy: 0, tradeCount: 0, avgTradePct: 0, bestTradePct: 0, worstTradePct: 0 };
    }
    return {
      winRatePct: (this.wins / count) * 100,
      profitFactor: grossLoss > 0 ? grossProfit / grossLoss : grossProfit > 0 ? Infinity : 0,
      expectancy: this.pnlSum / count,
      tradeCount: count,
      avgTradePct: this.pctSum / count,
      bestTradePct: this.best,
      worstTradePct: this.worst,
    };
  }
}
