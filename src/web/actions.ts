// The mutating calls the dashboard makes, in one place: each resolves with the line the banner
// shows, and throws the API's refusal (ApiError) for the page to show.
import { api } from './api.ts';
import { rec, textOf } from './read.ts';

/** A kill switch's or close-all's scope: the whole fleet, or one instance by name. */
export type Scope = { readonly kind: 'fleet' } | { readonly kind: 'instance'; readonly name: string };

/** The text the user types to confirm an action on `scope`: "fleet" or the instance's name. */
export function scopeName(scope: Scope): string {
  return scope.kind === 'fleet' ? 'fleet' : scope.name;
}

function scopeBody(scope: Scope): Record<string, string> {
  return scope.kind === 'fleet' ? { scope: 'fleet', confirm: 'fleet' } : { scope: 'instance', instance: scope.name, confirm: scope.name };
}

function said(body: unknown, fallback: string): string {
  return textOf(rec(body), 'message', 'outcome', 'result') || fallback;
}

/** Engages the kill switch on `scope` (cancel open orders, halt). */
export async function kill(scope: Scope): Promise<string> {
  return said(await api('POST', '/kill', scopeBody(scope)), `kill switch engaged on ${scopeName(scope)}`);
}

/** Releases the kill switch on `scope`. */
export async function resumeKill(scope: Scope): Promise<string> {
  return said(await api('POST', '/resume', scopeBody(scope)), `kill switch released on ${scopeName(scope)}`);
}

/** Kill switch plus selling every position on `scope`. */
export async function closeAll(scope: Scope): Promise<string> {
  return said(await api('POST', '/close-all', scopeBody(scope)), `close-all sent for ${scopeName(scope)}`);
}

/** Pauses new entries on one instance. */
export async function pause(name: string): Promise<string> {
  return said(await api('POST', `/instances/${encodeURIComponent(name)}/pause`, {}), `${name} paused`);
}

/** Lets a paused instance trade again. */
export async function resume(name: string): Promise<string> {
  return said(await api('POST', `/instances/${encodeURIComponent(name)}/resume`, {}), `${name} resumed`);
}
