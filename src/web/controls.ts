// The operator's controls: buttons a role may not use stay visible, disabled, with the reason
// beside them; dangerous ones (kill switch, close-all) ask the user to type the scope's name
// before anything is sent, and the API's answer, refusal included, is shown.
import { h } from './dom.ts';
import { notify, notifyError } from './notice.ts';
import { refusal } from './session.ts';
import type { Role } from './session.ts';

export interface ActionOptions {
  readonly label: string;
  /** The weakest role that may use it. */
  readonly role: Role;
  /** Sends the request; resolves with the line shown on success. */
  readonly run: () => Promise<string>;
  /** Typed confirmation: the user must type this text (the scope's name) first. */
  readonly confirm?: { readonly title: string; readonly expected: string; readonly detail: string };
  readonly danger?: boolean;
  /** Called after the API accepted the action (the page reloads its data). */
  readonly after?: () => void;
  /** A test hook: data-action on the button. */
  readonly id: string;
}

/** A button for an action, with its disabled reason shown when the role may not use it. */
export function actionButton(options: ActionOptions): HTMLElement {
  const reason = refusal(options.role);
  const button = h('button', { type: 'button', class: options.danger === true ? 'danger' : '', 'data-action': options.id, disabled: reason !== null, title: reason ?? undefined }, options.label);
  button.addEventListener('click', () => {
    if (options.confirm === undefined) void perform(options, button);
    else confirmDialog(options.confirm, () => perform(options, button));
  });
  if (reason === null) return button;
  return h('span', { class: 'action disabled' }, button, h('small', { class: 'reason' }, reason));
}

async function perform(options: ActionOptions, button: HTMLButtonElement): Promise<void> {
  button.disabled = true;
  try {
    notify(await options.run(), 'ok');
    options.after?.();
  } catch (error) {
    notifyError(options.label, error);
  } finally {
    button.disabled = false;
  }
}

/** A modal asking to type `expected`; the confirm button is enabled only when the text matches. */
function confirmDialog(spec: { title: string; expected: string; detail: string }, onConfirm: () => Promise<void>): void {
  const input = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', 'aria-label': `type ${spec.expected} to confirm`, 'data-confirm-input': '' });
  const go = h('button', { type: 'submit', class: 'danger', disabled: true, 'data-confirm': '' }, 'Confirm');
  const cancel = h('button', { type: 'button' }, 'Cancel');
  const form = h(
    'form',
    { method: 'dialog' },
    h('h2', {}, spec.title),
    h('p', {}, spec.detail),
    h('label', {}, 'Type ', h('code', {}, spec.expected), ' to confirm', input),
    h('div', { class: 'buttons' }, cancel, go),
  );
  const dialog = h('dialog', { class: 'confirm' }, form);
  input.addEventListener('input', () => (go.disabled = input.value.trim() !== spec.expected));
  cancel.addEventListener('click', () => dialog.close());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (input.value.trim() !== spec.expected) return;
    dialog.close();
    void onConfirm();
  });
  dialog.addEventListener('close', () => dialog.remove());
  document.body.appendChild(dialog);
  dialog.showModal();
  input.focus();
}
