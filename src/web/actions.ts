// The mutating calls the dashboard makes, in one place (the API's control and admin routes): each resolves
// with the line the banner shows (the API's own message), and throws the API's refusal (ApiError)
// for the page to show.
import { api } from './api.ts';
import { rec, textOf } from './read.ts';

/** A kill switch's, close-all's or release's scope: the whole fleet, or one instance by name. */
export type Scope = { readonly kind: 'fleet' } | { readonly kind: 'instance'; readonly name: string };

/** The switch's actions; release is the API's `resume` (lift a kill flag). */
export type SwitchAction = 'kill' | 'close-all' | 'resume';

/**
 * What the user types, and the API requires in body.confirm, before `action` on `scope`: the
 * instance's name, or for the fleet the action in capitals (KILL, CLOSE-ALL, RESUME).
 */
export function confirmationText(scope: Scope, action: SwitchAction): string {
  return scope.kind === 'fleet' ? action.toUpperCase() : scope.name;
}

function said(body: unknown, fallback: string): string {
  return textOf(rec(body), 'message') || fallback;
}

function scopePath(scope: Scope): string {
  return scope.kind === 'fleet' ? '/fleet' : `/instances/${encodeURIComponent(scope.name)}`;
}

/** Kill, close-all or release on `scope`, confirmed with `confirm` (what the user typed). */
export async function switchAction(scope: Scope, action: SwitchAction, confirm: string): Promise<string> {
  return said(await api('POST', `${scopePath(scope)}/${action}`, { confirm }), `${action} sent`);
}

/** Pauses new entries on one instance (exits still allowed), or lifts the pause. */
export async function setPaused(name: string, paused: boolean): Promise<string> {
  return said(await api('POST', `/instances/${encodeURIComponent(name)}/${paused ? 'pause' : 'unpause'}`, {}), `${name} ${paused ? 'paused' : 'resumed'}`);
}

/** Adds an API user (admin); resolves with the new token, which the API shows this once. */
export async function addUser(name: string, role: string): Promise<string> {
  return textOf(rec(await api('POST', '/users', { name, role })), 'token');
}

/** Removes an API user (admin): their token stops working at once. */
export async function removeUser(name: string): Promise<string> {
  await api('DELETE', `/users/${encodeURIComponent(name)}`);
  return `user '${name}' removed`;
}

/** Adds an exchange API key to the server's key store (admin); the key and secret are sent once and never come back. */
export async function addKey(key: { name: string; exchange: string; apiKey: string; secret: string }): Promise<string> {
  await api('POST', '/keys', key);
  return `key '${key.name}' (${key.exchange}) added to the key store`;
}

/** Removes an exchange API key from the server's key store (admin). */
export async function removeKey(name: string): Promise<string> {
  await api('DELETE', `/keys/${encodeURIComponent(name)}`);
  return `key '${name}' removed from the key store`;
}
