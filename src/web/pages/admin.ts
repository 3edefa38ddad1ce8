// The admin page: the API's users (add: the new token shown this once, with a copy button; remove,
// confirmed by typing the name) and the exchange API keys in the server's key store (add, remove,
// confirmed the same way; a key or secret is sent once and never shown). Other roles see why not.
import { addKey, addUser, removeKey, removeUser } from '../actions.ts';
import { api } from '../api.ts';
import { actionButton } from '../controls.ts';
import { h, replace } from '../dom.ts';
import { utc } from '../format.ts';
import { notify, notifyError } from '../notice.ts';
import { section, table, unavailable } from '../page.ts';
import type { Page } from '../page.ts';
import { list, rec, textOf, timeOf } from '../read.ts';
import { refusal } from '../session.ts';
import { VENUES } from '../../core/venues.ts';

const ROLES = ['viewer', 'operator', 'admin'] as const;

export const adminPage: Page = async (root) => {
  const refused = refusal('admin');
  if (refused !== null) {
    replace(root, h('h1', { class: 'page-title' }, 'Admin'), section('Users and exchange keys', h('p', { class: 'unavailable', id: 'admin-refused' }, `This page ${refused}: only an admin manages users and exchange keys.`)));
    return;
  }
  const users = h('div', { id: 'users' });
  const keys = h('div', { id: 'keys' });
  const tokenBox = h('div', { id: 'new-token', hidden: true });
  replace(
    root,
    h('h1', { class: 'page-title' }, 'Admin'),
    section('Users', h('p', { class: 'muted small' }, 'Who may use the API and the dashboard. A new user’s token is shown once; only its hash is kept.'), users, userForm(tokenBox, () => void drawUsers(users)), tokenBox),
    section('Exchange keys', h('p', { class: 'muted small' }, 'API keys in the server’s encrypted key store (the fleet file’s keys). The key and the secret are never shown again.'), keys, keyForm(() => void drawKeys(keys))),
  );
  await Promise.all([drawUsers(users), drawKeys(keys)]);
};

async function drawUsers(box: HTMLElement): Promise<void> {
  try {
    const rows = list(await api<unknown>('GET', '/users')).map(rec);
    replace(
      box,
      narrow(table(
        ['User', 'Since', ''],
        rows.map((r) => {
          const name = textOf(r, 'name');
          const remove = actionButton({ id: `remove-user-${name}`, label: 'Remove', role: 'admin', danger: true, run: () => removeUser(name), confirm: { title: `Remove the user ${name}`, expected: name, detail: 'Their token stops working at once. The last admin cannot be removed.' }, after: () => void drawUsers(box) });
          return [h('span', { class: 'who' }, name, ' ', h('span', { class: 'badge' }, textOf(r, 'role'))), utc(timeOf(r, 'createdAt')), remove];
        }),
        'No users.',
      )),
    );
  } catch (error) {
    replace(box, unavailable('Users', error));
  }
}

async function drawKeys(box: HTMLElement): Promise<void> {
  try {
    const rows = list(await api<unknown>('GET', '/keys')).map(rec);
    replace(
      box,
      narrow(table(
        ['Key', 'Added', ''],
        rows.map((r) => {
          const name = textOf(r, 'name');
          const remove = actionButton({ id: `remove-key-${name}`, label: 'Remove', role: 'admin', danger: true, run: () => removeKey(name), confirm: { title: `Remove the key ${name}`, expected: name, detail: 'An instance that signs with it will not start until another key of that name is added.' }, after: () => void drawKeys(box) });
          return [h('span', { class: 'who' }, name, ' ', h('span', { class: 'badge' }, textOf(r, 'exchange'))), utc(timeOf(r, 'createdAt')), remove];
        }),
        'No key in the store.',
      )),
    );
  } catch (error) {
    replace(box, unavailable('Exchange keys', error));
  }
}

/** A table whose cells wrap (a name above its role or exchange, the date on two lines), so on a phone its Remove buttons stay in view rather than off to the side. */
function narrow(box: HTMLElement): HTMLElement {
  box.classList.add('wrap');
  return box;
}

/** A labelled field of a form. */
function field(label: string, control: HTMLElement): HTMLElement {
  return h('label', { class: 'field' }, h('span', { class: 'label' }, label), control);
}

function userForm(tokenBox: HTMLElement, added: () => void): HTMLElement {
  const name = h('input', { type: 'text', name: 'name', required: true, maxlength: 64, pattern: '[A-Za-z0-9][A-Za-z0-9._@\\-]*', autocomplete: 'off', spellcheck: 'false' });
  const role = h('select', { name: 'role' }, ...ROLES.map((r) => h('option', { value: r }, r)));
  const submit = h('button', { type: 'submit' }, 'Add user');
  const form = h('form', { class: 'inline-form', id: 'add-user' }, field('Name', name), field('Role', role), submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    const who = name.value.trim();
    addUser(who, role.value)
      .then((token) => {
        name.value = '';
        showToken(tokenBox, who, token);
        notify(`user '${who}' (${role.value}) added`, 'ok');
        added();
      })
      .catch((error: unknown) => notifyError('Add user', error))
      .finally(() => (submit.disabled = false));
  });
  return form;
}

/** The new token, this once: selectable text, a copy button, and what to do with it. Gone when dismissed or the page is left. */
function showToken(box: HTMLElement, name: string, token: string): void {
  const value = h('code', { class: 'token', id: 'new-token-value' }, token);
  const copy = h('button', { type: 'button', 'data-copy-token': '' }, 'Copy');
  copy.addEventListener('click', () => {
    navigator.clipboard
      .writeText(token)
      .then(() => (copy.textContent = 'Copied'))
      .catch(() => {
        // No clipboard (plain http off loopback, or refused): select the text for Ctrl-C instead.
        getSelection()?.selectAllChildren(value);
        copy.textContent = 'Selected: press Ctrl-C';
      });
  });
  const done = h('button', { type: 'button', class: 'link-dark' }, 'Done');
  done.addEventListener('click', () => {
    box.hidden = true;
    replace(box);
  });
  box.hidden = false;
  replace(box, h('p', {}, h('strong', {}, `${name}’s token, shown this once. `), 'Copy it now and hand it over safely; only its hash is kept, so a lost token means removing the user and adding them again.'), h('div', { class: 'token-row' }, value, copy, done));
}

function keyForm(added: () => void): HTMLElement {
  const name = h('input', { type: 'text', name: 'key-name', required: true, maxlength: 64, pattern: '[A-Za-z0-9._\\-]+', autocomplete: 'off', spellcheck: 'false' });
  const exchange = h('select', { name: 'exchange' }, ...VENUES.map((v) => h('option', { value: v }, v)));
  // Password fields: the key and secret are not shown on screen, nor kept by the browser.
  const apiKey = h('input', { type: 'password', name: 'api-key', required: true, autocomplete: 'off', spellcheck: 'false' });
  const secret = h('input', { type: 'password', name: 'secret', required: true, autocomplete: 'off', spellcheck: 'false' });
  const submit = h('button', { type: 'submit' }, 'Add key');
  const form = h('form', { class: 'inline-form', id: 'add-key' }, field('Name', name), field('Exchange', exchange), field('API key', apiKey), field('Secret', secret), submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    addKey({ name: name.value.trim(), exchange: exchange.value, apiKey: apiKey.value.trim(), secret: secret.value.trim() })
      .then((line) => {
        form.reset();
        notify(line, 'ok');
        added();
      })
      .catch((error: unknown) => notifyError('Add key', error))
      .finally(() => (submit.disabled = false));
  });
  return form;
}
