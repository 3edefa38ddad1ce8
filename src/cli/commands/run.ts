// `rampart run --config fleet.yml`: runs a fleet (or some of its instances) until Ctrl-C, or until
// each instance has handled `--exit-after-candles` live candles; `rampart start` runs the default
// fleet. The journal goes to the store (--db, or PostgreSQL with --store), where `status`,
// `orders`, `trades` and `journal` read it.
import type { Command } from 'commander';
import { readFleetFile } from '../../config/index.ts';
import { InputError, packageInfo } from '../../core/index.ts';
import { createLog, Fleet, openKeyStore } from '../../live/index.ts';
import path from 'node:path';
import { FleetMetrics } from '../../metrics/index.ts';
import { parsePort, serveApi } from '../api-server.ts';
import { FleetTable } from '../fleet-table.ts';
import { parseNumberFlag } from '../parse-values.ts';
import { inWorkspace, LIVE_STORE_FLAG } from '../workspace.ts';
import { commandDescription } from '../command-table.ts';

export interface RunFlags {
  config: string;
  instance?: string[];
  exitAfterCandles?: string;
  iUnderstandLiveTrading?: boolean;
  logDir?: string;
  store?: string;
}

/** Where `start` serves the API beside its fleet; absent for `run`, and with `start --no-serve`. */
export interface ServeBeside {
  readonly host: string;
  readonly port: number;
  /** How to run the fleet without the API (`--no-serve`, or leaving out `--serve`). */
  readonly withoutApi: string;
}

/** The fleet's log file in its folder (rotated beside it by size). */
export const FLEET_LOG_FILE = 'fleet.log';

/** The default fleet of the seed study, shipped with the package. */
export const DEFAULT_FLEET_FILE = path.join(packageInfo().root, 'config', 'fleet.yml');

/** Wall time between redraws of the table on a terminal, and between plain prints elsewhere (ms). */
const TTY_REFRESH_MS = 250;
const PLAIN_REFRESH_MS = 10_000;

export function registerRun(program: Command): void {
  program
    .command('run')
    .description(commandDescription('run'))
    .requiredOption('--config <file>', 'fleet file (YAML): instances and the venue they share')
    .option('--instance <name...>', 'run only these instances (repeatable)')
    .option('--exit-after-candles <n>', 'stop each instance cleanly after N live candles (bounded runs, replaying a window)')
    .option('--i-understand-live-trading', 'acknowledge that canary and live instances trade real money')
    .option('--log-dir <dir>', `where the JSON-lines log goes (${FLEET_LOG_FILE}, rotated)`, 'logs')
    .option(LIVE_STORE_FLAG, 'keep the journal, orders and kill flags in PostgreSQL instead of --db')
    .option('--serve', 'also serve the REST API, the dashboard and /metrics beside the fleet')
    .option('--host <address>', 'address the API listens on (with --serve)', '127.0.0.1')
    .option('--port <n>', 'port of the API (with --serve)', '8080')
    .action(async (flags: RunFlags & { serve?: boolean; host: string; port: string }, command: Command) => runFleet(flags, command, flags.serve === true ? { host: flags.host, port: parsePort(flags.port), withoutApi: 'leave out --serve' } : undefined));
}

/** Runs the fleet of `flags.config` in the command's workspace; shared by `run` and `start`. */
export async function runFleet(flags: RunFlags, command: Command, serve?: ServeBeside): Promise<void> {
  const exitAfterCandles = flags.exitAfterCandles === undefined ? undefined : parseNumberFlag('exit-after-candles', flags.exitAfterCandles);
  if (exitAfterCandles !== undefined && !(Number.isInteger(exitAfterCandles) && exitAfterCandles > 0)) {
    throw new InputError(`--exit-after-candles must be a whole number above 0, got '${flags.exitAfterCandles}'`);
  }
  const config = readFleetFile(flags.config);
  await inWorkspace(command, async (workspace) => {
    const table = new FleetTable(process.stdout);
    // The terminal shows the table; the log goes to its file only.
    const log = createLog({ file: path.resolve(flags.logDir ?? 'logs', FLEET_LOG_FILE), terminal: false, clock: workspace.clock });
    let fleet: Fleet | undefined;
    // The fleet's Prometheus metrics, served at /metrics when the API runs beside it.
    const metrics = serve === undefined ? undefined : new FleetMetrics({ clock: workspace.clock });
    const fleetStarted = Fleet.start({
      config,
      file: flags.config,
      store: workspace.live,
      clock: workspace.clock,
      ...(flags.instance === undefined ? {} : { only: flags.instance }),
      exitAfterCandles,
      access: { acknowledged: flags.iUnderstandLiveTrading === true, openKeys: openKeyStore(process.env['RAMPART_PASSPHRASE']) },
      log,
      // Real-money start lines are the operator's to see now, above the table.
      notice: (line) => process.stderr.write(`rampart: ${line}\n`),
      ...(metrics === undefined ? {} : { observer: metrics }),
    });
    const stop = (): void => {
      table.release();
      const orders = config.onStop === 'cancel-orders' ? 'cancelling resting orders' : 'keeping resting orders';
      process.stderr.write(`\nstopping: finishing the candles in hand, ${orders}, then closing the journal (at most ${config.stopTimeoutMs} ms)\n`);
      // A signal during the start stops the fleet as soon as it has started (a start that fails stops itself).
      void fleetStarted.then((started) => started.stop(), () => undefined);
      // The stop is bounded: past it the process ends anyway, saying (and journaling, per instance) what it had not finished.
      setTimeout(() => {
        const undone = fleet?.abandonStop() ?? ['starting the fleet, to stop it'];
        process.stderr.write(`rampart: the stop took over ${config.stopTimeoutMs} ms (stopTimeoutMs); exiting with this left undone: ${undone.length === 0 ? 'closing the journal' : undone.join('; ')}\n`);
        process.exit(1);
      }, config.stopTimeoutMs).unref();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    let server: { url: string; close: () => Promise<void> } | undefined;
    try {
      fleet = await fleetStarted;
      console.log(`rampart: fleet ${flags.config}: ${fleet.status().length} instance${fleet.status().length === 1 ? '' : 's'}; journal in ${workspace.live.path} (Ctrl-C stops)`);
      if (serve !== undefined) {
        try {
          server = await serveApi(workspace, { ...serve, fleet, fleetFile: flags.config, firstAdmin: true, metrics: metrics?.registry });
          console.log(`rampart: API and dashboard on ${server.url}`);
        } catch (error) {
          // The API is a window on the fleet: without it the fleet still trades.
          if (!(error instanceof InputError)) throw error;
          process.stderr.write(`rampart: warning: ${error.message}; the fleet runs without it\n`);
        }
      }
      const timer = setInterval(() => table.draw(fleet!.status()), table.isTty ? TTY_REFRESH_MS : PLAIN_REFRESH_MS);
      const failures = await fleet.finished();
      clearInterval(timer);
      await fleet.stop();
      table.draw(fleet.status());
      const failed = failures[0];
      if (failed !== undefined) throw failed.error;
    } catch (error) {
      log.root.error({ err: error }, 'fleet ended with an error');
      throw error;
    } finally {
      await server?.close();
      log.close();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  }, undefined, flags.store);
}
