// Orders of the execution layer. A row is written, with its clientOrderId, before the order is
// sent; every change the venue reports is written as it is applied. After a crash, the rows that
// are not final are exactly the orders to reconcile.
import type { Database, Statement } from 'better-sqlite3';
import type { OrderRecord } from '../core/index.ts';

/** The store's name for the shared order record. */
export type StoredOrder = OrderRecord;

interface Row {
  client_order_id: string;
  instance: string;
  seq: number;
  symbol: string;
  side: 'buy' | 'sell';
  kind: 'market' | 'limit';
  amount: string;
  price: string | null;
  time_in_force: string | null;
  decision_price: number;
  status: string;
  venue_id: string | null;
  fills: string;
  reject_reason: string | null;
  sends: number;
  created_at: number;
  updated_at: number;
}

const FINAL = "('filled', 'canceled', 'rejected', 'expired')";

export class OrderStore {
  // Prepared once: preparing a statement costs more than running it, and create runs between a
  // candle's close and the order it sends.
  private readonly insertRow: Statement;
  private readonly updateRow: Statement;
  private readonly lastSeq: Statement<[string], { seq: number | null }>;
  private readonly byClientOrderId: Statement<[string], Row>;
  private readonly notFinalRows: Statement<[string], Row>;
  private readonly allRows: Statement<[string], Row>;
  private readonly createRow: (order: Omit<StoredOrder, 'seq' | 'clientOrderId'>, clientOrderId: (seq: number) => string) => StoredOrder;

  constructor(db: Database) {
    this.insertRow = db.prepare(
      `INSERT INTO orders (client_order_id, instance, seq, symbol, side, kind, amount, price, time_in_force, decision_price, status, venue_id, fills, reject_reason, sends, created_at, updated_at)
       VALUES (@clientOrderId, @instance, @seq, @symbol, @side, @kind, @amount, @price, @timeInForce, @decisionPrice, @status, @venueId, @fills, @rejectReason, @sends, @createdAt, @updatedAt)`,
    );
    this.updateRow = db.prepare(
      'UPDATE orders SET status = @status, venue_id = @venueId, fills = @fills, reject_reason = @rejectReason, sends = @sends, updated_at = @updatedAt WHERE client_order_id = @clientOrderId',
    );
    this.lastSeq = db.prepare('SELECT max(seq) AS seq FROM orders WHERE instance = ?');
    this.byClientOrderId = db.prepare('SELECT * FROM orders WHERE client_order_id = ?');
    this.notFinalRows = db.prepare(`SELECT * FROM orders WHERE instance = ? AND status NOT IN ${FINAL} ORDER BY seq`);
    this.allRows = db.prepare('SELECT * FROM orders WHERE instance = ? ORDER BY seq');
    this.createRow = db.transaction((order: Omit<StoredOrder, 'seq' | 'clientOrderId'>, clientOrderId: (seq: number) => string) => {
      const seq = (this.lastSeq.get(order.instance)!.seq ?? 0) + 1;
      const stored: StoredOrder = { ...order, seq, clientOrderId: clientOrderId(seq) };
      this.insertRow.run(stored);
      return stored;
    });
  }

  /** Takes the instance's next sequence number and writes the intent, in one transaction. */
  create(order: Omit<StoredOrder, 'seq' | 'clientOrderId'>, clientOrderId: (seq: number) => string): StoredOrder {
    return this.createRow(order, clientOrderId);
  }

  /**
   * Writes an order the exchange has and the table lacks, under its own clientOrderId and sequence
   * (start-up recovery adopts the instance's orders this way). Throws SQLite's constraint error
   * when the clientOrderId is already there.
   */
  insert(order: StoredOrder): void {
    this.insertRow.run(order);
  }

  update(order: StoredOrder): void {
    this.updateRow.run(order);
  }

  get(clientOrderId: string): StoredOrder | undefined {
    const row = this.byClientOrderId.get(clientOrderId);
    return row === undefined ? undefined : fromRow(row);
  }

  notFinal(instance: string): StoredOrder[] {
    return this.notFinalRows.all(instance).map(fromRow);
  }

  all(instance: string): StoredOrder[] {
    return this.allRows.all(instance).map(fromRow);
  }
}

function fromRow(r: Row): StoredOrder {
  return {
    clientOrderId: r.client_order_id,
    instance: r.instance,
    seq: r.seq,
    symbol: r.symbol,
    side: r.side,
    kind: r.kind,
    amount: r.amount,
    price: r.price,
    timeInForce: r.time_in_force,
    decisionPrice: r.decision_price,
    status: r.status,
    venueId: r.venue_id,
    fills: r.fills,
    rejectReason: r.reject_reason,
    sends: r.sends,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
