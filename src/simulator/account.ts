// Balances of the simulated account, free and locked, in exact decimals.
import { rejected } from './binance-error.ts';
import type { Dec } from './decimal.ts';

export interface Balance {
  free: Dec;
  locked: Dec;
}

export class Account {
  private readonly balances = new Map<string, Balance>();
  updateTime = 0;

  constructor(initial: Readonly<Record<string, Dec>>) {
    for (const [asset, amount] of Object.entries(initial)) this.balances.set(asset, { free: amount, locked: 0n });
  }

  get(asset: string): Balance {
    let balance = this.balances.get(asset);
    if (balance === undefined) {
      balance = { free: 0n, locked: 0n };
      this.balances.set(asset, balance);
    }
    return balance;
  }

  all(): [string, Balance][] {
    return [...this.balances].sort(([a], [b]) => (a < b ? -1 : 1));
  }

  lock(asset: string, amount: Dec): void {
    const b = this.get(asset);
    if (b.free < amount) throw rejected.insufficientBalance();
    b.free -= amount;
    b.locked += amount;
  }

  unlock(asset: string, amount: Dec): void {
    const b = this.get(asset);
    b.locked -= amount;
    b.free += amount;
  }

  /** Takes from free (a taker fill) or from locked (a resting order's fill). */
  debit(asset: string, amount: Dec, fromLocked: boolean): void {
    const b = this.get(asset);
    if (fromLocked) b.locked -= amount;
    else b.free -= amount;
  }

  credit(asset: string, amount: Dec): void {
    this.get(asset).free += amount;
  }

  snapshot(): Record<string, [string, string]> {
    return Object.fromEntries(this.all().map(([asset, b]) => [asset, [b.free.toString(), b.locked.toString()]]));
  }

  static restore(data: Record<string, [string, string]>): Account {
    const account = new Account({});
    for (const [asset, [free, locked]] of Object.entries(data)) account.balances.set(asset, { free: BigInt(free), locked: BigInt(locked) });
    return account;
  }
}
