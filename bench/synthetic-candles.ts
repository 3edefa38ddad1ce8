// Seeded random-walk candles for benchmarks: same seed, same candles, on every machine.
import { emptySeries, seededRng } from '../src/core/index.ts';
import type { CandleSeries } from '../src/core/index.ts';

export function randomWalkCandles(count: number, seed: number, startPrice = 30_000, stepMs = 60_000): CandleSeries {
  const rng = seededRng(seed);
  const s = emptySeries(count);
  let price = startPrice;
  for (let i = 0; i < count; i++) {
    const open = price;
    // Volatility ~0.2% per candle, with a slow drift cycle so crosses happen at realistic rates.
    const move = (rng.next() - 0.5) * 0.004 + Math.sin(i / 5000) * 0.0002;
    const close = Math.max(1, open * (1 + move));
    s.time[i] = i * stepMs;
    s.open[i] = open;
    s.high[i] = Math.max(open, close) * (1 + rng.next() * 0.001);
    s.low[i] = Math.min(open, close) * (1 - rng.next() * 0.001);
    s.close[i] = close;
    s.volume[i] = 1 + rng.next() * 10;
    price = close;
  }
  return s;
}
