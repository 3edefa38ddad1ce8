// The SQL session over PostgreSQL, synchronous like SQLite's: a worker thread (pg-worker.ts) owns
// the connection, and each call posts its statement there and blocks on Atomics.wait over a
// SharedArrayBuffer until the answer is back. So the journal, the order table and the kill flags
// keep their synchronous interface (the kernel is synchronous, and an entry is committed before
// the caller acts on it) whichever database holds them.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { InvariantError, NetworkError, packageInfo } from '../core/index.ts';
import type { PgReply, PgRequest, PgWorkerData } from './pg-worker.ts';
import type { SqlSession, SqlValue } from './sql-session.ts';

export interface PgSessionOptions {
  /** Longest wait for the server to accept the connection, ms (default 5000). */
  readonly connectTimeoutMs?: number;
  /** Longest wait for one statement, ms (default 15000); past it the session is unusable. */
  readonly statementTimeoutMs?: number;
}

/** Room for the worker thread to start (it loads pg, and the TypeScript loader from the sources), ms. */
const START_MS = 30_000;

export class PgSession implements SqlSession {
  private depth = 0;
  private closed = false;
  /** Set when an answer never came: the worker's state is unknown, so nothing more is sent. */
  private stuck: string | undefined;
  private readonly texts = new Map<string, string>();

  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    private readonly signal: Int32Array,
    /** The store's name in messages (the URL without its password). */
    readonly name: string,
    private readonly statementTimeoutMs: number,
  ) {}

  /**
   * Starts the worker and connects. Throws NetworkError naming the store when the server cannot
   * be reached, refuses the login or has no such database (the worker is stopped then).
   */
  static open(url: string, name: string, options: PgSessionOptions = {}): PgSession {
    const connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
    const statementTimeoutMs = options.statementTimeoutMs ?? 15_000;
    const signal = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    const workerData: PgWorkerData = { url, applicationName: `rampart pid ${process.pid}`, connectTimeoutMs, statementTimeoutMs, signal, port: port2 };
    // No inherited flags: see research/sweep/pool.ts (the bootstrap registers the loader where needed).
    const worker = new Worker(workerScript(), { workerData, transferList: [port2], execArgv: [] });
    // The fleet's own handles decide when the process ends, not this thread.
    worker.unref();
    const session = new PgSession(worker, port1, signal, name, statementTimeoutMs);
    try {
      session.call({ op: 'connect' }, START_MS + connectTimeoutMs);
    } catch (error) {
      session.stop();
      throw error;
    }
    return session;
  }

  run(sql: string, params: readonly SqlValue[] = []): number {
    return this.query(sql, params).changes;
  }

  get<T>(sql: string, params: readonly SqlValue[] = []): T | undefined {
    return this.query(sql, params).rows[0] as T | undefined;
  }

  all<T>(sql: string, params: readonly SqlValue[] = []): T[] {
    return this.query(sql, params).rows as T[];
  }

  /** BEGIN … COMMIT on the worker's one connection; nested calls are savepoints. */
  transaction<T>(work: () => T): T {
    const savepoint = this.depth === 0 ? undefined : `rampart_${this.depth}`;
    this.run(savepoint === undefined ? 'BEGIN' : `SAVEPOINT ${savepoint}`);
    this.depth++;
    let result: T;
    try {
      result = work();
    } catch (error) {
      this.depth--;
      if (this.stuck === undefined) this.run(savepoint === undefined ? 'ROLLBACK' : `ROLLBACK TO SAVEPOINT ${savepoint}`);
      throw error;
    }
    this.depth--;
    this.run(savepoint === undefined ? 'COMMIT' : `RELEASE SAVEPOINT ${savepoint}`);
    return result;
  }

  /** Ends the connection (the server frees the session's advisory locks) and the worker; idempotent. */
  close(): void {
    if (this.closed) return;
    try {
      if (this.stuck === undefined) this.call({ op: 'close' }, this.statementTimeoutMs);
    } finally {
      this.stop();
    }
  }

  private query(sql: string, params: readonly SqlValue[]): { rows: Record<string, unknown>[]; changes: number } {
    let text = this.texts.get(sql);
    if (text === undefined) {
      text = numberedPlaceholders(sql);
      this.texts.set(sql, text);
    }
    // Past the statement timeout the worker's client has given up; a little more for the thread hop.
    return this.call({ op: 'query', text, values: params }, this.statementTimeoutMs + 5_000);
  }

  /** Posts one request and blocks until the worker answers; throws what the database said. */
  private call(request: PgRequest, waitMs: number): { rows: Record<string, unknown>[]; changes: number } {
    if (this.closed) throw new InvariantError(`${this.name}: the store is closed`);
    if (this.stuck !== undefined) throw new NetworkError(`${this.name}: ${this.stuck}`);
    Atomics.store(this.signal, 0, 0);
    this.port.postMessage(request);
    if (Atomics.wait(this.signal, 0, 0, waitMs) === 'timed-out') {
      this.stuck = `no answer from PostgreSQL within ${Math.round(waitMs / 1000)} s`;
      throw new NetworkError(`${this.name}: ${this.stuck}`);
    }
    const message = receiveMessageOnPort(this.port);
    if (message === undefined) throw new InvariantError(`${this.name}: the worker signalled an answer it did not post`);
    const reply = message.message as PgReply;
    if (!reply.ok) throw failure(`${this.name}: ${reply.message}`, reply.code);
    return reply;
  }

  private stop(): void {
    this.closed = true;
    this.port.close();
    void this.worker.terminate();
  }
}

/** A statement PostgreSQL refused, with its SQLSTATE (`23505`: a duplicate key), as SQLite throws its constraint errors. */
export class PgError extends Error {
  constructor(
    message: string,
    readonly sqlState: string,
  ) {
    super(message);
  }
}

/**
 * The connection's troubles (no SQLSTATE: a socket error, a timeout, a closed connection; or
 * classes 08 and 57: connection exceptions, the server shutting down) are a NetworkError; what
 * the database refused is a PgError.
 */
function failure(message: string, code: string | undefined): Error {
  if (code === undefined || !/^[0-9A-Z]{5}$/.test(code) || code.startsWith('08') || code.startsWith('57')) return new NetworkError(message);
  return new PgError(message, code);
}

/** `?` placeholders as PostgreSQL's `$1…$n`; a `?` inside a quoted literal or identifier stays. */
export function numberedPlaceholders(sql: string): string {
  let out = '';
  let quote: string | undefined;
  let n = 0;
  for (const char of sql) {
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      out += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      out += char;
    } else {
      out += char === '?' ? `$${++n}` : char;
    }
  }
  return out;
}

/** The compiled worker (dist/), or from the sources a bootstrap that registers the TypeScript loader first. */
function workerScript(): URL {
  const { root, fromSource } = packageInfo();
  return pathToFileURL(path.join(root, fromSource ? 'src/store/pg-worker-bootstrap.mjs' : 'dist/store/pg-worker.js'));
}
