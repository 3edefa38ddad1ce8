// Charts on the dashboard (lightweight-charts, bundled): candles with trade markers, and lines
// (equity, the backtest's expectation, instances normalised to 100). Times are UTC ms in, the
// library's seconds inside. The library's logo is off: its licence notice is in the page footer,
// where it covers no data (as in the HTML reports).
import { CandlestickSeries, createChart, createSeriesMarkers, LineSeries, LineStyle } from 'lightweight-charts';
import type { IChartApi, SeriesMarker, Time, UTCTimestamp } from 'lightweight-charts';

/** One candle: open time UTC ms, prices in quote currency. */
export interface CandlePoint {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

/** A point of a line: time UTC ms, value. */
export interface LinePoint {
  readonly time: number;
  readonly value: number;
}

/** A trade's entry or exit on the price chart. */
export interface TradeMark {
  readonly time: number;
  readonly side: 'buy' | 'sell';
  readonly text: string;
}

/** A named line of a chart. */
export interface Line {
  readonly name: string;
  readonly points: readonly LinePoint[];
  readonly color: string;
  readonly dashed?: boolean;
}

export const PALETTE = ['#1565c0', '#ef6c00', '#2e7d32', '#6a1b9a', '#c62828', '#00838f', '#5d4037', '#ad1457'];

function seconds(ms: number): UTCTimestamp {
  return Math.floor(ms / 1000) as UTCTimestamp;
}

function make(container: HTMLElement): IChartApi {
  return createChart(container, {
    autoSize: true,
    layout: { background: { color: '#ffffff' }, textColor: '#333', fontSize: 11, fontFamily: 'system-ui, sans-serif', attributionLogo: false },
    grid: { vertLines: { color: '#f0f0f0' }, horzLines: { color: '#f0f0f0' } },
    timeScale: { timeVisible: true, secondsVisible: false, borderColor: '#ddd' },
    rightPriceScale: { borderColor: '#ddd', entireTextOnly: true },
  });
}

/** Sorted by time with one point per second (the library refuses duplicates and disorder). */
function ordered<T extends { time: number }>(points: readonly T[]): T[] {
  const sorted = [...points].sort((a, b) => a.time - b.time);
  return sorted.filter((point, i) => i === 0 || seconds(point.time) !== seconds(sorted[i - 1]!.time));
}

/** Candles with buy/sell markers; returns a function removing the chart. */
export function candleChart(container: HTMLElement, candles: readonly CandlePoint[], marks: readonly TradeMark[]): () => void {
  const chart = make(container);
  const series = chart.addSeries(CandlestickSeries, { upColor: '#26a69a', downColor: '#ef5350', borderVisible: false, wickUpColor: '#26a69a', wickDownColor: '#ef5350' });
  series.setData(ordered(candles).map((c) => ({ time: seconds(c.time), open: c.open, high: c.high, low: c.low, close: c.close })));
  const markers: SeriesMarker<Time>[] = [...marks]
    .sort((a, b) => a.time - b.time)
    .map((m) => ({ time: seconds(m.time), position: m.side === 'buy' ? 'belowBar' : 'aboveBar', shape: m.side === 'buy' ? 'arrowUp' : 'arrowDown', color: m.side === 'buy' ? '#2e7d32' : '#c62828', text: m.text }));
  createSeriesMarkers(series, markers);
  chart.timeScale().fitContent();
  return () => chart.remove();
}

/** Lines on one chart (each its own colour, dashed if asked); returns a function removing the chart. */
export function lineChart(container: HTMLElement, lines: readonly Line[]): () => void {
  const chart = make(container);
  for (const line of lines) {
    const series = chart.addSeries(LineSeries, { color: line.color, lineWidth: 2, lineStyle: line.dashed === true ? LineStyle.Dashed : LineStyle.Solid, priceLineVisible: false, title: '' });
    series.setData(ordered(line.points).map((p) => ({ time: seconds(p.time), value: p.value })));
  }
  chart.timeScale().fitContent();
  // The names of the lines drawn, for a reader (or a test) that cannot look into the canvas.
  container.dataset.lines = lines.map((line) => line.name).join(',');
  return () => chart.remove();
}
