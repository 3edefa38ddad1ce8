// `rampart data download`: candles from an exchange (through ccxt) into the store, resumable.
import type { Command } from 'commander';
import { formatUtcMinute, InputError, parseTimeframe, systemClock, timeframeMs, VENUES } from '../../core/index.ts';
import { downloadCandles } from '../../data/index.ts';
import { openStore } from '../../store/index.ts';
import { globalOptions } from '../global-options.ts';
import { parseDateFlag } from '../parse-values.ts';
import { progressReporter } from '../progress.ts';

interface DownloadFlags {
  exchange: string;
  symbol: string;
  timeframe: string;
  since: string;
  until?: string;
  url?: string;
  testnet?: boolean;
}

export function registerDataDownload(data: Command): void {
  data
    .command('download')
    .description('download candles from an exchange into the store (paginated; re-running continues where it stopped)')
    .requiredOption('--symbol <symbol>', 'unified symbol, e.g. BTC/USDT')
    .requiredOption('--timeframe <tf>', 'e.g. 1h')
    .requiredOption('--since <date>', 'first candle, ISO date or epoch ms')
    .option('--until <date>', 'stop before this time (default: up to the newest closed candle)')
    .option('--exchange <id>', `exchange (${VENUES.join(', ')})`, 'binance')
    .option('--testnet', 'use the exchange\'s test network (Binance)')
    .option('--url <url>', 'another REST base for the exchange, e.g. the simulator at http://127.0.0.1:9100')
    .action(async (flags: DownloadFlags, command: Command) => {
      const timeframe = parseTimeframe(flags.timeframe);
      const since = parseDateFlag('since', flags.since);
      const until = flags.until === undefined ? undefined : parseDateFlag('until', flags.until);
      if (until !== undefined && until <= since) throw new InputError('--until must be after --since');
      // Loaded here, not at the top: ccxt takes ~0.7 s, and every other `rampart data` command goes without it.
      const { openExchange } = await import('../../exchange/index.ts');
      const exchange = await openExchange(flags.exchange, { ...(flags.testnet === true ? { testnet: true } : {}), ...(flags.url === undefined ? {} : { url: flags.url }) });
      const store = openStore(globalOptions(command).db);
      const span = timeframeMs(timeframe);
      const total = Math.max(1, Math.floor(((until ?? systemClock.now()) - since) / span));
      const progress = progressReporter(`download ${flags.symbol} ${timeframe}`, systemClock);
      try {
        const result = await downloadCandles({
          exchange,
          store,
          venue: flags.exchange,
          symbol: flags.symbol.toUpperCase(),
          timeframe,
          since,
          ...(until === undefined ? {} : { until }),
          onPage: (_stored, newest) => progress(Math.min(total, Math.floor((newest - since) / span) + 1), total),
        });
        const resumed = result.resumedFrom === undefined ? '' : ` (resumed after the stored candles, from ${formatUtcMinute(result.resumedFrom)})`;
        const range = result.first === undefined ? 'nothing new' : `${formatUtcMinute(result.first)} .. ${formatUtcMinute(result.last!)}`;
        const corrected = result.corrected > 0 ? '; the newest stored candle had been stored before it closed and now has its final prices' : '';
        console.log(`downloaded ${result.stored} candles for ${flags.symbol.toUpperCase()} ${timeframe} into ${store.path}: ${range}${resumed}${corrected}`);
      } finally {
        store.close();
        await exchange.close();
      }
    });
}
