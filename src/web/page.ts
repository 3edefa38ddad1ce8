// What a page is: it draws itself into the main element from the route's parameters and may
// return a cleanup (charts to remove, timers to stop) run when the user leaves it.
import { ApiError } from './api.ts';
import { h } from './dom.ts';

/** Draws the page into `root`; `params` are the route's parts after the page name. */
export type Page = (root: HTMLElement, params: readonly string[]) => Promise<(() => void) | void>;

/**
 * A section's placeholder when its data could not be read: "not available" for a route the API
 * does not have, the refusal otherwise. Never an empty box.
 */
export function unavailable(what: string, error: unknown): HTMLElement {
  if (error instanceof ApiError && error.missingRoute) return h('p', { class: 'unavailable', 'data-unavailable': what }, `${what}: not available (the API has no route for it yet).`);
  const text = error instanceof ApiError ? error.describe() : error instanceof Error ? error.message : String(error);
  return h('p', { class: 'unavailable error', 'data-unavailable': what }, `${what}: could not be read — ${text}`);
}

/** A titled section. */
export function section(title: string, ...children: (Node | string | null)[]): HTMLElement {
  return h('section', { class: 'panel' }, h('h2', {}, title), ...children);
}

/**
 * A table in a horizontally scrolling box (phones). Empty, its headers with the `empty` message
 * below, outside the scrolling box, so the message wraps at the window's width. With `stack`, each
 * row becomes a block of labelled cells at a phone's width (styles.css), so no column is off-screen.
 */
export function table(headers: readonly string[], rows: readonly (readonly (Node | string)[])[], empty: string | readonly (Node | string)[], options: { readonly stack?: boolean } = {}): HTMLElement {
  const head = h('thead', {}, h('tr', {}, ...headers.map((name) => h('th', {}, name))));
  if (rows.length === 0) return h('div', {}, h('div', { class: 'scroll' }, h('table', {}, head)), h('p', { class: 'muted empty' }, ...(typeof empty === 'string' ? [empty] : empty)));
  const body = rows.map((cells) => h('tr', {}, ...cells.map((cell, k) => h('td', { 'data-label': headers[k] }, cell))));
  return h('div', { class: options.stack === true ? 'scroll stack' : 'scroll' }, h('table', {}, head, h('tbody', {}, ...body)));
}
