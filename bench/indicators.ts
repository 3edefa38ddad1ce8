// Benchmark: streaming indicator updates per second over 1,000,000 values.
import { candleAt } from '../src/core/index.ts';
import { Adx, Ema, Macd, Rsi, Sma } from '../src/indicators/index.ts';
import { printFigure, timeBest } from './report.ts';
import { randomWalkCandles } from './synthetic-candles.ts';

const COUNT = 1_000_000;
const s = randomWalkCandles(COUNT, 7);
const close = s.close;
const candles = Array.from({ length: 50_000 }, (_v, i) => candleAt(s, i));

const cases: [string, () => void][] = [
  ['sma20', () => { const x = new Sma(20); for (let i = 0; i < COUNT; i++) x.update(close[i]!); }],
  ['ema20', () => { const x = new Ema(20); for (let i = 0; i < COUNT; i++) x.update(close[i]!); }],
  ['macd12_26_9', () => { const x = new Macd(12, 26, 9); for (let i = 0; i < COUNT; i++) x.update(close[i]!); }],
  ['rsi14', () => { const x = new Rsi(14); for (let i = 0; i < COUNT; i++) x.update(close[i]!); }],
  ['adx14', () => { const x = new Adx(14); for (let r = 0; r < COUNT / candles.length; r++) for (const c of candles) x.update(c); }],
];
for (const [name, run] of cases) {
  const ms = timeBest(run, 3);
  printFigure(`indicators.${name}.updates_per_s`, Math.round(COUNT / (ms / 1000)), 'updates/s');
}
