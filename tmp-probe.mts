import http from 'node:http';
import ccxt from 'ccxt';
const seen: string[] = [];
const server = http.createServer((req, res) => { seen.push(`${req.method} ${req.url}`); res.writeHead(200, {'content-type':'application/json'}); res.end('{"error":[],"result":{}}'); });
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as any).port}`;
for (const id of ['kraken', 'coinbase']) {
  const ex = new (ccxt as any)[id]({ timeout: 2000 });
  const rewrite = (v: any): any => typeof v === 'string' ? v.replace(/^https:\/\/[^/]+/, base) : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rewrite(x)]));
  ex.urls.api = rewrite(ex.urls.api);
  console.log(id, JSON.stringify(ex.urls.api).slice(0, 400));
  try { await ex.loadMarkets(); } catch (e) { console.log(id, 'err', (e as Error).message.slice(0, 200)); }
  console.log(id, seen.splice(0));
}
server.close();
