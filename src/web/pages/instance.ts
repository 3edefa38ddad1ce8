// One instance: its figures and controls, candles with its fills as markers, its equity beside
// the backtest of the same config over the same window, open orders, trades and the journal tail.
import { candleChart, lineChart } from '../charts.ts';
import type { LinePoint } from '../charts.ts';
import { pauseButton, switchButton } from '../controls.ts';
import { h, replace } from '../dom.ts';
import { loadInstance } from '../fleet-model.ts';
import { money, num, pct, signClass, signedMoney, utc } from '../format.ts';
import { candlesOf, equityOf, expectedEquity, journal, marksOf, openOrders, trades } from '../instance-data.ts';
import type { JournalItem } from '../instance-data.ts';
import { summarize } from '../journal-summary.ts';
import { onLive } from '../live.ts';
import { section, table, unavailable } from '../page.ts';
import type { Page } from '../page.ts';
import { textOf } from '../read.ts';

/** Candles (and balances) shown: the newest ones, enough for a few weeks of 1h. */
const CANDLE_LIMIT = 1000;
const JOURNAL_TAIL = 20;

export const instancePage: Page = async (root, params) => {
  const name = params[0] ?? '';
  const summary = h('div', { id: 'instance-summary' });
  const price = h('div', { class: 'chart', id: 'price-chart' });
  const equity = h('div', { class: 'chart', id: 'equity-chart' });
  const equityNote = h('p', { class: 'muted small', id: 'expectation' });
  const orders = h('div', { id: 'open-orders' });
  const tradeList = h('div', { id: 'trades' });
  const tail = h('div', { id: 'journal-tail' });
  replace(
    root,
    h('div', { class: 'title-row' }, h('h1', {}, name), h('a', { href: '#/fleet' }, '← Fleet')),
    summary,
    section('Candles and trades', price),
    section('Equity: live and the backtest’s expectation', equity, equityNote),
    h('div', { class: 'two' }, section('Open orders', orders), section('Trades', tradeList)),
    section('Journal (newest last)', tail),
  );
  const removers: (() => void)[] = [];
  const clearCharts = (): void => {
    while (removers.length > 0) removers.pop()!();
  };

  const drawSummary = async (): Promise<void> => {
    try {
      const i = await loadInstance(name);
      const figure = (label: string, value: string, cls = ''): HTMLElement => h('div', { class: 'figure' }, h('span', { class: 'label' }, label), h('span', { class: `value ${cls}` }, value));
      const scope = { kind: 'instance', name } as const;
      const again = (): void => void drawSummary();
      replace(
        summary,
        h('p', { class: 'muted small' }, `${i.symbol} ${i.timeframe} · ${i.mode} · ${i.state} · risk ${i.killed ? 'killed' : i.paused ? 'paused' : i.riskState}${i.riskReason === '' ? '' : ` (${i.riskReason})`} · feed ${i.feed || '—'} · last candle ${utc(i.lastCandleTime)}`),
        h('div', { class: 'figures wide' }, figure('Equity', money(i.equity)), figure('P&L', signedMoney(i.pnl), signClass(i.pnl)), figure('Drawdown', pct(i.drawdown)), figure('Exposure', money(i.exposure)), figure('Open orders', num(i.openOrders, 0)), figure('Last signal', i.lastSignal || '—')),
        h(
          'div',
          { class: 'toolbar' },
          pauseButton(name, i.paused, again),
          switchButton(scope, i.killed ? 'resume' : 'kill', again),
          switchButton(scope, 'close-all', again),
        ),
      );
    } catch (error) {
      replace(summary, unavailable('Instance', error));
    }
  };

  const drawCharts = async (): Promise<void> => {
    let entries: JournalItem[];
    try {
      entries = await journal(name, ['candle', 'balance', 'fill'], CANDLE_LIMIT * 3);
    } catch (error) {
      clearCharts();
      replace(price, unavailable('Candles', error));
      replace(equity, unavailable('Equity', error));
      return;
    }
    const candles = candlesOf(entries);
    const live = equityOf(entries);
    clearCharts();
    if (candles.length === 0) replace(price, h('p', { class: 'muted' }, 'No live candle yet.'));
    else {
      replace(price);
      removers.push(candleChart(price, candles, marksOf(entries)));
    }
    if (live.length === 0) {
      replace(equity, h('p', { class: 'muted' }, 'No balance yet.'));
      return;
    }
    replace(equity);
    let expected: LinePoint[] = [];
    try {
      // `to` is exclusive: just past the last live candle, so the backtest covers it too.
      expected = await expectedEquity(name, live[0]!.time, live.at(-1)!.time + 1);
      equityNote.textContent = expected.length === 0 ? 'The backtest returned no equity points for this window.' : 'Solid: live equity. Dashed: a backtest of the same config over the same candles.';
    } catch (error) {
      replace(equityNote, unavailable('Backtest expectation', error));
    }
    removers.push(lineChart(equity, [{ name: 'live', points: live, color: '#1565c0' }, ...(expected.length === 0 ? [] : [{ name: 'backtest', points: expected, color: '#9e9e9e', dashed: true }])]));
  };

  const drawTables = async (): Promise<void> => {
    await Promise.all([
      openOrders(name)
        .then((rows) => replace(orders, table(['Order', 'Side', 'Kind', 'Amount', 'Price', 'Status'], rows.map((o) => [textOf(o, 'clientOrderId'), textOf(o, 'side'), textOf(o, 'kind'), textOf(o, 'amount'), textOf(o, 'price') || 'market', textOf(o, 'status')]), 'No open exchange order.')))
        .catch((error: unknown) => replace(orders, unavailable('Open orders', error))),
      trades(name)
        .then((rows) => replace(tradeList, table(['Exit', 'Side', 'Entry', 'Exit price', 'P&L', 'Why'], rows.slice(-50).reverse().map((t) => [utc(t.exitTime), t.side, money(t.entryPrice), money(t.exitPrice), h('span', { class: signClass(t.pnl) }, signedMoney(t.pnl)), t.exitReason]), 'No closed trade yet.', { stack: true })))
        .catch((error: unknown) => replace(tradeList, unavailable('Trades', error))),
      journal(name, [], JOURNAL_TAIL)
        .then((rows) => replace(tail, rows.length === 0 ? h('p', { class: 'muted' }, 'Nothing journaled yet.') : h('ol', { class: 'journal' }, ...rows.map((e) => h('li', {}, h('span', { class: 'meta' }, h('b', {}, e.kind), ` #${e.id} · written ${utc(e.time)}${e.candleTime === null ? '' : ` · candle ${utc(e.candleTime)}`}`), h('span', { class: 'summary' }, summarize(e.kind, e.data)))))))
        .catch((error: unknown) => replace(tail, unavailable('Journal', error))),
    ]);
  };

  let busy = false;
  const refresh = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      await Promise.all([drawSummary(), drawTables()]);
    } finally {
      busy = false;
    }
  };
  onLive(() => void refresh());
  await Promise.all([refresh(), drawCharts()]);
  return () => {
    onLive(null);
    clearCharts();
  };
};
