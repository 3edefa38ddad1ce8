// A strategy decorator that journals each decision (an intent or none) as the strategy returns
// it, before the kernel checks and acts on it, and remembers the last signal for the fleet's table.
import type { Intent } from '../core/index.ts';
import type { Strategy, StrategyContext } from '../strategies/index.ts';
import type { InstanceJournal } from './instance-journal.ts';

/** The last intent a strategy returned and the open time (UTC ms) of its candle. */
export interface LastSignal {
  readonly intent: Intent;
  readonly candleTime: number;
}

export class JournalingStrategy implements Strategy {
  /** Off during warm-up: those candles are history, and their intents are dropped anyway. */
  recording = false;
  lastSignal: LastSignal | undefined;

  constructor(
    private readonly inner: Strategy,
    private readonly journal: InstanceJournal,
  ) {}

  onCandle(ctx: StrategyContext): Intent | null {
    const intent = this.inner.onCandle(ctx);
    if (!this.recording) return intent;
    this.journal.write('decision', { intent });
    if (intent !== null) this.lastSignal = { intent, candleTime: ctx.candle.time };
    return intent;
  }
}

/** "enter long", "exit 50%", "—": an intent in a few words for tables. */
export function describeIntent(intent: Intent | undefined): string {
  if (intent === undefined) return '—';
  const fraction = intent.fraction !== undefined && intent.fraction < 1 ? ` ${Math.round(intent.fraction * 100)}%` : '';
  const limit = intent.limitPrice === undefined ? '' : ` @${intent.limitPrice}`;
  return intent.type === 'enter' ? `enter ${intent.side}${fraction}${limit}` : `exit${fraction}${limit}`;
}
