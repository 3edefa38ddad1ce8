// The operator's controls: buttons a role may not use stay visible, disabled, with the reason
// beside them; dangerous ones (kill switch, close-all) ask the user to type the scope's name
// before anything is sent, and the API's answer, refusal included, is shown.
import { confirmationText, setPaused, switchAction } from './actions.ts';
import type { Scope, SwitchAction } from './actions.ts';
import { h } from './dom.ts';
import { notify, notifyError } from './notice.ts';
import { refusal } from './session.ts';
import type { Role } from './session.ts';

export interface ActionOptions {
  readonly label: string;
  /** The weakest role that may use it. */
  readonly role: Role;
  /** Sends the request (with the typed confirmation, if one was asked); resolves with the line shown on success. */
  readonly run: (confirmation: string) => Promise<string>;
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
    if (options.confirm === undefined) void perform(options, button, '');
    else confirmDialog(options.confirm, (typed) => perform(options, button, typed));
  });
  if (reason === null) return button;
  return h('span', { class: 'action disabled' }, button, h('small', { class: 'reason' }, reason));
}

async function perform(options: ActionOptions, button: HTMLButtonElement, confirmation: string): Promise<void> {
  button.disabled = true;
  try {
    notify(await options.run(confirmation), 'ok');
    options.after?.();
  } catch (error) {
    notifyError(options.label, error);
  } finally {
    button.disabled = false;
  }
}

/** A modal asking to type `expected`; the confirm button is enabled only when the text matches. */
function confirmDialog(spec: { title: string; expected: string; detail: string }, onConfirm: (typed: string) => Promise<void>): void {
  const input = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', 'aria-label': `type ${spec.expected} to confirm`, 'data-confirm-input': '' });
  const go = h('button', { type: 'submit', class: 'danger', disabled: true, 'data-confirm': '' }, 'Confirm');
  const cancel = h('button', { type: 'button' }, 'Cancel');
  const form = h(
    'form',
    { method: 'dialog' },
    h('h2', {}, spec.title),
    h('p', {}, spec.detail),
    h('label', {}, h('span', {}, 'Type ', h('code', {}, spec.expected), ' to confirm'), input),
    h('div', { class: 'buttons' }, cancel, go),
  );
  const dialog = h('dialog', { class: 'confirm' }, form);
  input.addEventListener('input', () => (go.disabled = input.value.trim() !== spec.expected));
  cancel.addEventListener('click', () => dialog.close());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (input.value.trim() !== spec.expected) return;
    dialog.close();
    void onConfirm(input.value.trim());
  });
  dialog.addEventListener('close', () => dialog.remove());
  document.body.appendChild(dialog);
  dialog.showModal();
  input.focus();
}

/** Closes every open confirmation dialog (they hang off the body, outside the page): called on a route change, so none outlives the page that asked. */
export function closeDialogs(): void {
  for (const dialog of document.querySelectorAll('dialog')) dialog.close();
}

const SWITCH_TEXT: Record<SwitchAction, { label: string; title: (scope: string) => string; detail: string; danger: boolean }> = {
  kill: { label: 'Kill switch', title: (scope) => `Engage the kill switch on ${scope}`, detail: 'Open orders are cancelled and nothing trades until the switch is released.', danger: true },
  'close-all': { label: 'Close all', title: (scope) => `Close every position of ${scope}`, detail: 'The kill switch is engaged, open orders cancelled and positions sold at market.', danger: true },
  resume: { label: 'Release kill switch', title: (scope) => `Release the kill switch on ${scope}`, detail: 'Trading may start again from the next candle.', danger: false },
};

/** The kill switch, close-all or release button of a scope, confirmed by typing the scope's confirmation text. */
export function switchButton(scope: Scope, action: SwitchAction, after: () => void): HTMLElement {
  const text = SWITCH_TEXT[action];
  const where = scope.kind === 'fleet' ? 'the whole fleet' : scope.name;
  const id = `${action}-${scope.kind === 'fleet' ? 'fleet' : scope.name}`;
  return actionButton({ id, label: text.label, role: 'operator', danger: text.danger, run: (typed) => switchAction(scope, action, typed), confirm: { title: text.title(where), expected: confirmationText(scope, action), detail: text.detail }, after });
}

/** Pause (or resume, when paused) of one instance. */
export function pauseButton(name: string, paused: boolean, after: () => void): HTMLElement {
  return actionButton({ id: `${paused ? 'unpause' : 'pause'}-${name}`, label: paused ? 'Resume' : 'Pause', role: 'operator', run: () => setPaused(name, !paused), after });
}
