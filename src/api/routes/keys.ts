// The exchange API keys (admins): list them (name, exchange, when added; never the key or its
// secret), add one, remove one, in the encrypted key store the fleet file names under `keys`
// (config/keystore.ts), opened with the server's RAMPART_PASSPHRASE. The key and the secret go
// into the store and nowhere else: no answer, no log line, no audit entry (its target is the name).
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { KeyStore, KeyStoreRefused, readFleetFile } from '../../config/index.ts';
import type { KeyStoreRefusal } from '../../config/index.ts';
import { VENUES } from '../../core/index.ts';
import type { ApiContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import type { RouteTable } from '../route.ts';
import { okSchema } from '../schemas.ts';
import { fleetFileOf } from './config.ts';

/** Where the passphrase comes from, read on each call (default: the server's RAMPART_PASSPHRASE). */
export type PassphraseSource = () => string | undefined;

const keyName = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "1 to 64 letters, digits, '.', '_' or '-'");
const keySchema = z.object({ name: z.string(), exchange: z.string(), createdAt: z.number().int().nullable() });
const credential = z.string().trim().min(1).max(512);

/** Each refusal of the store as an answer: the server's setup, not the request, is at fault (503), or the file (500). */
const REFUSALS: Record<KeyStoreRefusal, { status: number; code: string }> = {
  'no-passphrase': { status: 503, code: 'NO_PASSPHRASE' },
  'short-passphrase': { status: 503, code: 'WEAK_PASSPHRASE' },
  'wrong-passphrase': { status: 503, code: 'WRONG_PASSPHRASE' },
  unreadable: { status: 500, code: 'KEY_STORE_UNREADABLE' },
};

export function registerKeyRoutes(table: RouteTable, context: ApiContext, passphrase: PassphraseSource): void {
  table.add({
    method: 'GET',
    url: '/api/v1/keys',
    summary: 'the exchange API keys in the key store the fleet file names: name, exchange, when added (never the key or secret)',
    role: 'admin',
    response: z.array(keySchema),
    // A store not made yet holds no key: listing it needs no passphrase and creates nothing.
    handler: () => (existsSync(keyFile(context)) ? open(context, passphrase).list() : []),
  });
  table.add({
    method: 'POST',
    url: '/api/v1/keys',
    summary: 'add an exchange API key to the encrypted key store (RAMPART_PASSPHRASE); the answer names it, never echoes the key or secret',
    role: 'admin',
    action: 'key.add',
    target: (_params, body) => (typeof body.name === 'string' ? body.name : null),
    body: z.object({ name: keyName, exchange: z.enum(VENUES), apiKey: credential, secret: credential }).strict(),
    response: z.object({ key: keySchema }),
    status: 201,
    handler: ({ body }) => {
      const store = open(context, passphrase);
      if (store.has(body.name)) throw new ApiError(409, 'KEY_EXISTS', `a key named '${body.name}' exists already (remove it first)`);
      const createdAt = context.workspace.clock.now();
      store.add({ name: body.name, exchange: body.exchange, apiKey: body.apiKey, secret: body.secret }, createdAt);
      return { key: { name: body.name, exchange: body.exchange, createdAt } };
    },
  });
  table.add({
    method: 'DELETE',
    url: '/api/v1/keys/:name',
    summary: 'remove an exchange API key from the key store (an instance naming it will not start until another is added)',
    role: 'admin',
    action: 'key.remove',
    target: (params: { name: string }) => params.name,
    params: z.object({ name: keyName }).strict(),
    response: okSchema,
    handler: ({ params }) => {
      const store = existsSync(keyFile(context)) ? open(context, passphrase) : undefined;
      if (store === undefined || !store.has(params.name)) {
        throw new ApiError(404, 'UNKNOWN_KEY', `no key '${params.name}' in the key store (keys: ${store?.list().map((k) => k.name).join(', ') || 'none'})`);
      }
      store.remove(params.name);
      return { ok: true as const };
    },
  });
}

/** The key store the fleet file names (relative to the working directory, as `rampart run` reads it). */
function keyFile(context: ApiContext): string {
  return readFleetFile(fleetFileOf(context)).keys;
}

/** The store, open; ApiError with a code of its own when it will not open. */
function open(context: ApiContext, passphrase: PassphraseSource): KeyStore {
  try {
    return KeyStore.open(keyFile(context), passphrase());
  } catch (error) {
    if (!(error instanceof KeyStoreRefused)) throw error;
    const { status, code } = REFUSALS[error.reason];
    const hint = error.reason === 'unreadable' ? '' : " (RAMPART_PASSPHRASE in the server's environment)";
    throw new ApiError(status, code, `key store: ${error.message}${hint}`);
  }
}
