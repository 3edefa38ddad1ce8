// Redis connections for distributed sweeps: fail fast, in one line, when the server is not there
// (ioredis would otherwise retry forever).
import { Redis } from 'ioredis';
import { InputError } from '../../../core/index.ts';

export const SWEEP_QUEUE = 'rampart-sweeps';

export interface RedisTarget {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly password?: string;
  /** Key prefix of the queue (`?prefix=` in the URL): separates teams or tests sharing one server. */
  readonly prefix: string;
}

export function parseRedisUrl(url: string): RedisTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(`'${url}' is not a redis:// URL`);
  }
  if (parsed.protocol !== 'redis:') throw new InputError(`'${url}' is not a redis:// URL`);
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    ...(parsed.password === '' ? {} : { password: decodeURIComponent(parsed.password) }),
    prefix: parsed.searchParams.get('prefix') ?? 'rampart',
  };
}

/** Connects once with a short timeout; an unreachable server is an InputError naming it. */
export async function checkRedis(url: string): Promise<RedisTarget> {
  const target = parseRedisUrl(url);
  const client = new Redis({ host: target.host, port: target.port, db: target.db, ...(target.password === undefined ? {} : { password: target.password }), lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  let firstError: string | undefined;
  client.on('error', (error: Error) => void (firstError ??= error.message)); // reported below, once
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const reason = firstError ?? (error instanceof Error ? error.message : String(error));
    throw new InputError(`cannot reach Redis at ${target.host}:${target.port} (${reason})`);
  } finally {
    client.disconnect();
  }
  return target;
}

/** BullMQ's queue options: workers need maxRetriesPerRequest null to block on the queue. */
export function bullOptions(target: RedisTarget): { prefix: string; connection: { host: string; port: number; db: number; password?: string; maxRetriesPerRequest: null } } {
  const { prefix, ...connection } = target;
  return { prefix, connection: { ...connection, maxRetriesPerRequest: null } };
}
