// The deflated Sharpe ratio: the probability that a strategy's true Sharpe ratio is above zero,
// after allowing for how many strategies were tried and for non-normal returns.
// Reference: D. H. Bailey and M. López de Prado, "The Deflated Sharpe Ratio: Correcting for
// Selection Bias, Backtest Overfitting and Non-Normality", Journal of Portfolio Management 40(5),
// 2014, pp. 94–107. All Sharpe ratios here are per period (not annualised).
import { normalCdf, normalInverse } from './normal.ts';

const EULER_MASCHERONI = 0.5772156649015329;

export interface ReturnMoments {
  /** Per-period Sharpe ratio (mean / standard deviation). */
  readonly sharpe: number;
  readonly skewness: number;
  /** Kurtosis (3 for a normal distribution, not excess). */
  readonly kurtosis: number;
  readonly count: number;
}

export function returnMoments(returns: ArrayLike<number>): ReturnMoments {
  const n = returns.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += returns[i]!;
  mean /= n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = returns[i]! - mean;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const sd = Math.sqrt(m2);
  return { sharpe: sd > 0 ? mean / sd : 0, skewness: sd > 0 ? m3 / sd ** 3 : 0, kurtosis: sd > 0 ? m4 / sd ** 4 : 3, count: n };
}

/** The Sharpe ratio the best of `trials` strategies with no skill would show: SR₀ of the paper. */
export function expectedMaxSharpe(trials: number, sharpeVariance: number): number {
  if (trials <= 1) return 0;
  const z1 = normalInverse(1 - 1 / trials);
  const z2 = normalInverse(1 - 1 / (trials * Math.E));
  return Math.sqrt(sharpeVariance) * ((1 - EULER_MASCHERONI) * z1 + EULER_MASCHERONI * z2);
}

/**
 * DSR = Φ((SR − SR₀)·√(T−1) / √(1 − γ₃·SR + (γ₄−1)/4·SR²)), as in Bailey & López de Prado
 * (2014), with SR₀ from `expectedMaxSharpe`. `moments` are the candidate's per-period returns;
 * `trials` is N, the number of trials the candidate was chosen among: every scenario the
 * selection ranked (all symbols, timeframes, parameter sets and windows), not just those sharing
 * its data, since picking the best of all of them is what inflates its Sharpe; `sharpeVariance` is
 * the variance of those trials' Sharpe ratios, per period of the candidate's candles.
 * Returns a probability in [0, 1]; 0.95 or more is the paper's bar for a discovery.
 */
export function deflatedSharpe(moments: ReturnMoments, trials: number, sharpeVariance: number): number {
  const { sharpe, skewness, kurtosis, count } = moments;
  if (count < 2) return 0;
  const sr0 = expectedMaxSharpe(trials, sharpeVariance);
  const denominator = Math.sqrt(Math.max(1e-12, 1 - skewness * sharpe + ((kurtosis - 1) / 4) * sharpe * sharpe));
  return normalCdf(((sharpe - sr0) * Math.sqrt(count - 1)) / denominator);
}
