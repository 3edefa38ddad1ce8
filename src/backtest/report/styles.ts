// The report's stylesheet: light, readable, no external fonts.

export const REPORT_CSS = `
*{box-sizing:border-box}
body{margin:0;padding:24px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;background:#f5f6f8}
header h1{margin:0 0 4px;font-size:22px}
.headline{margin:0 0 16px;color:#444}
h2{margin:0 0 10px;font-size:15px;color:#333}
.card{background:#fff;border:1px solid #e3e5e8;border-radius:8px;padding:14px 16px;margin-bottom:16px;min-width:0}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:16px}
.grid .card{margin-bottom:0}
.grid{margin-bottom:16px}
table{border-collapse:collapse;width:100%}
.kv th{text-align:left;font-weight:500;color:#555;padding:3px 12px 3px 0;white-space:nowrap}
.kv td{text-align:right;padding:3px 0;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
.chart{width:100%;position:relative}
.trade-labels{position:absolute;inset:0;pointer-events:none;z-index:3;overflow:hidden}
.trade-labels span{position:absolute;transform:translateX(-50%);font-size:11px;line-height:14px;padding:0 3px;background:rgba(255,255,255,.88);border-radius:3px;white-space:nowrap;font-variant-numeric:tabular-nums}
#price-chart{height:440px}#equity-chart{height:260px}#drawdown-chart{height:180px}
.trades th,.trades td{padding:4px 8px;border-bottom:1px solid #eee;text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.trades th{position:sticky;top:0;background:#fafafa;font-weight:600}
.trades td:nth-child(2),.trades td:nth-child(3),.trades td:nth-child(4),.trades td:last-child{text-align:left}
.scroll{max-height:480px;overflow:auto}
.scroll-x{overflow-x:auto}
.monthly th,.monthly td{padding:4px 6px;border:1px solid #fff;text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums;font-size:13px}
.monthly thead th{background:#fafafa;font-weight:600}.monthly tbody th{text-align:left;font-weight:600}
.monthly td.up{background:#e3f2e5;color:#1b5e20}.monthly td.down{background:#fbe4e4;color:#b71c1c}.monthly td.total{font-weight:600}
.win{color:#2e7d32}.loss{color:#c62828}.long{color:#1565c0}.short{color:#8e24aa}.hold{color:#757575}
.legend{margin:6px 0 0;color:#666;font-size:12px}.legend span{margin-right:14px}
.notes{margin:0;padding-left:18px;color:#555}
.empty{color:#777}
footer{color:#888;font-size:12px;margin-top:8px}
footer a{color:#666}
`;
