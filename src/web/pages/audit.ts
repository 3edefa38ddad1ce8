// The audit log: every mutating call the API took (who, what, when, from where, outcome), newest first.
import { api } from '../api.ts';
import { h, replace } from '../dom.ts';
import { utc } from '../format.ts';
import { onLive } from '../live.ts';
import { table, unavailable } from '../page.ts';
import type { Page } from '../page.ts';
import { list, rec, textOf, timeOf } from '../read.ts';

const LIMIT = 200;

export const auditPage: Page = async (root) => {
  const body = h('div', { id: 'audit' });
  replace(root, h('h1', { class: 'page-title' }, 'Audit log'), h('section', { class: 'panel' }, h('p', { class: 'muted small' }, 'Every mutating call, newest first: who, what, when, from where, and what came of it.'), body));
  const refresh = async (): Promise<void> => {
    try {
      const rows = list(await api<unknown>('GET', `/audit?limit=${LIMIT}`)).map(rec);
      replace(
        body,
        table(
          ['When', 'Who', 'What', 'Target', 'Outcome', 'Role', 'From', 'Detail'],
          rows.map((r) => {
            const outcome = textOf(r, 'outcome');
            return [utc(timeOf(r, 'time')), textOf(r, 'actor'), textOf(r, 'action') || textOf(r, 'route'), textOf(r, 'target') === '*' ? 'fleet' : textOf(r, 'target'), h('span', { class: outcome === 'ok' ? 'gain' : 'loss' }, `${outcome} ${textOf(r, 'status')}`), textOf(r, 'role'), textOf(r, 'ip'), textOf(r, 'detail')];
          }),
          'Nothing in the audit log yet.',
        ),
      );
    } catch (error) {
      replace(body, unavailable('Audit log', error));
    }
  };
  onLive(() => void refresh());
  await refresh();
  return () => onLive(null);
};
