// `rampart simulator`: the Binance-compatible exchange on loopback, until stopped.
import type { Command } from 'commander';
import { InputError, isTimeframe } from '../../core/index.ts';
import { DEFAULT_SYMBOLS, faultSchema, LOCAL_API_KEY, LOCAL_API_SECRET, servedIntervals, Simulator } from '../../simulator/index.ts';
import { parseNumberFlag } from '../parse-values.ts';
import { commandDescription } from '../command-table.ts';

interface SimulatorFlags {
  host: string;
  port: string;
  data?: string;
  symbols: string;
  timeframe: string;
  market: string;
  seed: string;
  speed: string;
  balance: string;
  apiKey?: string;
  apiSecret?: string;
  faults?: string;
  makersPerLevel: string;
}

export function registerSimulator(program: Command): void {
  program
    .command('simulator')
    .description(commandDescription('simulator'))
    .option('--host <address>', 'address to listen on (loopback)', '127.0.0.1')
    .option('--port <n>', 'port (0 = any free one)', '9100')
    .option('--data <dir>', 'folder of <SYMBOL>-<timeframe>.csv files to replay (default: the bundled data)')
    .option('--symbols <list>', 'symbols to trade', DEFAULT_SYMBOLS.join(','))
    .option('--timeframe <tf>', 'candle timeframe replayed; klines of it and of the coarser intervals made of it are served', '1h')
    .option('--market <kind>', 'replay | random-walk', 'replay')
    .option('--seed <n>', 'seed of the random walk and of injected faults', '1')
    .option('--speed <n>', 'market seconds per wall second (0 = step only through POST /admin/step)', '60')
    .option('--balance <list>', 'starting balances, e.g. USDT=10000,BTC=0.5', 'USDT=10000')
    .option('--api-key <key>', `API key to accept (default: the local pair ${LOCAL_API_KEY} / ${LOCAL_API_SECRET})`)
    .option('--api-secret <secret>', 'API secret to accept')
    .option('--faults <json>', 'fault injection, e.g. \'{"latencyMs":50,"unknownStatusRate":0.05}\'')
    .option('--makers-per-level <n>', 'resting orders each book level is made of: a taker gets one trade per maker it meets', '1')
    .action(async (flags: SimulatorFlags) => {
      if ((flags.apiKey === undefined) !== (flags.apiSecret === undefined)) throw new InputError('--api-key and --api-secret go together');
      if (!isTimeframe(flags.timeframe)) throw new InputError(`--timeframe must be a timeframe like 1m or 1h, got '${flags.timeframe}'`);
      // The documented local pair is public: anyone who reaches a non-loopback address could trade.
      if (!isLoopbackHost(flags.host) && flags.apiKey === undefined) {
        throw new InputError(`--host ${flags.host} is reachable from other machines, and the documented local key pair is public: give your own --api-key and --api-secret, or listen on 127.0.0.1`);
      }
      if (flags.market !== 'replay' && flags.market !== 'random-walk') throw new InputError(`--market must be replay or random-walk, got '${flags.market}'`);
      const makersPerLevel = parseNumberFlag('makers-per-level', flags.makersPerLevel);
      if (!Number.isInteger(makersPerLevel) || makersPerLevel < 1) throw new InputError(`--makers-per-level must be a whole number of at least 1, got '${flags.makersPerLevel}'`);
      const simulator = await Simulator.start({
        host: flags.host,
        port: parseNumberFlag('port', flags.port),
        ...(flags.data === undefined ? {} : { dataDir: flags.data }),
        symbols: flags.symbols.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean),
        timeframe: flags.timeframe,
        market: flags.market,
        seed: parseNumberFlag('seed', flags.seed),
        speed: parseNumberFlag('speed', flags.speed),
        balances: parseBalances(flags.balance),
        ...(flags.apiKey === undefined ? {} : { apiKey: flags.apiKey, apiSecret: flags.apiSecret }),
        ...(flags.faults === undefined ? {} : { faults: parseFaults(flags.faults) }),
        makersPerLevel,
      });
      console.log(`simulator REST      ${simulator.restUrl}/api/v3`);
      console.log(`simulator WebSocket ${simulator.wsUrl}/ws  (combined: /stream, WS API: /ws-api/v3)`);
      console.log(`klines    ${servedIntervals(flags.timeframe).join(' ')}  (from the replayed ${flags.timeframe} candles; finer intervals are refused)`);
      console.log(flags.apiKey === undefined ? `api key ${LOCAL_API_KEY}  secret ${LOCAL_API_SECRET}  (the documented local pair)` : 'api key: as given');
      console.log('admin: POST /admin/faults, POST /admin/step?ticks=N, GET|POST /admin/state; Ctrl-C to stop');
      await new Promise<void>((resolve) => {
        const stop = (): void => void simulator.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function parseBalances(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of raw.split(',').filter(Boolean)) {
    const match = /^([A-Za-z0-9]+)=(\d+(?:\.\d+)?)$/.exec(part.trim());
    if (match === null) throw new InputError(`--balance entries look like USDT=10000, got '${part}'`);
    out[match[1]!.toUpperCase()] = match[2]!;
  }
  return out;
}

function parseFaults(raw: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new InputError('--faults must be a JSON object');
  }
  const parsed = faultSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`--faults: ${issue.path.join('.') || 'value'}: ${issue.message}`);
  }
  return value as Record<string, unknown>;
}
