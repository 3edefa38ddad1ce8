// `rampart start` (what `npm start` runs): the default fleet of the seed study (config/fleet.yml),
// paper trading against the in-process simulator replaying the bundled candles, until Ctrl-C, with
// the REST API on 127.0.0.1:8080 beside it (a taken port is a warning: the fleet runs anyway).
import type { Command } from 'commander';
import { commandDescription } from '../command-table.ts';
import { LIVE_STORE_FLAG } from '../workspace.ts';
import { parsePort } from '../api-server.ts';
import { DEFAULT_FLEET_FILE, runFleet } from './run.ts';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description(commandDescription('start'))
    .option('--config <file>', 'fleet file', DEFAULT_FLEET_FILE)
    .option('--exit-after-candles <n>', 'stop each instance cleanly after N live candles')
    .option(LIVE_STORE_FLAG, 'keep the journal, orders and kill flags in PostgreSQL instead of --db')
    .option('--host <address>', 'address the API listens on', '127.0.0.1')
    .option('--port <n>', 'port of the API', '8080')
    .option('--no-serve', 'run the fleet without the API')
    .action(async (flags: { config: string; exitAfterCandles?: string; store?: string; host: string; port: string; serve: boolean }, command: Command) => {
      const port = parsePort(flags.port);
      console.log('rampart: paper trading the default fleet on the built-in simulator (bundled Binance candles, accelerated; no keys, no internet)');
      console.log('In another terminal: npx rampart status | orders | trades | journal. Backtests: npx rampart backtest --help\n');
      await runFleet(flags, command, flags.serve ? { host: flags.host, port, withoutApi: '--no-serve' } : undefined);
    });
}
