// The import rules between rampart's modules: the one place they are written down.
// test/architecture.test.ts enforces them on every file under src/ and checks that the layout
// table in docs/architecture.md shows the same rules. To change the architecture, change this
// table and the document's table together; the test prints the rows it expects.

/** A folder under src/ (or `index`, the package entry src/index.ts). */
export type ModuleName =
  | 'index' | 'core' | 'indicators' | 'strategies' | 'risk' | 'engine' | 'exchange' | 'execution'
  | 'store' | 'data' | 'config' | 'backtest' | 'research' | 'simulator' | 'app'
  | 'metrics' | 'live' | 'api' | 'web' | 'cli';

/** What one module may import. */
export interface ModuleRule {
  /** Modules of ours it may import (their index.ts), at run time or for types. */
  readonly imports: readonly ModuleName[];
  /** Modules of ours it may import only with `import type` (erased, nothing loaded). */
  readonly typeOnly?: readonly ModuleName[];
  /**
   * Sub-folders whose index.ts other modules may import besides the module's own index.ts, each
   * with the reason: so a command or a worker loads only the part it runs.
   */
  readonly entries?: Readonly<Record<string, string>>;
  /** Heavy packages (see HEAVY_PACKAGES) it may import. */
  readonly packages?: readonly string[];
  /** Designed, not built yet: the folder may not exist. */
  readonly planned?: boolean;
}

const BELOW_APP = ['core', 'indicators', 'strategies', 'risk', 'engine', 'exchange', 'execution', 'store', 'data', 'config', 'backtest', 'research', 'simulator'] as const satisfies readonly ModuleName[];

/** One row per module, inner rings first. */
export const MODULE_RULES: Readonly<Record<ModuleName, ModuleRule>> = {
  core: { imports: [] },
  indicators: { imports: ['core'] },
  strategies: { imports: ['core', 'indicators'], packages: ['esbuild', 'tsx'] },
  // indicators: the volatility filter's ATR.
  risk: { imports: ['core', 'indicators'] },
  // The trading kernel: strategy → sizing → risk → venue, the portfolio, the simulated venue.
  engine: { imports: ['core', 'indicators', 'strategies', 'risk'] },
  exchange: { imports: ['core'], packages: ['ccxt', '@binance/spot'] },
  // The Exchange port only: an order manager never loads an adapter (the caller passes one in).
  execution: { imports: ['core'], typeOnly: ['exchange'] },
  // tsx: the PostgreSQL store's worker thread registers the TypeScript loader when run from the sources.
  store: { imports: ['core'], packages: ['better-sqlite3', 'pg', 'tsx'] },
  data: { imports: ['core', 'store'], typeOnly: ['exchange'] },
  config: { imports: ['core'] },
  backtest: {
    imports: ['core', 'indicators', 'strategies', 'risk', 'engine', 'store', 'data', 'config'],
    entries: { report: 'the HTML report and its page parts; it reads the chart library, so only commands that write a report load it' },
  },
  research: {
    imports: ['core', 'indicators', 'strategies', 'risk', 'engine', 'store', 'data', 'config', 'backtest'],
    entries: {
      sweep: 'sweeps and walk-forward: `rampart sweep` and `walk-forward` load no selection code',
      selection: 'winner selection: `rampart select`',
      'sweep/report': 'the sweep and walk-forward HTML pages, loaded only when one is written',
      'sweep/distributed': 'BullMQ jobs on Redis (bullmq, ioredis), loaded only with --redis or by `rampart worker`',
    },
    // tsx: the sweep worker thread registers the TypeScript loader when run from the sources.
    packages: ['bullmq', 'ioredis', 'tsx'],
  },
  simulator: { imports: ['core', 'data'] },
  app: { imports: [...BELOW_APP] },
  // The fleet's Prometheus metrics (prom-client): the observer interfaces and their registry; the
  // exchange only for the call meter's type.
  metrics: { imports: ['core', 'risk'], typeOnly: ['exchange'] },
  // metrics types only: the fleet calls an observer it is given, and never loads prom-client.
  live: { imports: [...BELOW_APP, 'app'], typeOnly: ['metrics'] },
  api: { imports: [...BELOW_APP, 'app', 'live', 'metrics'] },
  // The dashboard: browser code bundled into dist/web (scripts/build.mjs); lightweight-charts inside.
  web: { imports: [...BELOW_APP, 'app'] },
  cli: { imports: [...BELOW_APP, 'app', 'metrics', 'live', 'api', 'web'] },
  // The package entry (`import … from 'rampart'`): the public modules only.
  index: { imports: ['core', 'indicators', 'strategies', 'engine', 'backtest', 'data'] },
};

/**
 * Packages too heavy to load where they are not needed (start-up time of every command and
 * worker thread). Other packages in package.json "dependencies" and `node:` built-ins may be
 * imported anywhere; devDependencies never (they are not installed with the package).
 */
export const HEAVY_PACKAGES: readonly string[] = ['ccxt', '@binance/spot', 'bullmq', 'ioredis', 'pg', 'better-sqlite3', 'esbuild', 'tsx', 'playwright-core'];

/** An import of another module's file other than its index.ts, allowed for the reason given. */
export interface DeepImportException {
  readonly from: string;
  readonly to: string;
  readonly why: string;
}

export const DEEP_IMPORT_EXCEPTIONS: readonly DeepImportException[] = [
  {
    from: 'src/research/sweep/run-scenario.ts',
    to: 'src/backtest/engine.ts',
    why: 'runs in every sweep worker thread: the backtest index would also load the config schemas (zod), the data layer and the job runner, which a worker never uses',
  },
  {
    from: 'src/web/pages/sweeps.ts',
    to: 'src/research/sweep/report/heatmap.ts',
    why: 'the dashboard runs in a browser: the sweep report index also loads the HTML pages and the chart library from disk (node:fs); the heatmap grid itself is pure',
  },
  {
    from: 'src/web/pages/admin.ts',
    to: 'src/core/venues.ts',
    why: 'the dashboard runs in a browser: the core index also loads where the package is installed (node:fs, node:path); the venue names themselves are a constant',
  },
];
