// The sub-commands: names and one-line descriptions for the top-level help, and how to load each.
// Only the invoked command's module is imported, so `rampart --help` loads none of them (ccxt alone
// takes ~0.7 s). A test checks that each description matches the one its module registers.
import type { Command } from 'commander';

export interface CommandEntry {
  readonly name: string;
  readonly description: string;
  /** Imports the command's module and returns its register function. */
  readonly load: () => Promise<(program: Command) => void>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'data', description: 'import, download, validate, resample and list candle data', load: async () => (await import('./commands/data.ts')).registerData },
  { name: 'backtest', description: 'backtest a strategy on stored, bundled or file candles', load: async () => (await import('./commands/backtest.ts')).registerBacktest },
  { name: 'runs', description: 'list stored backtest runs (rerun one with: npx rampart backtest --rerun ID)', load: async () => (await import('./commands/runs.ts')).registerRuns },
  { name: 'strategies', description: 'list strategies and their parameters (for --NAME VALUE flags); `strategies new NAME` starts a strategy file', load: async () => (await import('./commands/strategies.ts')).registerStrategies },
  { name: 'sweep', description: 'backtest many parameter sets × symbols × timeframes on all cores, ranked and summarised', load: async () => (await import('./commands/sweep.ts')).registerSweep },
  { name: 'check-lookahead', description: 'flag decisions that change when future candles are removed (lookahead bias)', load: async () => (await import('./commands/check-lookahead.ts')).registerCheckLookahead },
  { name: 'walk-forward', description: 'pick parameters in-sample, judge them out-of-sample, window after window', load: async () => (await import('./commands/walk-forward.ts')).registerWalkForward },
  { name: 'select', description: "pick a sweep's winner by a documented, out-of-sample rule, backtest its deployment settings and write them", load: async () => (await import('./commands/select.ts')).registerSelect },
  { name: 'worker', description: 'process distributed sweep jobs from Redis (start one or more per machine)', load: async () => (await import('./commands/worker.ts')).registerWorker },
  { name: 'simulator', description: 'run a Binance-spot-compatible exchange (REST + WebSocket) on loopback, replaying real candles', load: async () => (await import('./commands/simulator.ts')).registerSimulator },
  { name: 'keys', description: 'the encrypted API-key store (AES-256-GCM, passphrase from RAMPART_PASSPHRASE)', load: async () => (await import('./commands/keys.ts')).registerKeys },
  { name: 'run', description: 'run a fleet of trading instances (shadow, paper, testnet; canary and live gated) from a fleet file', load: async () => (await import('./commands/run.ts')).registerRun },
  { name: 'status', description: "each fleet instance's state, position, equity, P&L and closed trades (an exchange instance's since its first start, paper: this run), from the journal", load: async () => (await import('./commands/inspect.ts')).registerStatus },
  { name: 'orders', description: "a fleet's orders and fills, from the journal", load: async () => (await import('./commands/inspect.ts')).registerOrders },
  { name: 'trades', description: "a fleet's closed trades, from the journal (exchange instances: slippage against the backtest's fill model)", load: async () => (await import('./commands/inspect.ts')).registerTrades },
  { name: 'slippage', description: "each exchange instance's slippage against the backtest's fill model: mean and p95 bps, total cost", load: async () => (await import('./commands/inspect.ts')).registerSlippage },
  { name: 'journal', description: "every entry of a fleet's journal (candles, decisions, refusals, orders, fills, balances)", load: async () => (await import('./commands/inspect.ts')).registerJournal },
  { name: 'kill', description: 'halt the fleet (or one instance) and cancel its open orders; the flag holds across restarts', load: async () => (await import('./commands/kill-switch.ts')).registerKill },
  { name: 'close-all', description: 'halt, cancel open orders and sell every position at market within the exchange filters', load: async () => (await import('./commands/kill-switch.ts')).registerCloseAll },
  { name: 'resume', description: 'lift the kill switch (every flag, or one instance with --instance)', load: async () => (await import('./commands/kill-switch.ts')).registerResume },
  { name: 'serve', description: 'serve the REST API (and the dashboard) on 127.0.0.1:8080 over the store, beside a fleet running elsewhere', load: async () => (await import('./commands/serve.ts')).registerServe },
  { name: 'users', description: 'the REST API users: add (prints a token once), list, remove', load: async () => (await import('./commands/users.ts')).registerUsers },
  { name: 'start', description: 'paper-trade the default fleet (config/fleet.yml) on the built-in simulator until Ctrl-C', load: async () => (await import('./commands/start.ts')).registerStart },
];

/** The one-line description of a command, as the top-level help and the command's own help show it. */
export function commandDescription(name: string): string {
  const entry = COMMANDS.find((command) => command.name === name);
  if (entry === undefined) throw new Error(`no command '${name}' in the command table`);
  return entry.description;
}

/** Options of the root command that take a value, so the command name can be found after them. */
const ROOT_OPTIONS_WITH_VALUE = new Set(['--db']);

/**
 * The sub-command an argument list invokes (`rampart --db x.db backtest …` → backtest; `rampart help
 * sweep` → sweep), or undefined for the top level.
 */
export function invokedCommand(args: readonly string[]): CommandEntry | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (ROOT_OPTIONS_WITH_VALUE.has(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    const name = arg === 'help' ? args[i + 1] : arg;
    return COMMANDS.find((entry) => entry.name === name);
  }
  return undefined;
}
