// The Strategy contract: sees closed candles, keeps its own streaming indicators, returns intents.
// No I/O and no clock: the same object runs in a backtest and live.
import type { Candle, CandleSeries, Intent } from '../core/index.ts';

export type { Intent } from '../core/index.ts';

export type ParamValue = number | boolean | string;
export type Params = Readonly<Record<string, ParamValue>>;

/** A declared parameter: sweeps and the CLI discover names, types and ranges from it. */
export interface ParamSpec {
  readonly name: string;
  readonly type: 'int' | 'float' | 'bool';
  readonly default: number | boolean;
  readonly min?: number;
  readonly max?: number;
  readonly description: string;
}

/** What the strategy sees after each closed candle. The object is reused: read it, do not keep it. */
export interface StrategyContext {
  readonly candle: Candle;
  /** Index of the candle in the run, from 0. */
  readonly index: number;
  /** Signed base quantity held (negative = short). */
  readonly position: number;
  /** Average entry price of the open position, NaN when flat. */
  readonly entryPrice: number;
  /** Whether the venue allows short positions (margin/futures); spot does not. */
  readonly allowShort: boolean;
}

export interface Strategy {
  /**
   * Optional batch precomputation (vectorised indicators) over the candles the run will see.
   * A backtest passes the whole run at once, so anything here that reads past the current candle
   * is lookahead: `rampart check-lookahead` finds it.
   */
  prepare?(candles: CandleSeries): void;
  onCandle(ctx: StrategyContext): Intent | null;
}

export interface StrategyDefinition {
  readonly name: string;
  readonly description: string;
  readonly params: readonly ParamSpec[];
  /** Cross-parameter rules (e.g. fast < slow); returns a message when the set is invalid. */
  readonly validate?: (params: Params) => string | undefined;
  create(params: Params): Strategy;
}
