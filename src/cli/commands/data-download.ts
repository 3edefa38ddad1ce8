// `rampart data download`: candles from an exchange (through ccxt) into the store, resumable.
import type { Command } from 'commander';
import { formatUtcMinute, InputError, parseTimeframe, systemClock, timeframeMs } from '../../core/index.ts';
import { downloadCandles } from '../../data/index.ts';
import { binanceClient, CcxtExchange } from '../../exchange/index.ts';
import type { BinanceVenue } from '../../exchange/index.ts';
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
    .option('--exchange <id>', 'exchange (binance)', 'binance')
    .option('--testnet', 'use the exchange\'s test network')
    .option('--url <url>', 'a Binance-compatible server instead, e.g. the simulator at http://127.0.0.1:9100')
    .action(async (flags: DownloadFlags, command: Command) => {
      if (flags.exchange !== 'binance') throw new InputError(`--exchange: only binance downloads are supported so far, got '${flags.exchange}'`);
      const timeframe = parseTimeframe(flags.timeframe);
      const since = parseDateFlag('since', flags.since);
      const until = flags.until === undefined ? undefined : parseDateFlag('until', flags.until);
      if (until !== undefined && until <= since) throw new InputError('--until must be after --since');
      const venue: BinanceVenue = flags.url !== undefined ? { kind: 'simulator', restUrl: flags.url.replace(/\/+$/, ''), wsUrl: flags.url.replace(/^http/, 'ws').replace(/\/+$/, '') } : flags.testnet === true ? { kind: 'testnet' } : { kind: 'mainnet' };
      const exchange = new CcxtExchange(flags.exchange, await binanceClient(venue));
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
        console.log(`downloaded ${result.stored} candles for ${flags.symbol.toUpperCase()} ${timeframe} into ${store.path}: ${range}${resumed}`);
      } finally {
        store.close();
        await exchange.close();
      }
    });
}
