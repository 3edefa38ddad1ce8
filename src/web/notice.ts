// The banner under the header: what the API refused (its status, code and message) or what an
// action did. A refusal stays until the user closes it or the next action; nothing is swallowed.
import { ApiError } from './api.ts';
import { h, replace } from './dom.ts';

/** Shows `text` in the banner; kind 'error' for a refusal, 'ok' for a done action. */
export function notify(text: string, kind: 'error' | 'ok'): void {
  const banner = document.getElementById('notice');
  if (banner === null) return;
  banner.hidden = false;
  banner.className = kind;
  replace(banner, h('span', { class: 'text' }, text), h('button', { class: 'close', type: 'button', 'aria-label': 'close', onclick: () => (banner.hidden = true) }, '×'));
}

/** Shows an error from an action: an ApiError's status, code and message, else its text. */
export function notifyError(what: string, error: unknown): void {
  notify(`${what} refused: ${error instanceof ApiError ? error.describe() : error instanceof Error ? error.message : String(error)}`, 'error');
}

/** Hides the banner (on navigation). */
export function clearNotice(): void {
  const banner = document.getElementById('notice');
  if (banner !== null) banner.hidden = true;
}
