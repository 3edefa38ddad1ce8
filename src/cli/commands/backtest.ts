// `rampart backtest`: one strategy on one symbol/timeframe, printed, stored for --rerun, and
// optionally written as JSON or a self-contained HTML report.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { backtestAndStore, rerunBacktest, strategyRef } from '../../app/index.ts';
import type { Workspace } from '../../app/index.ts';
import { DEFAULT_WARMUP_CANDLES, describeWarmup, instanceBacktestInput, parseBacktestConfig } from '../../backtest/index.ts';
import { equityPoints } from '../../engine/index.ts';
import type { BacktestConfig, BacktestConfigInput, BacktestJob } from '../../backtest/index.ts';
import { renderReportHtml, tradesCsv } from '../../backtest/report/index.ts';
import { DEFAULT_CASH, DEFAULT_EXCHANGE, DEFAULT_FEE, DEFAULT_STRATEGY, readInstanceFile } from '../../config/index.ts';
import type { InstanceConfig } from '../../config/index.ts';
import { ConfigError, InputError, parseRate } from '../../core/index.ts';
import { formatSummary, toJson } from '../format.ts';
import { announceData, dataSelection, SOURCE_FLAG, SOURCE_HELP } from '../data-flags.ts';
import type { DataSelection } from '../data-flags.ts';
import { dbFlag } from '../global-options.ts';
import { inWorkspace } from '../workspace.ts';
import { parseDateFlag, parseNumberFlag, parseParamFlags } from '../parse-values.ts';
import { commandDescription } from '../command-table.ts';

interface BacktestFlags {
  data?: string;
  exchange?: string;
  symbol?: string;
  timeframe?: string;
  from?: string;
  to?: string;
  strategy?: string;
  cash?: string;
  fee?: string;
  slippage?: string;
  sizing?: string;
  size?: string;
  lotStep?: string;
  tickSize?: string;
  minNotional?: string;
  allowShort?: boolean;
  fill?: string;
  warmup?: string;
  riskStopLoss?: string;
  riskTakeProfit?: string;
  maxTradesPerDay?: string;
  json?: boolean;
  out?: string;
  tradesCsv?: string;
  rerun?: string;
  source?: string;
  config?: string;
}

export function registerBacktest(program: Command): void {
  program
    .command('backtest')
    .description(commandDescription('backtest'))
    .option('--data <file>', 'backtest a candle file (CSV/JSON) directly')
    .option('--exchange <name>', `exchange of the stored/bundled data (default ${DEFAULT_EXCHANGE})`)
    .option('--symbol <symbol>', 'symbol, e.g. BTCUSDT (with --data: only this gives the market rules)')
    .option('--timeframe <tf>', 'timeframe, e.g. 1h, 4h, 1d (with --data: default inferred from the candle spacing)')
    .option(SOURCE_FLAG, SOURCE_HELP)
    .option('--from <date>', 'first candle (ISO date or epoch ms, inclusive)')
    .option('--to <date>', 'end (ISO date or epoch ms, exclusive)')
    .option('--strategy <name|file>', `built-in strategy name or a strategy file (default ${DEFAULT_STRATEGY})`)
    .option('--cash <amount>', `starting cash in quote currency (default ${DEFAULT_CASH})`)
    .option('--fee <rate>', `fee per side: a fraction of notional (0.001) or a percentage (0.1%) (default ${DEFAULT_FEE})`)
    .option('--slippage <rate>', 'slippage against the trader: a fraction of price (0.0005) or a percentage (0.05%) (default 0)')
    .option('--sizing <mode>', 'all-in | fixed | quote | percent (default all-in)')
    .option('--size <value>', 'fixed: base qty; quote: quote amount; percent: % of equity')
    .option('--lot-step <step>', 'quantity step (default: the market rule of the symbol)')
    .option('--tick-size <tick>', 'price tick (default: the market rule of the symbol)')
    .option('--min-notional <amount>', 'minimum order notional (default: the market rule)')
    .option('--allow-short', 'allow short positions (margin/futures-style backtest)')
    .option('--fill <timing>', 'next-open | close (default next-open)')
    .option('--warmup <candles>', `candles before --from that only warm the indicators up (default ${DEFAULT_WARMUP_CANDLES})`)
    .option('--risk-stop-loss <pct>', 'stop-loss the risk engine puts on every entry, % from entry (the tighter of it and the strategy\'s)')
    .option('--risk-take-profit <pct>', 'take-profit the risk engine puts on every entry, % from entry (the nearer of it and the strategy\'s)')
    .option('--max-trades-per-day <n>', 'entries allowed per UTC day (default: no limit)')
    .option('--json', 'print one JSON document with config, metrics, trades and equity')
    .option('--out <file.html>', 'write a self-contained HTML report')
    .option('--trades-csv <file>', 'write every closed trade as CSV (header row, ISO UTC and epoch ms times)')
    .option('--rerun <id>', 'rerun a stored backtest with its exact config')
    .option('--config <file.yml>', 'backtest an instance (deployment) file as it will trade, e.g. the one `rampart select` writes; flags given too override it')
    .allowUnknownOption()
    .allowExcessArguments()
    .addHelpText('after', '\nStrategy parameters are flags too, e.g. --fast 30 --slow 60 --signal 15 for macd-cross.')
    .action(async (flags: BacktestFlags, command: Command) => {
      await inWorkspace(command, (workspace) => backtestAction(flags, command, workspace));
    });
}

