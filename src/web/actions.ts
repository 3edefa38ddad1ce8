// The mutating calls the dashboard makes, in one place (the API's control routes): each resolves
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
