// Orders of the execution layer. A row is written, with its clientOrderId, before the order is
// sent; every change the venue reports is written as it is applied. After a crash, the rows that
// are not final are exactly the orders to reconcile.
import type { OrderRecord } from '../core/index.ts';
import type { SqlSession, SqlValue } from './sql-session.ts';

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

const INSERT = `INSERT INTO orders (client_order_id, instance, seq, symbol, side, kind, amount, price, time_in_force, decision_price, status, venue_id, fills, reject_reason, sends, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export class OrderStore {
  constructor(private readonly sql: SqlSession) {}

  /** Takes the instance's next sequence number and writes the intent, in one transaction. */
  create(order: Omit<StoredOrder, 'seq' | 'clientOrderId'>, clientOrderId: (seq: number) => string): StoredOrder {
    return this.sql.transaction(() => {
      const last = this.sql.get<{ seq: number | null }>('SELECT max(seq) AS seq FROM orders WHERE instance = ?', [order.instance]);
      const seq = (last?.seq ?? 0) + 1;
      const stored: StoredOrder = { ...order, seq, clientOrderId: clientOrderId(seq) };
      this.sql.run(INSERT, toRow(stored));
      return stored;
    });
  }

  /**
   * Writes an order the exchange has and the table lacks, under its own clientOrderId and sequence
   * (start-up recovery adopts the instance's orders this way). Throws the database's constraint
   * error when the clientOrderId is already there.
   */
  insert(order: StoredOrder): void {
    this.sql.run(INSERT, toRow(order));
  }

  update(order: StoredOrder): void {
    this.sql.run(
      'UPDATE orders SET status = ?, venue_id = ?, fills = ?, reject_reason = ?, sends = ?, updated_at = ? WHERE client_order_id = ?',
      [order.status, order.venueId, order.fills, order.rejectReason, order.sends, order.updatedAt, order.clientOrderId],
    );
  }

  get(clientOrderId: string): StoredOrder | undefined {
    const row = this.sql.get<Row>('SELECT * FROM orders WHERE client_order_id = ?', [clientOrderId]);
    return row === undefined ? undefined : fromRow(row);
  }

  notFinal(instance: string): StoredOrder[] {
    return this.sql.all<Row>(`SELECT * FROM orders WHERE instance = ? AND status NOT IN ${FINAL} ORDER BY seq`, [instance]).map(fromRow);
  }

  all(instance: string): StoredOrder[] {
    return this.sql.all<Row>('SELECT * FROM orders WHERE instance = ? ORDER BY seq', [instance]).map(fromRow);
  }
}

/** The INSERT's values, in its column order. */
function toRow(o: StoredOrder): SqlValue[] {
  return [o.clientOrderId, o.instance, o.seq, o.symbol, o.side, o.kind, o.amount, o.price, o.timeInForce, o.decisionPrice, o.status, o.venueId, o.fills, o.rejectReason, o.sends, o.createdAt, o.updatedAt];
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
