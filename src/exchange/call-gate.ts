// What every adapter sends its venue calls through: the rate limiter, or nothing.

export interface CallGate {
  /**
   * Runs a call of this weight when the budget allows, learns from the reply's headers, and
   * retries what is safe to retry. `idempotent` false: only a refusal before execution (429) may be retried.
   */
  run<T>(weight: number, call: () => Promise<T>, headers: () => Record<string, string> | undefined, idempotent: boolean): Promise<T>;
}

/** No limiter: each call goes straight out. */
export const DIRECT_GATE: CallGate = { run: (_weight, call) => call() };
