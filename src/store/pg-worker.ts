// The worker thread that owns a PgSession's PostgreSQL connection (pg-session.ts). pg is
// asynchronous and the stores' callers are not: the main thread posts one request on the port and
// waits on the shared signal (Atomics.wait) until the answer is posted here and the signal set.
// One connection, so a transaction's statements, and the session's advisory locks, stay together.
import { workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import pg from 'pg';
import type { SqlValue } from './sql-session.ts';

export interface PgWorkerData {
  readonly url: string;
  /** Shown in pg_stat_activity; names the process holding a lock. */
  readonly applicationName: string;
  /** Longest wait for the connection, and for one statement, ms. */
  readonly connectTimeoutMs: number;
  readonly statementTimeoutMs: number;
  /** Int32 [0]: 0 while a request is under way, 1 once its answer is on the port. */
  readonly signal: Int32Array;
  readonly port: MessagePort;
}

export type PgRequest =
  | { readonly op: 'connect' }
  /** `text` uses $1…$n; without values it goes as a simple query (several statements allowed). */
  | { readonly op: 'query'; readonly text: string; readonly values: readonly SqlValue[] }
  | { readonly op: 'close' };

export type PgReply =
  | { readonly ok: true; readonly rows: Record<string, unknown>[]; readonly changes: number }
  | { readonly ok: false; readonly message: string; readonly code: string | undefined };

// BIGINT (times in ms, ids) comes back as a string by default; every value stored here fits a double exactly.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

const DONE: PgReply = { ok: true, rows: [], changes: 0 };
const data = workerData as PgWorkerData;
let client: pg.Client | undefined;
/** An error the connection raised between requests (the server went away); the next request reports it. */
let broken: Error | undefined;
/** Prepared statement names by text: parsed once per connection. */
const prepared = new Map<string, string>();

data.port.on('message', (request: PgRequest) => {
  void answer(request).then((reply) => {
    data.port.postMessage(reply);
    Atomics.store(data.signal, 0, 1);
    Atomics.notify(data.signal, 0);
    if (request.op === 'close') data.port.close();
  });
});

async function answer(request: PgRequest): Promise<PgReply> {
  try {
    switch (request.op) {
      case 'connect':
        await connect();
        return DONE;
      case 'query':
        return await query(request.text, request.values);
      case 'close':
        await client?.end();
        client = undefined;
        return DONE;
    }
  } catch (error) {
    const e = error as Error & { code?: unknown };
    return { ok: false, message: e instanceof Error ? e.message : String(error), code: typeof e.code === 'string' ? e.code : undefined };
  }
}

async function connect(): Promise<void> {
  const connection = new pg.Client({
    connectionString: data.url,
    application_name: data.applicationName,
    connectionTimeoutMillis: data.connectTimeoutMs,
    query_timeout: data.statementTimeoutMs,
  });
  connection.on('error', (error) => {
    broken = error;
  });
  await connection.connect();
  client = connection;
}

async function query(text: string, values: readonly SqlValue[]): Promise<PgReply> {
  if (broken !== undefined) throw broken;
  if (client === undefined) throw new Error('the connection is closed');
  let name: string | undefined;
  if (values.length > 0) {
    name = prepared.get(text);
    if (name === undefined) {
      name = `rampart_${prepared.size + 1}`;
      prepared.set(text, name);
    }
  }
  const result = name === undefined ? await client.query(text) : await client.query({ name, text, values: [...values] });
  // A simple query of several statements answers with one result each; the last one counts.
  const last = (Array.isArray(result) ? result.at(-1) : result) as pg.QueryResult | undefined;
  return { ok: true, rows: last?.rows ?? [], changes: last?.rowCount ?? 0 };
}
