// The report page's own script: builds the three charts from the embedded JSON, keeps their time
// axes and crosshairs together, and labels as many exits as fit without overlapping.
// Plain ES2017 in a string, so the page needs nothing but itself. It leaves the charts on
// `window.rampartReport` (price, equity, drawdown, series, labelledExits()) for the page's tests.

export const CLIENT_SCRIPT = String.raw`
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var LC = window.LightweightCharts;
  // One width for every price axis, so the three plot areas, and so their time axes, line up.
  var AXIS_WIDTH = 88;
  // An exit label ("+12.34%") is about 50 px wide at 11 px; closer labels are left out.
  var LABEL_GAP = 58;
  function make(id) {
    return LC.createChart(document.getElementById(id), {
      autoSize: true,
      layout: { background: { color: '#ffffff' }, textColor: '#333', fontSize: 11, fontFamily: 'system-ui, sans-serif',
        // The attribution the licence asks for is in the page footer; the logo covered axis labels.
        attributionLogo: false },
      grid: { vertLines: { color: '#f0f0f0' }, horzLines: { color: '#f0f0f0' } },
      // fitContent cannot zoom out past minBarSpacing: a tiny one lets a year of 1h candles fit;
      // the fixed edges stop zooming and scrolling past the run.
      timeScale: { timeVisible: true, secondsVisible: false, borderColor: '#ddd', minBarSpacing: 0.001,
        rightOffset: 0, fixLeftEdge: true, fixRightEdge: true, lockVisibleTimeRangeOnResize: true },
      // entireTextOnly: a tick label that would be cut at the top or bottom edge is not drawn.
      rightPriceScale: { borderColor: '#ddd', minimumWidth: AXIS_WIDTH, entireTextOnly: true, scaleMargins: { top: 0.1, bottom: 0.1 } },
      crosshair: { mode: LC.CrosshairMode.Normal },
    });
  }

  var price = make('price-chart');
  var candles = price.addSeries(LC.CandlestickSeries, {
    upColor: '#26a69a', downColor: '#ef5350', borderVisible: false, wickUpColor: '#26a69a', wickDownColor: '#ef5350',
  });
  candles.setData(data.candles.map(function (c) { return { time: c[0], open: c[1], high: c[2], low: c[3], close: c[4] }; }));
  var markers = LC.createSeriesMarkers(candles, []);

  var equity = make('equity-chart');
  var hold = equity.addSeries(LC.LineSeries, { color: '#9e9e9e', lineWidth: 1, lineStyle: LC.LineStyle.Dashed, priceLineVisible: false });
  hold.setData(data.equity.map(function (p) { return { time: p[0], value: p[3] }; }));
  var eq = equity.addSeries(LC.LineSeries, { color: '#1565c0', lineWidth: 2 });
  eq.setData(data.equity.map(function (p) { return { time: p[0], value: p[1] }; }));

  var drawdown = make('drawdown-chart');
  var dd = drawdown.addSeries(LC.AreaSeries, { lineColor: '#c62828', topColor: 'rgba(198,40,40,0.05)', bottomColor: 'rgba(198,40,40,0.4)', lineWidth: 1 });
  dd.setData(data.equity.map(function (p) { return { time: p[0], value: p[2] }; }));

  // The three charts hold the same times, index for index, so one logical range fits them all.
  var panes = [
    { chart: price, series: candles, value: function (i) { return data.candles[i][4]; } },
    { chart: equity, series: eq, value: function (i) { return data.equity[i][1]; } },
    { chart: drawdown, series: dd, value: function (i) { return data.equity[i][2]; } },
  ];
  var indexOfTime = {};
  data.equity.forEach(function (p, i) { indexOfTime[p[0]] = i; });
  var syncing = false;
  panes.forEach(function (source) {
    source.chart.timeScale().subscribeVisibleLogicalRangeChange(function (range) {
      if (range === null || syncing) return;
      syncing = true;
      panes.forEach(function (target) { if (target !== source) target.chart.timeScale().setVisibleLogicalRange(range); });
      syncing = false;
    });
    source.chart.subscribeCrosshairMove(function (param) {
      if (syncing) return;
      syncing = true;
      var i = param.time === undefined ? undefined : indexOfTime[param.time];
      panes.forEach(function (target) {
        if (target === source) return;
        if (i === undefined) target.chart.clearCrosshairPosition();
        else target.chart.setCrosshairPosition(target.value(i), param.time, target.series);
      });
      syncing = false;
    });
  });

  // Every entry and exit gets a marker. Exits at the same candle form one group with one label,
  // the group's return (its pnl over its entry notional, "2× +1.02%" for two trades). A label is
  // written only where no other group lies within half a label's width and it does not run into
  // the previous label, so busy stretches stay readable (zooming in shows more labels) and no
  // label is cut at an edge. Labels are page elements on a white ground, placed above the
  // highest candle (below the lowest, for a short's exit) within their width: the library's
  // marker text has no ground and ran into neighbouring candles.
  var labelled = [];
  var groups = [];
  data.trades.map(function (t, i) { return i; })
    .sort(function (a, b) { return data.trades[a][2] - data.trades[b][2]; })
    .forEach(function (i) {
      var t = data.trades[i];
      var last = groups[groups.length - 1];
      if (last !== undefined && last.time === t[2]) last.members.push(i);
      else groups.push({ time: t[2], members: [i] });
    });
  function groupLabel(g) {
    var pnl = 0, notional = 0;
    g.members.forEach(function (i) { var t = data.trades[i]; pnl += t[5]; notional += t[3] * t[4]; });
    var r = g.members.length === 1 ? data.trades[g.members[0]][6] : pnl / notional * 100;
    return { win: pnl > 0, short: data.trades[g.members[0]][0] !== 1,
      text: (g.members.length > 1 ? g.members.length + '× ' : '') + (r > 0 ? '+' : '') + r.toFixed(2) + '%' };
  }
  var note = document.getElementById('marker-note');
  var layer = document.createElement('div');
  layer.className = 'trade-labels';
  document.getElementById('price-chart').appendChild(layer);
  // Clear of the marker stack: each 12 px circle and its margin above the highest candle.
  function labelTop(x, short, stacked) {
    var offset = 22 + 16 * (stacked - 1);
    var scale = price.timeScale();
    var from = Math.max(0, Math.floor(scale.coordinateToLogical(x - LABEL_GAP / 2)));
    var to = Math.min(data.candles.length - 1, Math.ceil(scale.coordinateToLogical(x + LABEL_GAP / 2)));
    var extreme = short ? Infinity : -Infinity;
    for (var i = from; i <= to; i++) extreme = short ? Math.min(extreme, data.candles[i][3]) : Math.max(extreme, data.candles[i][2]);
    var y = candles.priceToCoordinate(extreme);
    if (y === null) return null;
    var height = layer.clientHeight - 30;
    return Math.max(0, Math.min(height - 16, short ? y + offset - 4 : y - offset - 14));
  }
  function drawMarkers() {
    var scale = price.timeScale();
    var range = scale.getVisibleRange();
    var width = scale.width();
    var visible = [];
    groups.forEach(function (g) {
      var x = range !== null && g.time >= range.from && g.time <= range.to ? scale.timeToCoordinate(g.time) : null;
      if (x !== null) visible.push({ group: g, x: x });
    });
    var lastX = -Infinity;
    labelled = [];
    layer.textContent = '';
    visible.forEach(function (v, k) {
      var before = k > 0 ? v.x - visible[k - 1].x : Infinity;
      var after = k + 1 < visible.length ? visible[k + 1].x - v.x : Infinity;
      if (before < LABEL_GAP / 2 || after < LABEL_GAP / 2 || v.x - lastX < LABEL_GAP) return;
      if (v.x < LABEL_GAP / 2 || v.x > width - LABEL_GAP / 2) return;
      var label = groupLabel(v.group);
      var top = labelTop(v.x, label.short, v.group.members.length);
      if (top === null) return;
      var el = document.createElement('span');
      el.className = label.win ? 'win' : 'loss';
      el.textContent = label.text;
      el.style.left = v.x + 'px';
      el.style.top = top + 'px';
      layer.appendChild(el);
      lastX = v.x;
      labelled.push({ time: v.group.time, x: v.x, text: label.text });
    });
    // Markers are at least 12 px wide whatever their size option; with more visible trades than
    // fit side by side, the entry arrows would bury the candles, so only the exits are drawn and
    // the legend says so until the user zooms in.
    var crowded = visible.length * 12 > width;
    note.textContent = crowded ? 'Zoomed out: ' + visible.length + ' exits in view, entries hidden; zoom in (wheel or pinch) to see them.' : '';
    var list = [];
    data.trades.forEach(function (t) {
      var long = t[0] === 1;
      if (!crowded) list.push({ time: t[1], position: long ? 'belowBar' : 'aboveBar', color: long ? '#1565c0' : '#8e24aa',
        shape: long ? 'arrowUp' : 'arrowDown' });
      list.push({ time: t[2], position: long ? 'aboveBar' : 'belowBar', color: t[5] > 0 ? '#2e7d32' : '#c62828', shape: 'circle' });
    });
    list.sort(function (a, b) { return a.time - b.time; });
    markers.setMarkers(list);
  }
  var pending = false;
  price.timeScale().subscribeVisibleTimeRangeChange(function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; drawMarkers(); });
  });

  price.timeScale().fitContent();
  drawMarkers();
  window.rampartReport = {
    price: price, equity: equity, drawdown: drawdown,
    series: { candles: candles, equity: eq, buyAndHold: hold, drawdown: dd },
    labelledExits: function () { return labelled.slice(); },
  };
})();
`;
