// The encrypted API-key store: one JSON file, each entry sealed with AES-256-GCM under a key
// derived by scrypt from a passphrase (RAMPART_PASSPHRASE), so keys never sit in plain config.
// A wrong passphrase or a tampered file fails authentication instead of yielding garbage.
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, InputError, registerSecret, systemClock } from '../core/index.ts';
import type { InputLocation } from '../core/index.ts';

export interface ApiKeyEntry {
  readonly name: string;
  readonly exchange: string;
  readonly apiKey: string;
  readonly secret: string;
}

/** What a stored key shows without opening it: never the key or the secret. */
export interface ApiKeyListing {
  readonly name: string;
  readonly exchange: string;
  /** When it was added, UTC ms; null for a key added before the store kept the time. */
  readonly createdAt: number | null;
}

/** Why the store would not open: no passphrase, too short a one for a new store, the wrong one, or not a key store at all. */
export type KeyStoreRefusal = 'no-passphrase' | 'short-passphrase' | 'wrong-passphrase' | 'unreadable';

/** KeyStore.open refused (a ConfigError: exit 2 on the command line); `reason` lets the API answer with a code of its own. */
export class KeyStoreRefused extends ConfigError {
  constructor(
    readonly reason: KeyStoreRefusal,
    message: string,
    location: InputLocation = {},
  ) {
    super(message, location);
  }
}

const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

const sealedSchema = z.object({ iv: z.string(), tag: z.string(), data: z.string() });
const fileSchema = z.object({
  version: z.literal(1),
  kdf: z.object({ name: z.literal('scrypt'), salt: z.string(), N: z.number(), r: z.number(), p: z.number() }),
  /** A sealed known value: checks the passphrase before anything is decrypted or added. */
  check: sealedSchema,
  entries: z.record(z.string(), z.object({ exchange: z.string(), createdAt: z.number().int().optional(), sealed: sealedSchema })),
});
type KeyFile = z.infer<typeof fileSchema>;
type Sealed = z.infer<typeof sealedSchema>;

const CHECK_TEXT = 'rampart-keystore';

/**
 * Shortest passphrase a new store accepts. scrypt slows each guess down, but a short passphrase
 * is still found by trying them all; 12 characters (NIST SP 800-63B asks at least 8 of a
 * memorised secret, 15 where it is the only factor) keeps an offline attack on a copied file out
 * of reach. Existing stores open with the passphrase they were made with.
 */
export const MIN_PASSPHRASE_LENGTH = 12;

export class KeyStore {
  private constructor(
    readonly path: string,
    private readonly file: KeyFile,
    private readonly key: Buffer,
  ) {}

  /**
   * Opens (or, when missing, creates) the store; the passphrase must match the one it was made with.
   * Throws KeyStoreRefused: no passphrase, a new store's passphrase under MIN_PASSPHRASE_LENGTH, the wrong one, a file that is no key store.
   */
  static open(path: string, passphrase: string | undefined): KeyStore {
    if (passphrase === undefined || passphrase === '') throw new KeyStoreRefused('no-passphrase', 'set RAMPART_PASSPHRASE to open the key store');
    registerSecret(passphrase);
    if (!existsSync(path)) {
      if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
        throw new KeyStoreRefused(
          'short-passphrase',
          `RAMPART_PASSPHRASE is ${[...passphrase].length} characters; a new key store needs at least ${MIN_PASSPHRASE_LENGTH} (anyone with a copy of the file can try short passphrases offline; a few random words will do)`,
          { file: path },
        );
      }
      const salt = randomBytes(16);
      const key = deriveKey(passphrase, salt, SCRYPT);
      const file: KeyFile = { version: 1, kdf: { name: 'scrypt', salt: salt.toString('base64'), N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p }, check: seal(key, CHECK_TEXT), entries: {} };
      return new KeyStore(path, file, key);
    }
    let file: KeyFile;
    try {
      file = fileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
    } catch {
      throw new KeyStoreRefused('unreadable', 'not a rampart key store (unreadable or malformed)', { file: path });
    }
    const key = deriveKey(passphrase, Buffer.from(file.kdf.salt, 'base64'), file.kdf);
    if (open(key, file.check) !== CHECK_TEXT) throw new KeyStoreRefused('wrong-passphrase', 'wrong passphrase for the key store (or the file was altered)', { file: path });
    return new KeyStore(path, file, key);
  }

  /** Every stored key's name, exchange and time added, by name. */
  list(): ApiKeyListing[] {
    return Object.entries(this.file.entries)
      .map(([name, e]) => ({ name, exchange: e.exchange, createdAt: e.createdAt ?? null }))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  get(name: string): ApiKeyEntry {
    const entry = this.file.entries[name];
    if (entry === undefined) throw new InputError(`no key named '${name}' in the key store`);
    const plain = open(this.key, entry.sealed);
    if (plain === undefined) throw new ConfigError(`key '${name}' does not decrypt (the file was altered)`, { file: this.path });
    const { apiKey, secret } = JSON.parse(plain) as { apiKey: string; secret: string };
    registerSecret(apiKey);
    registerSecret(secret);
    return { name, exchange: entry.exchange, apiKey, secret };
  }

  /** Adds (or replaces) a key, saved at once; `createdAt` UTC ms. InputError for a bad name or an empty key or secret. */
  add(entry: ApiKeyEntry, createdAt: number = systemClock.now()): void {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(entry.name)) throw new InputError(`key names are letters, digits, '.', '_' or '-', got '${entry.name}'`);
    if (entry.apiKey === '' || entry.secret === '') throw new InputError('both an API key and a secret are needed');
    registerSecret(entry.apiKey);
    registerSecret(entry.secret);
    this.file.entries[entry.name] = { exchange: entry.exchange, createdAt, sealed: seal(this.key, JSON.stringify({ apiKey: entry.apiKey, secret: entry.secret })) };
    this.save();
  }

  /** Whether a key of that name is stored. */
  has(name: string): boolean {
    return this.file.entries[name] !== undefined;
  }

  /** Deletes a key, saved at once. InputError when there is none of that name. */
  remove(name: string): void {
    if (this.file.entries[name] === undefined) throw new InputError(`no key named '${name}' in the key store`);
    delete this.file.entries[name];
    this.save();
  }

  private save(): void {
    const partial = `${this.path}.${process.pid}.tmp`;
    writeFileSync(partial, `${JSON.stringify(this.file, null, 2)}\n`, { mode: 0o600 });
    renameSync(partial, this.path); // atomic: a crash never leaves half a key store
  }
}

function deriveKey(passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }): Buffer {
  return scryptSync(passphrase, salt, 32, { N: params.N, r: params.r, p: params.p, maxmem: SCRYPT.maxmem });
}

function seal(key: Buffer, plain: string): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

function open(key: Buffer, sealed: Sealed): string | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
