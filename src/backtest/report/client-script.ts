// The report page's own script: builds the three charts from the embedded JSON.
// Plain ES2017 in a string, so the page needs nothing but itself.

export const CLIENT_SCRIPT = String.raw`
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var LC = window.LightweightCharts;
  function make(id, height) {
    var el = document.getElementById(id);
    return LC.createChart(el, {
      height: height,
      autoSize: true,
      layout: { background: { color: '#ffffff' }, textColor: '#333', fontFamily: 'system-ui, sans-serif' },
      grid: { vertLines: { color: '#f0f0f0' }, horzLines: { color: '#f0f0f0' } },
      timeScale: { timeVisible: true, secondsVisible: false, borderColor: '#ddd' },
      rightPriceScale: { borderColor: '#ddd' },
    });
  }
  var price = make('price-chart', 420);
  var candles = price.addSeries(LC.CandlestickSeries, {
    upColor: '#26a69a', downColor: '#ef5350', borderVisible: false, wickUpColor: '#26a69a', wickDownColor: '#ef5350',
  });
  candles.setData(data.candles.map(function (c) { return { time: c[0], open: c[1], high: c[2], low: c[3], close: c[4] }; }));
  var markers = [];
  // Labels on every exit turn into noise past a few dozen trades; the table has the numbers.
  var labelled = data.trades.length <= 40;
  data.trades.forEach(function (t) {
    var long = t[0] === 1;
    var win = t[5] > 0;
    markers.push({ time: t[1], position: long ? 'belowBar' : 'aboveBar', color: long ? '#1565c0' : '#8e24aa',
      shape: long ? 'arrowUp' : 'arrowDown' });
    markers.push({ time: t[2], position: long ? 'aboveBar' : 'belowBar', color: win ? '#2e7d32' : '#c62828',
      shape: 'circle', text: labelled ? (win ? '+' : '') + t[6].toFixed(2) + '%' : '' });
  });
  markers.sort(function (a, b) { return a.time - b.time; });
  LC.createSeriesMarkers(candles, markers);
  price.timeScale().fitContent();

  var equity = make('equity-chart', 220);
  var eq = equity.addSeries(LC.LineSeries, { color: '#1565c0', lineWidth: 2 });
  eq.setData(data.equity.map(function (p) { return { time: p[0], value: p[1] }; }));
  equity.timeScale().fitContent();

  var drawdown = make('drawdown-chart', 160);
  var dd = drawdown.addSeries(LC.AreaSeries, { lineColor: '#c62828', topColor: 'rgba(198,40,40,0.05)', bottomColor: 'rgba(198,40,40,0.4)', lineWidth: 1 });
  dd.setData(data.equity.map(function (p) { return { time: p[0], value: p[2] }; }));
  drawdown.timeScale().fitContent();

  // Scrolling one chart scrolls the others: they share the time axis.
  var charts = [price, equity, drawdown];
  var syncing = false;
  charts.forEach(function (source) {
    source.timeScale().subscribeVisibleLogicalRangeChange(function (range) {
      if (range === null || syncing) return;
      syncing = true;
      charts.forEach(function (target) { if (target !== source) target.timeScale().setVisibleLogicalRange(range); });
      syncing = false;
    });
  });
})();
`;
