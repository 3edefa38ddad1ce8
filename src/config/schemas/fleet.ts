// A fleet file: the instances one process runs, and what they share: the venue connection (the
// built-in simulator and its replay speed, or an exchange), the key store, the acknowledgement
// real money needs, and the canary caps.
import { z } from 'zod';
import { INSTANCE_VENUES, instanceSchema } from './instance.ts';
import type { InstanceConfig, InstanceVenue } from './instance.ts';
import { timeframeSchema } from './data-selection.ts';

/**
 * The canary step's hard caps (issue 14, "deployment ladder"): a canary instance trades real money
 * with at most `capital` quote units, a position of at most `maxPositionPct` % of its equity, and
 * stops for the UTC day after losing `maxDailyLoss` quote units. A fleet file may tighten them,
 * never loosen them. The risk engine enforces them on every order.
 */
export const CANARY_CAPS = { capital: 1_000, maxPositionPct: 2, maxDailyLoss: 50 } as const;

export const canaryCapsSchema = z
  .object({
    capital: z.number().positive().max(CANARY_CAPS.capital).default(CANARY_CAPS.capital),
    maxPositionPct: z.number().positive().max(CANARY_CAPS.maxPositionPct).default(CANARY_CAPS.maxPositionPct),
    maxDailyLoss: z.number().positive().max(CANARY_CAPS.maxDailyLoss).default(CANARY_CAPS.maxDailyLoss),
  })
  .strict();

export type CanaryCaps = z.output<typeof canaryCapsSchema>;

/**
 * The in-process simulator a fleet starts when an instance trades on `simulator`: it replays the
 * bundled `timeframe` candles (klines of the coarser timeframes are built from them) at `speed`
 * market seconds per wall second, from `start` (ISO-8601 date or epoch ms; absent = 500 candles
 * into the data, so the instances have history to warm up on).
 *
 * `url`: a simulator already running as its own process (`rampart simulator`, loopback HTTP base
 * such as `http://127.0.0.1:9100`) instead of one in the fleet's process; its market and state then
 * outlive the fleet (a restart, or a crash, finds the orders and balances it left), and `speed`,
 * `timeframe` and `start` are the simulator's own. `absenceGraceMs`: how long the order manager
 * waits before it believes the simulator lacks an order (OrderManagerOptions.absenceGraceMs,
 * default 10 000); the simulator's lookups do not lag unless its `lookupLagMs` fault says so.
 */
export const simulatorVenueSchema = z
  .object({
    speed: z.number().positive().default(14_400),
    timeframe: timeframeSchema.default('1h'),
    start: z.union([z.string().min(1), z.number().int()]).optional(),
    url: z
      .string()
      .regex(/^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\]):\d+$/, 'a loopback base like http://127.0.0.1:9100 (the simulator\'s local key pair is public)')
      .optional(),
    absenceGraceMs: z.number().int().min(0).optional(),
  })
  .strict();

/**
 * How the fleet waits for a venue that does not answer at start (an exchange that is down, a
 * `simulator.url` nobody serves yet): up to `attempts` tries, the first wait `firstDelayMs`, each
 * next one doubled up to `maxDelayMs` (ms). The defaults wait 2 + 4 + 8 + 16 = 30 s in all.
 */
const startRetrySchema = z
  .object({
    attempts: z.number().int().min(1).max(20).default(5),
    firstDelayMs: z.number().int().min(0).default(2_000),
    maxDelayMs: z.number().int().min(0).default(16_000),
  })
  .strict();

export type StartRetry = z.output<typeof startRetrySchema>;
/** Hosts a plain (unencrypted) endpoint may name: signed requests and keys never cross a network in clear. */
const LOOPBACK_HOST = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

function endpointUrl(schemes: readonly [secure: string, plain: string], example: string) {
  return z.string().refine((value) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return false;
    }
    const scheme = url.protocol.slice(0, -1);
    return (scheme === schemes[0] || (scheme === schemes[1] && LOOPBACK_HOST.test(url.hostname))) && url.search === '' && url.hash === '';
  }, `a ${schemes[0]}:// base like ${example} (${schemes[1]}:// only to a loopback address: signed orders must not cross a network in clear)`);
}

/**
 * Another place a Binance-compatible venue answers, instead of its own endpoints: a proxy in front
 * of the exchange, or a test server that speaks its spot API (the project's simulator). `rest`: the
 * REST base (`<rest>/api/v3/...`); `ws`: the WebSocket base (`<ws>/ws/<stream>`); `wsApi`: the
 * WebSocket API's full address, where the user data stream is subscribed (absent: `<ws>/ws-api/v3`;
 * real Binance serves it on a host of its own, so a proxy in front of it needs this). Every instance
 * on that venue then connects there, signing with its own key; the fleet logs a warning at start.
 */
