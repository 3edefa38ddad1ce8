// Reading an instance (deployment) file: the settings one strategy trades with on one market.
import { ConfigError } from '../core/index.ts';
import { INSTANCE_RENAMED_KEYS, instanceSchema } from './schemas/index.ts';
import type { InstanceConfig } from './schemas/index.ts';
import { parseSettings, readSettingsFile } from './settings-file.ts';

/**
 * Reads and validates an instance file (what `rampart select` writes). Rates may be written `0.1%`.
 * Throws ConfigError naming the file, line and key, including for the nested `sizing`, `risk` and
 * `fees` sections of deployment files written by earlier versions (with the keys that replace them).
 */
export function readInstanceFile(file: string): InstanceConfig {
  const yaml = readSettingsFile(file, 'instance config', INSTANCE_RENAMED_KEYS);
  const sizing = yaml.data['sizing'];
  if (typeof sizing === 'object' && sizing !== null) {
    const line = yaml.lineOfKey('sizing');
    throw new ConfigError("'sizing' is now the mode alone (e.g. sizing: percent), with its value in 'sizingValue'", { file, ...(line === undefined ? {} : { line }), field: 'sizing' });
  }
  return parseSettings(instanceSchema, yaml.data, yaml);
}
