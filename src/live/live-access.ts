// The gate in front of real money: a canary or live instance starts only with an explicit
// acknowledgement (the `--i-understand-live-trading` flag or `acknowledgeLive: true` in the fleet
// file) AND a key from the encrypted key store named in its `key`. Checked before anything
// connects, so a refused fleet has sent nothing anywhere.
import { existsSync } from 'node:fs';
import { KeyStore } from '../config/index.ts';
import type { ApiKeyEntry, FleetConfig, InstanceConfig } from '../config/index.ts';
import { ConfigError } from '../core/index.ts';

export interface LiveAccessOptions {
  /** The fleet file, named in refusals. */
  readonly file: string;
  /** `--i-understand-live-trading` was given. */
  readonly acknowledged: boolean;
  /** Opens the key store (RAMPART_PASSPHRASE); only called when a key is needed. */
  readonly openKeys: (file: string) => Pick<KeyStore, 'get'>;
}

/** Whether an instance trades real money. */
export function isRealMoney(instance: Pick<InstanceConfig, 'mode'>): boolean {
  return instance.mode === 'canary' || instance.mode === 'live';
}

/**
 * The key of every canary or live instance among `instances`, by instance name. Throws ConfigError
 * (exit 2, one line) naming the first instance refused: no acknowledgement, no `key`, or a key
 * the store does not have (or cannot open).
 */
export function checkLiveAccess(fleet: FleetConfig, instances: readonly InstanceConfig[], options: LiveAccessOptions): Map<string, ApiKeyEntry> {
  const keys = new Map<string, ApiKeyEntry>();
  let store: Pick<KeyStore, 'get'> | undefined;
  for (const instance of instances) {
    if (!isRealMoney(instance)) continue;
    const index = fleet.instances.indexOf(instance);
    const who = `instance '${instance.name}' (mode ${instance.mode}) trades real money`;
    if (!options.acknowledged && !fleet.acknowledgeLive) {
      throw new ConfigError(`${who}: refused without --i-understand-live-trading or 'acknowledgeLive: true' in the fleet file`, { file: options.file, field: `instances.${index}.mode` });
    }
    if (instance.key === undefined) {
      throw new ConfigError(`${who}: refused without a key from the key store (add one with 'rampart keys add NAME --exchange binance' and name it in 'key')`, { file: options.file, field: `instances.${index}.key` });
    }
    store ??= options.openKeys(fleet.keys);
    keys.set(instance.name, store.get(instance.key));
  }
  return keys;
}

/** The default key store opener: the file named in the fleet, the passphrase from the environment. */
export function openKeyStore(passphrase: string | undefined): (file: string) => KeyStore {
  return (file) => {
    // KeyStore.open creates a missing store; a refusal must leave nothing behind.
    if (!existsSync(file)) throw new ConfigError("no key store here: add a key with 'rampart keys add NAME --exchange binance'", { file, field: 'keys' });
    return KeyStore.open(file, passphrase);
  };
}
