export { KeyStore, KeyStoreRefused, MIN_PASSPHRASE_LENGTH } from './keystore.ts';
export type { ApiKeyEntry, ApiKeyListing, KeyStoreRefusal } from './keystore.ts';
export { configIssueError, readYamlMapping } from './yaml-file.ts';
export type { YamlMapping } from './yaml-file.ts';
export { parseSettings, readSettingsFile, refuseRetiredKeys } from './settings-file.ts';
export { readInstanceFile } from './instance-file.ts';
export { fleetFieldLine, readFleetFile } from './fleet-file.ts';
export type { SettingsSource } from './settings-file.ts';
export * from './schemas/index.ts';
