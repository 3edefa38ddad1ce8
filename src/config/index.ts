export { KeyStore } from './keystore.ts';
export type { ApiKeyEntry } from './keystore.ts';