async function backtestAction(flags: BacktestFlags, command: Command, workspace: Workspace): Promise<void> {
  const extra = command.args;
  if (flags.rerun !== undefined) {
    await rerun(flags, extra, workspace);
    return;
  }
  const instance = flags.config === undefined ? undefined : readInstanceFile(flags.config);
  const data = dataSelection(instance === undefined ? flags : { ...flags, exchange: flags.exchange ?? instance.exchange, symbol: flags.symbol ?? instance.symbol, timeframe: flags.timeframe ?? instance.timeframe });
  // Flags not given stay out, so the file's values or else the schema's defaults apply.
  const fromFlags = configFromFlags(flags, parseParamFlags(extra), data, instance?.sizing);
  // A strategy file named in an instance file is found from the file's folder, as its author sees it.
  const fileInput = instance === undefined ? undefined : { ...instanceBacktestInput(instance), strategy: strategyRef(instance.strategy, path.dirname(path.resolve(flags.config!))) };
  const input = fileInput === undefined ? fromFlags : { ...fileInput, ...fromFlags, params: { ...fileInput.params, ...fromFlags.params } };
  const config = parseFlagConfig(input);
  const { runId, job } = await backtestAndStore(config, workspace, { announce: announceData, describe: data.describe });
  emit(job, flags, runId, `run #${runId} stored in ${workspace.store.path}; reproduce it with: npx rampart ${dbFlag(workspace.store.path)}backtest --rerun ${runId}`);
}

async function rerun(flags: BacktestFlags, extra: readonly string[], workspace: Workspace): Promise<void> {
  if (extra.length > 0 || flags.config !== undefined) throw new InputError('--rerun takes no other strategy, data or --config flags');
  const id = Number(flags.rerun);
  if (!Number.isInteger(id)) throw new InputError(`no stored backtest run '${flags.rerun}' in ${workspace.store.path}`);
  const { job, reproduced, sameData } = await rerunBacktest(id, workspace, { announce: announceData });
  const verdict = reproduced
    ? `run #${id} reproduced exactly`
    : `run #${id} did NOT reproduce: ${sameData ? 'same data, different metrics' : 'the candle data changed since the run'}`;
  emit(job, flags, id, verdict);
  if (!reproduced) process.exitCode = 1;
}

function emit(job: BacktestJob, flags: BacktestFlags, runId: number, footer: string): void {
  const { result } = job;
  if (flags.out !== undefined) {
    writeOutput('--out', flags.out, renderReportHtml(result, job.candles));
  }
  if (flags.tradesCsv !== undefined) writeOutput('--trades-csv', flags.tradesCsv, tradesCsv(result.trades));
  if (flags.json === true) {
    const { config, metrics, trades, equity, gaps, rejections, rejectedCount } = result;
    console.log(toJson({ runId, config, metrics, trades, equity: equityPoints(equity), gaps, rejections, rejectedCount }));
    return;
  }
  const { from, warmupCandles } = result.config;
  const warmup = from === undefined ? '' : `\n  ${describeWarmup(job.warmup, from, warmupCandles)}`;
  console.log(`${formatSummary(result)}\n  data: ${job.source}${warmup}\n${footer}`);
  if (flags.out !== undefined) console.log(`report: ${path.resolve(flags.out)}`);
}

function writeOutput(flag: string, file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new InputError(`${flag}: cannot write ${file} (${code})`);
  }
}

/**
 * The config fields the flags give, only those given (and the data selection); `fileSizing` is
 * the sizing mode a lone --size applies to (an instance file's; else all-in, which refuses it).
 */
