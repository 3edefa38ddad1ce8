// What a clean stop does at the exchange for one instance, as the fleet file's `onStop` says:
// `cancel-orders` cancels every order still resting (through the order manager, journaled, as a kill
// does), `keep-orders` leaves them for the next start's recovery to adopt. Either way one `shutdown`
// journal entry says what was done; a stop given up on past `stopTimeoutMs` writes it saying what
// was left undone instead (live/fleet.ts).
import type { OnStop } from '../config/index.ts';
import type { InstanceJournal } from './instance-journal.ts';
import { cancelOpenOrders } from './kill-actions.ts';
import type { KillTarget } from './kill-actions.ts';

/** The `shutdown` journal entry. */
export interface ShutdownReport {
  readonly onStop: OnStop;
  /** clientOrderIds the exchange confirmed cancelled (or found already ended). */
  readonly canceled: readonly string[];
  /** clientOrderIds whose cancel was not confirmed: they may still rest at the exchange. */
  readonly unconfirmed: readonly string[];
  /** clientOrderIds left resting on purpose (`keep-orders`). */
  readonly kept: readonly string[];
  /**
   * Set only when the stop ran past `stopTimeoutMs` and the process exited without finishing it
   * (Fleet.abandonStop): the steps left undone for the instance, as `stopPending` names them. The
   * orders not final on record are then in `unconfirmed` (or `kept`), whatever became of them.
   */
  readonly undone?: readonly string[];
}

/**
 * Cancels or keeps the instance's resting orders and journals what was done. Errors of the
 * exchange are in the report (unconfirmed), not thrown; a store failure passes through.
 */
export async function settleOrdersAtStop(target: KillTarget, onStop: OnStop, journal: InstanceJournal): Promise<ShutdownReport> {
  let report: ShutdownReport;
  if (onStop === 'keep-orders') {
    report = { onStop, canceled: [], unconfirmed: [], kept: target.journal.notFinal(target.instance).map((order) => order.clientOrderId) };
  } else {
    const { canceled, unconfirmed } = await cancelOpenOrders(target);
    report = { onStop, canceled, unconfirmed, kept: [] };
  }
  journal.write('shutdown', report);
  return report;
}
