// A venue that does not answer when the fleet starts (an exchange that is down, a `simulator.url`
// nobody serves yet) is asked again with exponential backoff, bounded, each attempt logged; the
// fleet builds no instance meanwhile, so nothing is sent anywhere. Still down after the last
// attempt, the start is refused with one line naming the venue, its URL and the setting.
import type { StartRetry } from '../config/index.ts';
import { ConfigError } from '../core/index.ts';
import type { Logger } from './log.ts';

/** How long one attempt may take before it counts as no answer, ms. */
const ATTEMPT_TIMEOUT_MS = 5_000;

export interface VenueToWait {
  /** The venue's name for messages (`simulator`, `binance-testnet`). */
  readonly venue: string;
  /** Its REST base; `GET <restUrl>/api/v3/ping` must answer 2xx. */
  readonly restUrl: string;
  /** The fleet file and the field that chose this venue, for the refusal. */
  readonly location: { readonly file: string; readonly field: string };
  /** The symbols the instances on it read, each with its field (`instances.2.symbol`). */
  readonly symbols: readonly { readonly symbol: string; readonly field: string }[];
}

export interface VenueWaitOptions {
  readonly retry: StartRetry;
  /** Each failed attempt is a warning here. */
  readonly log?: Logger | undefined;
  /** Waits `ms` (default: a timer). */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Resolves once the venue answers a ping and knows the symbols. Between attempts waits
 * `firstDelayMs`, then twice as long each time, at most `maxDelayMs`. Throws ConfigError (exit 2,
 * one line: venue, URL, attempts, time waited, the last failure) when the last attempt fails too,
 * and ConfigError naming the symbol's field when the venue says it has no such symbol (-1121).
 */
export async function waitForVenue(target: VenueToWait, options: VenueWaitOptions): Promise<void> {
  const { attempts, firstDelayMs, maxDelayMs } = options.retry;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const base = target.restUrl.replace(/\/+$/, '');
  const url = `${base}/api/v3/ping`;
  let waited = 0;
  let failure = '';
  for (let attempt = 1; ; attempt++) {
    failure = await ping(url);
    if (failure === '') return checkSymbols(target, base);
    if (attempt >= attempts) break;
    const delay = Math.min(maxDelayMs, firstDelayMs * 2 ** (attempt - 1));
    options.log?.warn({ venue: target.venue, url: target.restUrl, attempt, attempts, retryInMs: delay, failure }, `${target.venue} at ${target.restUrl} does not answer (${failure}); attempt ${attempt} of ${attempts}, next in ${delay} ms`);
    await sleep(delay);
    waited += delay;
  }
  options.log?.error({ venue: target.venue, url: target.restUrl, attempts, failure }, `${target.venue} at ${target.restUrl} does not answer; the fleet does not start`);
  throw new ConfigError(`${target.venue} at ${target.restUrl} did not answer after ${attempts} attempt${attempts === 1 ? '' : 's'} over ${(waited / 1000).toFixed(1)} s (${failure}); nothing was sent: start the venue or correct the setting`, target.location);
}

/** Refuses a symbol the venue says it does not list (Binance -1121); any other answer is left to the instance's start. */
async function checkSymbols(target: VenueToWait, base: string): Promise<void> {
  for (const { symbol, field } of target.symbols) {
    const url = `${base}/api/v3/exchangeInfo?symbol=${encodeURIComponent(symbol)}`;
    let reply: { code?: unknown; msg?: unknown } | undefined;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS) });
      reply = response.status === 400 ? ((await response.json()) as typeof reply) : undefined;
      if (reply === undefined) await response.body?.cancel();
    } catch {
      continue;
    }
    if (reply?.code === -1121) throw new ConfigError(`unknown symbol '${symbol}': ${target.venue} at ${target.restUrl} does not list it (${String(reply.msg)})`, { file: target.location.file, field });
  }
}

/** '' when the venue answered 2xx; otherwise why not, in a few words (the error code, or the HTTP status). */
async function ping(url: string): Promise<string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS) });
    await response.body?.cancel();
    return response.ok ? '' : `HTTP ${response.status}`;
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${ATTEMPT_TIMEOUT_MS} ms`;
    // fetch says only "fetch failed"; its cause says why (ECONNREFUSED, ENOTFOUND, "bad port").
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    if (typeof cause?.code === 'string') return cause.code;
    if (typeof cause?.message === 'string') return cause.message;
    return error instanceof Error ? error.message : String(error);
  }
}
