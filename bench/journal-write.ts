// Benchmark: the cost of one journal write, committed before the caller goes on, on loopback:
// SQLite (WAL, synchronous=NORMAL, in-process) against PostgreSQL (127.0.0.1:5432, database
// `test`, a schema of its own, dropped after) through the store's worker thread, the caller
// blocked on Atomics.wait until the commit is acknowledged (synchronous_commit as the server has
// it). Also an order intent (OrderStore.create: next sequence number and insert in one
// transaction, four statements on PostgreSQL), and a read of a kill flag (one round trip, no
// commit). Each figure is p50 and p99 of single calls after a
// warm-up, in µs; the entry is a balance snapshot, as the fleet writes after every candle.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openPgLiveStore, openStore } from '../src/store/index.ts';
import type { LiveStore } from '../src/store/index.ts';
import { printFigure } from './report.ts';

const WARMUP = 200;
const WRITES = 3_000;
const ORDERS = 1_000;
const ADMIN = 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = `rampart_bench_journal_${process.pid}`;

const snapshot = { cash: 9_874.12, position: 0.0213, equity: 10_012.5, price: 64_210.3, riskState: 'active', riskReason: '', trades: 4 };

/** p50 and p99 (nearest rank) of the calls' durations, µs. */
function measure(count: number, call: (i: number) => void): { p50: number; p99: number } {
  for (let i = 0; i < WARMUP; i++) call(i);
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    call(WARMUP + i);
    times.push((performance.now() - start) * 1_000);
  }
  times.sort((a, b) => a - b);
  const at = (q: number): number => Math.round(times[Math.floor(q * (times.length - 1))]!);
  return { p50: at(0.5), p99: at(0.99) };
}

function bench(label: string, store: LiveStore): void {
  const write = measure(WRITES, (i) => store.journal.append({ instance: 'bench', mode: 'paper', kind: 'balance', time: i, candleTime: i * 3_600_000, data: snapshot }));
  printFigure(`journal_write.${label.toLowerCase()}.write_p50`, write.p50, 'µs');
  printFigure(`journal_write.${label.toLowerCase()}.write_p99`, write.p99, 'µs');
  const order = measure(ORDERS, (i) =>
    store.orders.create(
      { instance: 'bench', symbol: 'BTC/USDT', side: i % 2 === 0 ? 'buy' : 'sell', kind: 'market', amount: '0.001', price: null, timeInForce: null, decisionPrice: 64_210.3, status: 'pending', venueId: null, fills: '[]', rejectReason: null, sends: 0, createdAt: i, updatedAt: i },
      (seq) => `bench-${seq}`,
    ),
  );
  printFigure(`journal_write.${label.toLowerCase()}.order_intent_p50`, order.p50, 'µs');
  printFigure(`journal_write.${label.toLowerCase()}.order_intent_p99`, order.p99, 'µs');
  // A read by key, no commit: the thread hop and the round trip alone (the fleet reads the kill flags before every candle).
  const read = measure(WRITES, () => store.kills.flag('*'));
  printFigure(`journal_write.${label.toLowerCase()}.kill_flag_read_p50`, read.p50, 'µs');
  printFigure(`journal_write.${label.toLowerCase()}.kill_flag_read_p99`, read.p99, 'µs');
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const sqlite = openStore(path.join(mkdtempSync(path.join(os.tmpdir(), 'rampart-bench-journal-')), 'journal.db'));
try {
  bench('SQLite', sqlite);
} finally {
  sqlite.close();
}

await admin(`CREATE SCHEMA ${SCHEMA}`);
try {
  const postgres = openPgLiveStore(`${ADMIN}?options=${encodeURIComponent(`-c search_path=${SCHEMA}`)}`);
  try {
    bench('PostgreSQL', postgres);
  } finally {
    postgres.close();
  }
} finally {
  await admin(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
}
