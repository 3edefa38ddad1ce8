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
  replace(root, h('h1', {}, 'Audit log'), body);
  const refresh = async (): Promise<void> => {
    try {
      const rows = list(await api<unknown>('GET', `/audit?limit=${LIMIT}`)).map(rec);
      replace(
        body,
        table(
          ['When', 'Who', 'Role', 'What', 'Target', 'From', 'Outcome', 'Detail'],
          rows.map((r) => {
            const outcome = textOf(r, 'outcome');
            return [utc(timeOf(r, 'time')), textOf(r, 'actor'), textOf(r, 'role'), textOf(r, 'action') || textOf(r, 'route'), textOf(r, 'target') === '*' ? 'fleet' : textOf(r, 'target'), textOf(r, 'ip'), h('span', { class: outcome === 'ok' ? 'gain' : 'loss' }, `${outcome} ${textOf(r, 'status')}`), textOf(r, 'detail')];
          }),
          'Nothing in the audit log yet.',
        ),
      );
    } catch (error) {
      replace(body, unavailable('Audit log', error));
    }
  };
  onLive((event) => {
    if (event.type === 'audit' || event.type === 'kill') void refresh();
  });
  await refresh();
  return () => onLive(null);
};
