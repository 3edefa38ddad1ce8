// `rampart data`: import, validate, resample and list candle sets.
import type { Command } from 'commander';
import { candlesFromSeries, formatUtcMinute, InputError, parseTimeframe } from '../../core/index.ts';
import type { Timeframe } from '../../core/index.ts';
import { EPOCH_UNIT_NAMES, formatProblem, inferFileTimeframe, listBundled, loadCandles, parseCandleFile, readValidFile, resample, validateCandles } from '../../data/index.ts';
import type { ParsedFile, Validated } from '../../data/index.ts';
import { openStore } from '../../store/index.ts';
import type { Store } from '../../store/index.ts';
import { announceData, parseSourceFlag, SOURCE_FLAG, SOURCE_HELP } from '../data-flags.ts';
import { globalOptions } from '../global-options.ts';
import { registerDataDownload } from './data-download.ts';
import { commandDescription } from '../command-table.ts';

export function registerData(program: Command): void {
  const data = program.command('data').description(commandDescription('data'));
  registerDataDownload(data);

  data
    .command('import')
    .description('import a CSV/JSON candle file into the store (one transaction: all rows or none)')
    .argument('<file>', 'CSV (header with timestamp|time|date|datetime|open_time, or Binance klines) or JSON (Freqtrade arrays)')
    .requiredOption('--symbol <symbol>', 'symbol, e.g. BTCUSDT')
    .option('--timeframe <tf>', 'timeframe of the file, e.g. 1h (default: inferred from the candle spacing)')
    .option('--exchange <name>', 'exchange the candles come from', 'binance')
    .option('--skip-invalid', 'import the valid rows and skip the rest (each skipped row is listed)')
    .action((file: string, flags: { symbol: string; timeframe?: string; exchange: string; skipInvalid?: boolean }, command: Command) => {
      const parsed = parseCandleFile(file);
      const timeframe = fileTimeframe(parsed, flags.timeframe);
      const report = validateCandles(parsed, timeframe);
      printReport(report);
      if (report.errors.length > 0 && flags.skipInvalid !== true) {
        throw new InputError(`${report.errors.length} invalid row(s) in ${file}; nothing imported (fix them, or use --skip-invalid)`);
      }
      if (report.valid.length === 0) throw new InputError(`no valid candles in ${file}; nothing imported`);
      withStore(command, (store) => {
        const symbol = flags.symbol.toUpperCase();
        const count = store.candles.insert(flags.exchange, symbol, timeframe, report.valid);
        const skipped = report.errors.length > 0 ? `, skipped ${report.errors.length} invalid row(s)` : '';
        console.log(`imported ${count} candles for ${flags.exchange} ${symbol} ${timeframe} into ${store.path} (${formatUtcMinute(report.valid[0]!.time)} .. ${formatUtcMinute(report.valid.at(-1)!.time)}${skipped})`);
      });
    });

  data
    .command('validate')
    .description('check candle files for duplicates, order, impossible prices, bad cells and gaps (gaps are warnings)')
    .argument('[files...]', 'files to check (default: every bundled file)')
    .option('--timeframe <tf>', 'expected timeframe (default: inferred from the candle spacing)')
    .action((files: string[], flags: { timeframe?: string }) => {
      const targets = files.length > 0 ? files : listBundled().map((set) => set.file);
      let errors = 0;
      for (const file of targets) {
        const parsed = parseCandleFile(file);
        const timeframe = fileTimeframe(parsed, flags.timeframe);
        const report = validateCandles(parsed, timeframe);
        printReport(report);
        errors += report.errors.length;
        const range = report.valid.length === 0 ? '' : `, first ${isoMinute(report.valid[0]!.time)}, last ${isoMinute(report.valid.at(-1)!.time)}`;
        const unit = parsed.timeUnit === undefined ? '' : `, times in epoch ${EPOCH_UNIT_NAMES[parsed.timeUnit]}`;
        console.log(`${file}: ${report.valid.length} valid ${timeframe} candles${range}${unit}; ${report.errors.length} error(s), ${report.gaps.length} gap(s)`);
      }
      if (errors > 0) throw new InputError(`${errors} invalid row(s) found`);
    });

  data
    .command('resample')
    .description('aggregate candles to a longer timeframe (UTC-aligned) and store them')
    .requiredOption('--symbol <symbol>', 'symbol, e.g. BTCUSDT')
    .option('--from-timeframe <tf>', 'source timeframe', '1h')
    .requiredOption('--to <tf>', 'target timeframe, e.g. 4h or 1d')
    .option('--exchange <name>', 'exchange', 'binance')
    .option(SOURCE_FLAG, SOURCE_HELP)
    .action((flags: { symbol: string; fromTimeframe: string; to: string; exchange: string; source?: string }, command: Command) => {
      const from = parseTimeframe(flags.fromTimeframe, 'from-timeframe');
      const to = parseTimeframe(flags.to, 'to');
      withStore(command, (store) => {
        const symbol = flags.symbol.toUpperCase();
        const source = loadCandles({ store, exchange: flags.exchange, symbol, timeframe: from, source: parseSourceFlag(flags.source), announce: announceData });
        const { series, droppedLeading, droppedTrailing, withGaps } = resample(source.series, from, to);
        const count = store.candles.insert(flags.exchange, symbol, to, candlesFromSeries(series));
        const dropped = [droppedLeading ? 'the first' : '', droppedTrailing ? 'the last' : ''].filter((d) => d !== '').join(' and ');
        const partial = dropped === '' ? '' : `; dropped ${dropped}, incomplete bucket(s)`;
        for (const time of withGaps) console.error(`warning: the ${to} candle of ${isoMinute(time)} has ${from} candles missing inside (kept: the exchange's own candle over an outage has them missing too)`);
        console.log(`resampled ${source.series.length} ${from} candles from ${source.source} into ${count} complete ${to} candles in ${store.path}${partial}`);
      });
    });

  data
    .command('list')
    .description('list stored and bundled candle sets')
    .action((_flags: unknown, command: Command) => {
      withStore(command, (store) => {
        const bundled = listBundled().map((set) => {
          const s = readValidFile(set.file, set.timeframe as Timeframe);
          return { ...set, count: s.length, first: s.time[0]!, last: s.time[s.length - 1]!, where: 'bundled' };
        });
        const key = (set: { exchange: string; symbol: string; timeframe: string }): string => `${set.exchange} ${set.symbol} ${set.timeframe}`;
        const bundledCount = new Map(bundled.map((set) => [key(set), set.count]));
        const stored = store.candles.list().map((set) => {
          const longer = bundledCount.get(key(set));
          // The same rule as resolveDataSet: say it here, before a run refuses.
          const note = longer === undefined ? '' : set.count < longer ? ` (shorter than the bundled set: runs need --source store or bundled)` : ' (used instead of the bundled set)';
          return { ...set, where: `${store.path}${note}` };
        });
        const rows = [...stored, ...bundled];
        console.log(`${'exchange'.padEnd(9)} ${'symbol'.padEnd(10)} ${'tf'.padEnd(4)} ${'rows'.padStart(7)}  ${'first'.padEnd(17)} ${'last'.padEnd(17)} where`);
        for (const row of rows) {
          console.log(`${row.exchange.padEnd(9)} ${row.symbol.padEnd(10)} ${row.timeframe.padEnd(4)} ${String(row.count).padStart(7)}  ${formatUtcMinute(row.first).padEnd(17)} ${formatUtcMinute(row.last).padEnd(17)} ${row.where}`);
        }
      });
    });
}