function configFromFlags(flags: BacktestFlags, params: Record<string, string>, data: DataSelection, fileSizing?: InstanceConfig['sizing']): BacktestConfigInput {
  return {
    ...(flags.exchange === undefined ? {} : { exchange: flags.exchange }),
    symbol: data.symbol,
    timeframe: data.timeframe,
    ...(data.dataFile === undefined ? {} : { dataFile: data.dataFile }),
    ...(data.source === undefined ? {} : { source: data.source }),
    ...data.noMarketRules,
    ...(flags.from === undefined ? {} : { from: parseDateFlag('from', flags.from) }),
    ...(flags.to === undefined ? {} : { to: parseDateFlag('to', flags.to) }),
    // A strategy file is stored by absolute path, so --rerun works from any directory.
    ...(flags.strategy === undefined ? {} : { strategy: strategyRef(flags.strategy) }),
    params,
    ...(flags.cash === undefined ? {} : { cash: parseNumberFlag('cash', flags.cash) }),
    ...(flags.fee === undefined ? {} : { fee: parseRate(flags.fee, '--fee') }),
    ...(flags.slippage === undefined ? {} : { slippage: parseRate(flags.slippage, '--slippage') }),
    ...(flags.sizing === undefined && flags.size === undefined ? {} : parseSizingFlags(flags.sizing ?? fileSizing ?? 'all-in', flags.size)),
    ...(flags.lotStep === undefined ? {} : { lotStep: parseNumberFlag('lot-step', flags.lotStep) }),
    ...(flags.tickSize === undefined ? {} : { tickSize: parseNumberFlag('tick-size', flags.tickSize) }),
    ...(flags.minNotional === undefined ? {} : { minNotional: parseNumberFlag('min-notional', flags.minNotional) }),
    ...(flags.allowShort === true ? { allowShort: true } : {}),
    ...(flags.fill === undefined ? {} : { fill: parseFill(flags.fill) }),
    ...(flags.warmup === undefined ? {} : { warmupCandles: parseNumberFlag('warmup', flags.warmup) }),
    ...(flags.riskStopLoss === undefined ? {} : { stopLossPct: parseNumberFlag('risk-stop-loss', flags.riskStopLoss) }),
    ...(flags.riskTakeProfit === undefined ? {} : { takeProfitPct: parseNumberFlag('risk-take-profit', flags.riskTakeProfit) }),
    ...(flags.maxTradesPerDay === undefined ? {} : { maxTradesPerDay: parseNumberFlag('max-trades-per-day', flags.maxTradesPerDay) }),
  };
}

/** What --size means for each sizing mode, for messages. */
const SIZE_MEANING = { fixed: 'the base quantity per trade', quote: 'the quote amount per trade', percent: 'the % of equity per trade' } as const;

function parseSizingFlags(sizing: string, sizeFlag: string | undefined): Pick<BacktestConfigInput, 'sizing' | 'sizingValue'> {
  if (sizing !== 'all-in' && sizing !== 'fixed' && sizing !== 'quote' && sizing !== 'percent') {
    throw new InputError(`--sizing must be all-in, fixed, quote or percent, got '${sizing}'`);
  }
  if (sizing === 'all-in') {
    // Without this, `--size 500` alone would run all-in and ignore the 500.
    if (sizeFlag !== undefined) throw new InputError(`--size needs --sizing fixed, quote or percent (the default, all-in, spends all free cash)`);
    return { sizing };
  }
  if (sizeFlag === undefined) throw new InputError(`--sizing ${sizing} needs --size (${SIZE_MEANING[sizing]})`);
  const size = parseNumberFlag('size', sizeFlag);
  if (sizing === 'percent' && size > 0 && size <= 1) {
    console.error(`warning: --size ${sizeFlag} with --sizing percent is ${sizeFlag}% of equity per trade; write ${size * 100} for ${size * 100}%`);
  }
  return { sizing, sizingValue: size };
}

/** Config fields that are not their flag's name in camelCase. */
const FLAG_OF_FIELD: Readonly<Record<string, string>> = {
  sizingValue: '--size',
  warmupCandles: '--warmup',
  dataFile: '--data',
  params: 'strategy parameters',
  stopLossPct: '--risk-stop-loss',
  takeProfitPct: '--risk-take-profit',
};

/** parseBacktestConfig, with problems named by the flag the user typed instead of the config field. */
function parseFlagConfig(input: BacktestConfigInput): BacktestConfig {
  try {
    return parseBacktestConfig(input);
  } catch (error) {
    if (!(error instanceof ConfigError) || error.location.field === undefined) throw error;
    const field = error.location.field;
    const flag = FLAG_OF_FIELD[field] ?? `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    throw new InputError(error.message.replace(`field '${field}': `, `${flag}: `));
  }
}

function parseFill(value: string): BacktestConfig['fill'] {
  if (value === 'next-open' || value === 'close') return value;
  throw new InputError(`--fill must be next-open or close, got '${value}'`);
}
