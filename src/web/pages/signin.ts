// Sign in with an API token (`rampart users add NAME --role R` prints one). The token goes to
// the API once; the session is its HttpOnly cookie. A refused token is said so, with the API's reason.
import { ApiError } from '../api.ts';
import { h, replace } from '../dom.ts';
import { signIn } from '../session.ts';
import type { SessionUser } from '../session.ts';

/** Draws the form; `done` is called once the API accepted the token. */
export function signInPage(root: HTMLElement, done: (user: SessionUser) => void): void {
  const input = h('input', { type: 'password', name: 'token', id: 'token', autocomplete: 'current-password', required: true, spellcheck: 'false' });
  const message = h('p', { class: 'error', role: 'alert', id: 'signin-error' });
  const submit = h('button', { type: 'submit' }, 'Sign in');
  const form = h('form', { class: 'panel signin', id: 'signin' }, h('h1', {}, 'Sign in'), h('label', { for: 'token' }, 'API token'), input, submit, message, h('p', { class: 'muted small' }, 'A token is printed once by ', h('code', {}, 'rampart users add NAME --role viewer|operator|admin'), '.'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    message.textContent = '';
    signIn(input.value.trim())
      .then((user) => {
        input.value = '';
        done(user);
      })
      .catch((error: unknown) => {
        message.textContent = error instanceof ApiError ? (error.status === 401 ? `Token refused: ${error.message}` : error.describe()) : String(error);
      })
      .finally(() => (submit.disabled = false));
  });
  replace(root, form);
  input.focus();
}
