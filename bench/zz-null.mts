const root = process.argv[2];
const { parseBacktestConfig, runBacktest } = await import(root + '/src/backtest/index.ts');
const { randomWalkCandles } = await import(root + '/bench/synthetic-candles.ts');
const candles = randomWalkCandles(Number(process.env.N ?? 2_000_000), 42);
const config = parseBacktestConfig({ symbol: 'BTCUSDT', timeframe: '1m', strategy: 'macd-cross', minNotional: 0 });
const strat = { onCandle: () => null };
let best = Infinity;
for (let r = 0; r < Number(process.env.ROUNDS ?? 7); r++) { const t0 = performance.now(); runBacktest(candles, config, strat); best = Math.min(best, performance.now() - t0); }
console.log(root, 'null strategy ns/candle', (best * 1e6 / candles.length).toFixed(1));
