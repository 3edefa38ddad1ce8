// `rampart start` (what `npm start` runs): the default fleet of the seed study (config/fleet.yml),
// paper trading against the in-process simulator replaying the bundled candles, until Ctrl-C.
import type { Command } from 'commander';
import { commandDescription } from '../command-table.ts';
import { LIVE_STORE_FLAG } from '../workspace.ts';
import { DEFAULT_FLEET_FILE, runFleet } from './run.ts';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description(commandDescription('start'))
    .option('--config <file>', 'fleet file', DEFAULT_FLEET_FILE)
    .option('--exit-after-candles <n>', 'stop each instance cleanly after N live candles')
    .option(LIVE_STORE_FLAG, 'keep the journal, orders and kill flags in PostgreSQL instead of --db')
    .action(async (flags: { config: string; exitAfterCandles?: string; store?: string }, command: Command) => {
      console.log('rampart: paper trading the default fleet on the built-in simulator (bundled Binance candles, accelerated; no keys, no internet)');
      console.log('In another terminal: npx rampart status | orders | trades | journal. Backtests: npx rampart backtest --help\n');
      await runFleet(flags, command);
    });
}