function withStore(command: Command, fn: (store: Store) => void): void {
  const store = openStore(globalOptions(command).db);
  try {
    fn(store);
  } finally {
    store.close();
  }
}

/** Problems of each kind printed per file; a file in the wrong timeframe has one per row. */
const PROBLEMS_PRINTED = 20;

function printReport(report: Validated): void {
  for (const [kind, problems] of [['error', report.errors], ['warning', report.warnings]] as const) {
    for (const problem of problems.slice(0, PROBLEMS_PRINTED)) console.error(`${kind}: ${formatProblem(problem)}`);
    if (problems.length > PROBLEMS_PRINTED) console.error(`${kind}: … and ${problems.length - PROBLEMS_PRINTED} more`);
  }
}

/**
 * The --timeframe flag, else the one the file's candle spacing shows (said on stderr). A flag the
 * spacing contradicts is said too: every row of a 1h file read as 4h is "not aligned".
 */
function fileTimeframe(parsed: ParsedFile, flag: string | undefined): Timeframe {
  if (flag !== undefined) {
    const timeframe = parseTimeframe(flag);
    const spacing = spacingTimeframe(parsed);
    if (spacing !== undefined && spacing !== timeframe) console.error(`${parsed.file}: warning: --timeframe ${timeframe}, but the candles are spaced ${spacing} apart`);
    return timeframe;
  }
  const inferred = inferFileTimeframe(parsed);
  console.error(`${parsed.file}: ${inferred.note}`);
  return inferred.timeframe;
}

function spacingTimeframe(parsed: ParsedFile): Timeframe | undefined {
  try {
    return inferFileTimeframe(parsed).timeframe;
  } catch {
    return undefined; // irregular or unreadable: validation names the rows
  }
}

function isoMinute(ms: number): string {
  return new Date(ms).toISOString().replace(':00.000Z', 'Z');
}