const venueEndpointsSchema = z
  .object({
    rest: endpointUrl(['https', 'http'], 'https://proxy.example:8443'),
    ws: endpointUrl(['wss', 'ws'], 'wss://proxy.example:9443'),
    wsApi: endpointUrl(['wss', 'ws'], 'wss://proxy.example:9444/ws-api/v3').optional(),
  })
  .strict();

/** The venues whose endpoints a fleet file may override (the Binance-compatible ones). */
export const OVERRIDABLE_VENUES = ['binance', 'binance-testnet', 'binance-demo'] as const;

/**
 * What a clean stop (SIGINT, SIGTERM) does with the exchange instances' orders still resting:
 * `cancel-orders` (the default: once the process is gone nobody watches them, and the protective
 * stop-loss and take-profit are watched in the process, so a resting entry could fill into a
 * position left unprotected) or `keep-orders` (they stay at the exchange; the next start's recovery
 * adopts their fills and cancels what still rests, as after a crash).
 */
const ON_STOP = ['cancel-orders', 'keep-orders'] as const;
export type OnStop = (typeof ON_STOP)[number];

export const fleetSchema = z
  .object({
    /** The venue of the instances that name none. */
    venue: z.enum(INSTANCE_VENUES).default('simulator'),
    simulator: simulatorVenueSchema.default({ speed: 14_400, timeframe: '1h' }),
    /** Retries with backoff while a venue does not answer at start. */
    startRetry: startRetrySchema.default({ attempts: 5, firstDelayMs: 2_000, maxDelayMs: 16_000 }),
    /** The encrypted key store (config/keystore.ts) testnet, canary and live instances sign from. */
    keys: z.string().min(1).default('rampart-keys.json'),
    /** Canary and live instances start only with this (or `--i-understand-live-trading`). */
    acknowledgeLive: z.boolean().default(false),
    canary: canaryCapsSchema.default(CANARY_CAPS),
    /** Per venue, where it answers instead of its own endpoints (a proxy, a test server); absent = its own. */
    endpoints: z.partialRecord(z.enum(OVERRIDABLE_VENUES), venueEndpointsSchema).optional(),
    /** The fleet's exposure limit: the sum over its instances of |position| × last price, quote currency; absent = none. */
    maxExposure: z.number().positive().optional(),
    /** What a clean stop does with resting orders (ON_STOP). */
    onStop: z.enum(ON_STOP).default('cancel-orders'),
    /** A clean stop that takes longer ends the process anyway, naming what was left undone, ms. */
    stopTimeoutMs: z.number().int().min(1_000).max(600_000).default(15_000),
    instances: z.array(instanceSchema).min(1),
  })
  .strict()
  .superRefine((fleet, context) => {
    const seen = new Set<string>();
    fleet.instances.forEach((instance, i) => {
      if (seen.has(instance.name)) context.addIssue({ code: 'custom', path: ['instances', i, 'name'], message: `instance name '${instance.name}' is used twice: names key the journal and the clientOrderIds` });
      seen.add(instance.name);
      const problem = venueProblem(instance, fleet.venue) ?? canaryProblem(instance, fleet.canary);
      if (problem !== undefined) context.addIssue({ code: 'custom', path: ['instances', i, problem.field], message: problem.message });
    });
  });

export type FleetConfigInput = z.input<typeof fleetSchema>;
export type FleetConfig = z.output<typeof fleetSchema>;

/** Real money never goes to the simulator or a test network, and test modes never to a real account. */
function venueProblem(instance: InstanceConfig, fleetVenue: InstanceVenue): { field: string; message: string } | undefined {
  const venue = instance.venue ?? fleetVenue;
  const real = instance.mode === 'canary' || instance.mode === 'live';
  if (real && (venue === 'simulator' || venue === 'binance-testnet' || venue === 'binance-demo')) {
    return { field: 'venue', message: `mode '${instance.mode}' trades real money: venue '${venue}' has none (use binance, coinbase or kraken)` };
  }
  if (instance.mode === 'testnet' && venue !== 'simulator' && venue !== 'binance-testnet' && venue !== 'binance-demo') {
    return { field: 'venue', message: `mode 'testnet' trades on simulator, binance-testnet or binance-demo, not '${venue}'` };
  }
  return undefined;
}

function canaryProblem(instance: InstanceConfig, caps: CanaryCaps): { field: string; message: string } | undefined {
  if (instance.mode !== 'canary' || instance.cash <= caps.capital) return undefined;
  return { field: 'cash', message: `a canary instance trades at most ${caps.capital} quote units (canary.capital); got ${instance.cash}` };
}
